import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { EventLogConsumer, type LoggedEvent } from '../../infra/event-log.js';
import type { Logger } from '../../infra/logger.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { RoutingService } from './routing.context.js';
import { routingKeyOf, type RoutingQueues } from './routing.queue.js';

/** The events that can leave routing behind when the process dies between commit and publish. */
export type RoutingRepairEvents = Pick<ConversationEvents, 'conversation.opened' | 'conversation.updated'>;

export const ROUTING_REPAIR_CONSUMER = 'routing-repair';

const WORKING = new Set<ConversationView['status']>(['OPEN', 'PENDING']);

export interface RoutingRepairOptions {
  db: Db;
  logger: Logger;
  conversations: Pick<ConversationsService, 'getRoutingFacts'>;
  queues: Pick<RoutingQueues, 'notWaiting'>;
  routing: Pick<RoutingService, 'enqueue' | 'countOnAssignee' | 'withdraw' | 'releaseCapacity'>;
  /** Events younger than this are left to the live path. */
  minAgeMs: number;
  pollIntervalMs: number;
}

/**
 * Reads conversation events from the durable log, after the live path had its chance, and
 * brings routing in line with what PostgreSQL says now. Every step is a no-op when the live
 * path already did it (the queue job id is the conversation id, an agent holds an item once,
 * a release of what is not held releases nothing), and nobody is ever unassigned.
 */
export function routingRepairConsumer(options: RoutingRepairOptions): EventLogConsumer<RoutingRepairEvents> {
  const { conversations, queues, routing, logger } = options;

  /** Working and unassigned: it must wait in its team's queue. */
  async function queueIfMissing(conversation: ConversationView): Promise<void> {
    const waiting = conversation.queuedAt !== null;
    if (waiting && (await queues.notWaiting(routingKeyOf(conversation.teamId), [conversation.id])).length === 0) return;
    const queued = await routing.enqueue(conversation.id, { requeued: waiting, reason: 'repaired' });
    if (queued.queuedAt) logger.warn({ conversationId: conversation.id }, 'conversation missed by routing; queued from the event log');
  }

  async function reconcile(event: LoggedEvent<RoutingRepairEvents>): Promise<void> {
    const named = event.payload.conversation;
    let conversation: ConversationView;
    try {
      conversation = (await conversations.getRoutingFacts(named.id)).conversation;
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return; // deleted since: nothing to route
      throw error;
    }
    if (WORKING.has(conversation.status)) {
      if (conversation.assigneeId) await routing.countOnAssignee(conversation);
      else await queueIfMissing(conversation);
      return;
    }
    // Resolved or snoozed: out of line, and off the load of whoever the event or the database names.
    await routing.withdraw(conversation);
    const previousAssignee = event.name === 'conversation.updated' ? event.payload.previous.assigneeId : null;
    const holders = new Set([conversation.assigneeId, named.assigneeId, previousAssignee]);
    for (const agentId of holders) if (agentId) await routing.releaseCapacity(conversation, agentId);
  }

  return new EventLogConsumer<RoutingRepairEvents>({
    db: options.db,
    logger,
    consumer: ROUTING_REPAIR_CONSUMER,
    events: ['conversation.opened', 'conversation.updated'],
    handle: reconcile,
    pollIntervalMs: options.pollIntervalMs,
    minAgeMs: options.minAgeMs,
  });
}
