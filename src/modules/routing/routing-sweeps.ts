import type { RoutingDependencies, RoutingParts } from './routing.context.js';
import { routingKeyOf } from './routing.queue.js';

/** Waiting work younger than this is left to the live path (it may be between steps right now). */
const SETTLE_MS = 30_000;

export interface RoutingSweepJobs {
  /** Housekeeping, every few seconds in every process: lost heartbeats, overflow, queues missing work. */
  sweep(): Promise<void>;
}

export interface SweepLifecycle {
  /** No more sweeps; resolves when the one under way has finished (shutdown). */
  stopSweeping(): Promise<void>;
  /** True once routing is shutting down (sweeps stop first). */
  isClosed(): boolean;
}

export function routingSweeps(deps: RoutingDependencies, routing: RoutingParts): RoutingSweepJobs & SweepLifecycle {
  const { conversations, directory, presence, queues, logger, options } = deps;
  let stopped = false;
  let sweeping: Promise<void> = Promise.resolve();

  async function sweepOnce(): Promise<void> {
    const stale = await presence.staleAgents(deps.clock.now() - options.heartbeatTimeoutMs);
    for (const agentId of stale) await routing.goOffline(agentId, 'heartbeat lost');
    await overflow();
    await repairQueues();
  }

  async function overflow(): Promise<void> {
    const teams = await directory.overflowingTeams();
    for (const team of teams) {
      const limit = new Date(deps.clock.now() - (team.overflowAfterSeconds ?? 0) * 1000);
      const overdue = await conversations.listWaiting({ teamId: team.id, queuedBefore: limit, limit: 200 });
      for (const conversation of overdue) {
        if (!(await queues.claim(team.id, conversation.id))) continue;
        await routing.enqueue(conversation.id, { teamId: team.overflowTeamId, reason: `waited over ${team.overflowAfterSeconds} s in ${team.name}` });
      }
      if (overdue.length > 0) routing.publishQueueChangeSoon(team.id);
    }
  }

  /**
   * Open, unassigned conversations that are in no queue (Redis lost them, a crash between
   * steps, a failed listener) go back in line. Re-queueing never takes work from anyone,
   * so a conversation a drain is assigning right now is left alone.
   */
  async function repairQueues(): Promise<void> {
    const settled = new Date(deps.clock.now() - SETTLE_MS);
    const [waiting, neverQueued] = await Promise.all([
      conversations.listWaiting({ queuedBefore: settled, limit: 500 }),
      conversations.listNeverQueued({ createdBefore: settled, limit: 500 }),
    ]);
    const byKey = new Map<string, string[]>();
    for (const conversation of waiting) {
      const key = routingKeyOf(conversation.teamId);
      byKey.set(key, [...(byKey.get(key) ?? []), conversation.id]);
    }
    for (const [routingKey, ids] of byKey) {
      const missing = await queues.notWaiting(routingKey, ids);
      for (const conversationId of missing) {
        const repaired = await routing.enqueue(conversationId, { requeued: true, reason: 'repaired' });
        if (repaired.queuedAt) logger.warn({ conversationId }, 'waiting conversation was missing from its queue; re-queued');
      }
      routing.requestDrain(routingKey);
    }
    for (const conversation of neverQueued) {
      logger.warn({ conversationId: conversation.id }, 'open conversation was never queued; queued now');
      await routing.enqueue(conversation.id, { reason: 'repaired' });
    }
  }

  return {
    async sweep() {
      if (stopped) return;
      sweeping = sweepOnce();
      await sweeping;
    },

    async stopSweeping() {
      stopped = true;
      await sweeping;
    },

    isClosed: () => stopped,
  };
}
