import type { Redis } from 'ioredis';
import { WHOLE_AGENT, type ChannelWeight } from '../../domain/routing/channel-weight.js';
import { RESERVE_AND_CLAIM, type AgentPresenceStore } from './agent-presence.store.js';
import type { RoutingQueues } from './routing.queue.js';

export interface PlannedMatch {
  agentId: string;
  conversationId: string;
  weight: ChannelWeight;
}

/** matched: the job is out of the queue and on the agent; agent-full: the agent had no room (or left); gone: someone else took the job. */
export type MatchOutcome = 'matched' | 'agent-full' | 'gone';

type ScriptRunner = { reserveAndClaim(...args: string[]): unknown };

/**
 * Commits a batch of planned matches in one Redis round trip. Each match is its own atomic
 * script (RESERVE_AND_CLAIM), so a batch needs no lock: whatever another process did in
 * between shows up as an "agent-full" or "gone" outcome for that match alone.
 */
export class MatchCommitter {
  constructor(
    private readonly redis: Redis,
    private readonly presence: AgentPresenceStore,
    private readonly queues: RoutingQueues,
  ) {
    // defineCommand sends the script once and EVALSHAs it afterwards.
    redis.defineCommand('reserveAndClaim', { numberOfKeys: 5, lua: RESERVE_AND_CLAIM });
  }

  async commit(routingKey: string, plans: PlannedMatch[], now: number): Promise<MatchOutcome[]> {
    if (plans.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const plan of plans) {
      (pipeline as unknown as ScriptRunner).reserveAndClaim(
        ...this.presence.keysOf(plan.agentId),
        ...this.queues.claimKeys(routingKey, plan.conversationId),
        plan.conversationId,
        plan.weight === WHOLE_AGENT ? WHOLE_AGENT : String(plan.weight),
        String(now),
      );
    }
    const results = (await pipeline.exec()) ?? [];
    return plans.map((_plan, index) => {
      const [error, value] = results[index] ?? [new Error('no reply'), null];
      if (error) throw error;
      return value === 1 ? 'matched' : value === -1 ? 'gone' : 'agent-full';
    });
  }
}
