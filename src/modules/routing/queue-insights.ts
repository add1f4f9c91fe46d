import { estimateWaitSeconds } from '../../domain/routing/estimate-wait.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { QueueStatsView } from '../../contracts/routing.views.js';
import type { QueuePosition, RoutingDependencies } from './routing.context.js';
import { GENERAL_ROUTING_KEY, routingKeyOf } from './routing.queue.js';

const DEFAULT_HANDLE_SECONDS = 300;
const HANDLE_TIME_SAMPLES = 50;
/** Queue stats and customers' positions go out at most this often per queue. */
const BROADCAST_INTERVAL_MS = 500;

export interface QueueInsightJobs {
  queueStats(routingKey: string): Promise<QueueStatsView>;
  allQueueStats(): Promise<QueueStatsView[]>;
  /** Where a waiting conversation stands, for the customer. Null when it is not waiting. */
  positionOf(conversation: ConversationView): Promise<QueuePosition | null>;
  /** Learns how long items take, for customers' estimated waits. */
  recordHandleTime(conversation: ConversationView, assignedAt: Date | null, resolvedAt: Date): Promise<void>;
}

export interface QueueBroadcasts {
  /** Queue stats and customers' positions, at most every half second per queue. */
  publishQueueChangeSoon(routingKey: string): void;
  /** No more broadcasts (shutdown). */
  stopBroadcasts(): void;
}

/** What a queue looks like from outside: depth, longest wait, positions and estimated waits. */
export function queueInsights(deps: RoutingDependencies): QueueInsightJobs & QueueBroadcasts {
  const { redis, prefix, conversations, directory, presence, queues, notifier, logger, options } = deps;
  const broadcastTimers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const handleTimesKey = (routingKey: string) => `${prefix}:routing:handle-times:${routingKey}`;

  async function waitEstimator(routingKey: string): Promise<(position: number) => number> {
    const samples = (await redis.lrange(handleTimesKey(routingKey), 0, -1)).map(Number);
    const averageHandleSeconds = samples.length > 0 ? samples.reduce((sum, value) => sum + value, 0) / samples.length : DEFAULT_HANDLE_SECONDS;
    const agents = await presence.onlineAgents(routingKey);
    // Slots for a typical item: capacity over the chat weight, the most common live channel.
    const parallelSlots = agents.reduce((sum, agent) => sum + Math.max(1, Math.floor(agent.capacity / 2)), 0);
    return (position) => estimateWaitSeconds({ position, averageHandleSeconds, parallelSlots });
  }

  async function queueStats(routingKey: string): Promise<QueueStatsView> {
    const teamId = routingKey === GENERAL_ROUTING_KEY ? null : routingKey;
    const [depth, oldest] = await Promise.all([queues.depth(routingKey), conversations.listWaiting({ teamId, limit: 1 })]);
    const queuedAt = oldest[0]?.queuedAt;
    return {
      routingKey,
      teamId,
      depth,
      longestWaitSeconds: depth > 0 && queuedAt ? Math.max(0, Math.round((deps.clock.now() - queuedAt.getTime()) / 1000)) : 0,
    };
  }

  async function publishQueueChange(routingKey: string): Promise<void> {
    notifier.queueChanged(await queueStats(routingKey));
    const ids = await queues.waitingIds(routingKey, options.positionUpdatesFor);
    if (ids.length === 0) return;
    const estimate = await waitEstimator(routingKey);
    const customers = await conversations.customersOf(ids);
    notifier.positions(
      ids.flatMap((conversationId, index) => {
        const customerId = customers.get(conversationId);
        return customerId ? [{ conversationId, customerId, position: index + 1, estimatedWaitSeconds: estimate(index + 1) }] : [];
      }),
    );
  }

  return {
    queueStats,

    async allQueueStats() {
      const teamIds = await directory.teamIdsByName();
      return Promise.all([...teamIds, GENERAL_ROUTING_KEY].map((key) => queueStats(key)));
    },

    async positionOf(conversation) {
      const routingKey = routingKeyOf(conversation.teamId);
      const position = await queues.position(routingKey, conversation.id);
      if (position === null) return null;
      const estimate = await waitEstimator(routingKey);
      return { conversationId: conversation.id, customerId: conversation.customerId, position, estimatedWaitSeconds: estimate(position) };
    },

    async recordHandleTime(conversation, assignedAt, resolvedAt) {
      if (!assignedAt) return;
      const key = handleTimesKey(routingKeyOf(conversation.teamId));
      const seconds = Math.max(1, Math.round((resolvedAt.getTime() - assignedAt.getTime()) / 1000));
      await redis.multi().lpush(key, seconds).ltrim(key, 0, HANDLE_TIME_SAMPLES - 1).exec();
    },

    publishQueueChangeSoon(routingKey) {
      if (stopped || broadcastTimers.has(routingKey)) return;
      const timer = setTimeout(() => {
        broadcastTimers.delete(routingKey);
        publishQueueChange(routingKey).catch((error: unknown) => logger.error({ err: error, routingKey }, 'queue broadcast failed'));
      }, BROADCAST_INTERVAL_MS);
      timer.unref();
      broadcastTimers.set(routingKey, timer);
    },

    stopBroadcasts() {
      stopped = true;
      for (const timer of broadcastTimers.values()) clearTimeout(timer);
    },
  };
}
