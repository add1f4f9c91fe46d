import type { Channel } from './channel-weight.js';

export type ConversationPriority = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';

export interface RoutingPriorityInput {
  channel: Channel;
  /** The customer's standing (key accounts higher); 0 for everyone else. Clamped to 0..5. */
  customerPriority: number;
  /** Set by agents or by a complaint's severity. */
  conversationPriority: ConversationPriority;
  /** Seconds until the SLA target is breached, if an SLA applies (negative: already breached). */
  slaSecondsLeft?: number;
  /** Handed back by an agent who went offline: goes ahead of everything else at its level. */
  requeued?: boolean;
}

/** BullMQ serves priority 1 first; the lowest priority we hand out stays well inside its 2^21 limit. */
export const LOWEST_ROUTING_PRIORITY = 2 * 100 + 2;

const channelUrgency: Record<Channel, number> = { VOICE: 30, WEBCHAT: 20, SMS: 10, EMAIL: 0, TICKET: 0 };
const priorityUrgency: Record<ConversationPriority, number> = { NONE: 0, LOW: 0, MEDIUM: 5, HIGH: 12, URGENT: 25 };

/**
 * Urgency 0..100 from what matters to the customer, turned into a BullMQ priority
 * (1 = served first). Each urgency level has two slots so a re-queued item goes ahead
 * of new items of the same urgency; BullMQ keeps arrival order within a slot.
 */
export function routingPriority(input: RoutingPriorityInput): number {
  const urgency = Math.min(100, routingUrgency(input));
  return (100 - urgency) * 2 + (input.requeued ? 1 : 2);
}

export function routingUrgency(input: RoutingPriorityInput): number {
  const customer = Math.max(0, Math.min(5, Math.round(input.customerPriority))) * 4;
  return channelUrgency[input.channel] + customer + priorityUrgency[input.conversationPriority] + slaUrgency(input.slaSecondsLeft);
}

/** Nothing while the SLA is comfortable, up to 25 over its last 30 minutes, 30 once breached. */
function slaUrgency(secondsLeft: number | undefined): number {
  if (secondsLeft === undefined || secondsLeft > 1800) return 0;
  if (secondsLeft <= 0) return 30;
  return Math.ceil(25 * (1 - secondsLeft / 1800));
}
