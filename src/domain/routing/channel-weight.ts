import type { Channel } from '../../contracts/enums.js';

export type { Channel };

/** A call takes the whole agent: no other work while on the phone. */
export const WHOLE_AGENT = 'whole-agent';
export type ChannelWeight = number | typeof WHOLE_AGENT;

const defaultWeights: Record<Channel, ChannelWeight> = {
  VOICE: WHOLE_AGENT,
  WEBCHAT: 2,
  SMS: 1,
  EMAIL: 1,
  TICKET: 1,
};

/** How much of an agent's capacity one item of this channel takes, with a team's overrides. */
export function channelWeight(channel: Channel, teamOverrides: unknown = {}): ChannelWeight {
  const override = (teamOverrides as Partial<Record<Channel, unknown>> | null)?.[channel];
  if (override === WHOLE_AGENT) return WHOLE_AGENT;
  if (typeof override === 'number' && Number.isInteger(override) && override > 0) return override;
  return defaultWeights[channel];
}

/** Channels where the customer is waiting live: handed back when their agent goes offline. */
export function isLiveChannel(channel: Channel): boolean {
  return channel === 'WEBCHAT' || channel === 'VOICE';
}

/**
 * What one item weighs on its agent. A web chat whose customer is not connected (they left the
 * page, or wrote through the offline form) waits like an e-mail, so it weighs what an e-mail weighs.
 */
export function itemWeight(channel: Channel, teamOverrides: unknown, customerAway: boolean): ChannelWeight {
  return channelWeight(customerAway && channel === 'WEBCHAT' ? 'EMAIL' : channel, teamOverrides);
}
