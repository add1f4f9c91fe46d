import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Work without a team waits in one general queue that every agent serves. */
export const GENERAL_ROUTING_KEY = 'general';

export function routingKeyOf(teamId: string | null): string {
  return teamId ?? GENERAL_ROUTING_KEY;
}

export const ROUTE_CONVERSATION_JOB = 'route-conversation';

export const waitingItemSchema = z.object({
  conversationId: z.uuid(),
  customerId: z.uuid(),
  channel: z.enum(['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET']),
  requiredSkills: z.array(z.string()),
  /** Epoch ms the conversation started waiting. */
  queuedAt: z.number(),
});
export type WaitingItem = z.infer<typeof waitingItemSchema>;

/**
 * Takes a waiting job out of the queue if it is still waiting; exactly one caller wins.
 * KEYS[1] the queue's prioritized set, KEYS[2] the job hash, KEYS[3] the job's log list
 * ARGV[1] job id. Returns 1 when this caller claimed it, 0 when it was no longer waiting.
 */
const CLAIM = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
return 1
`;

/**
 * One BullMQ queue per team ("routing-<team>") holding a job per waiting conversation
 * (job id = conversation id, so a conversation waits once). Every job has a priority,
 * so BullMQ keeps them in its prioritized set: priority first, then arrival.
 * Agents are not BullMQ workers; the router claims the job it matched with CLAIM.
 */
export class RoutingQueues {
  private readonly queues = new Map<string, Queue<WaitingItem>>();

  constructor(
    private readonly redis: Redis,
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
  ) {}

  async enqueue(routingKey: string, item: WaitingItem, priority: number): Promise<void> {
    const queue = this.queueFor(routingKey);
    // A leftover job hash (a claim that crashed half-way) would make BullMQ ignore the add.
    await queue.remove(item.conversationId);
    await queue.add(ROUTE_CONVERSATION_JOB, item, {
      jobId: item.conversationId,
      priority,
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  /** Waiting items in serving order (priority, then arrival), from `offset`. */
  async waiting(routingKey: string, offset: number, count: number): Promise<WaitingItem[]> {
    const jobs = await this.queueFor(routingKey).getJobs(['prioritized'], offset, offset + count - 1, true);
    return jobs.flatMap((job) => {
      const parsed = waitingItemSchema.safeParse(job?.data);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Conversation ids in serving order: cheap (no job data), for queue positions. */
  waitingIds(routingKey: string, count: number): Promise<string[]> {
    return this.redis.zrange(this.queueFor(routingKey).keys.prioritized!, '0', String(count - 1));
  }

  /** The keys CLAIM touches for this job: prioritized set, job hash, job log list. */
  claimKeys(routingKey: string, conversationId: string): [string, string, string] {
    const queue = this.queueFor(routingKey);
    const jobKey = queue.toKey(conversationId);
    return [queue.keys.prioritized!, jobKey, `${jobKey}:logs`];
  }

  async claim(routingKey: string, conversationId: string): Promise<boolean> {
    const queue = this.queueFor(routingKey);
    const jobKey = queue.toKey(conversationId);
    const claimed = await this.redis.eval(CLAIM, 3, queue.keys.prioritized!, jobKey, `${jobKey}:logs`, conversationId);
    return claimed === 1;
  }

  /** 1-based place in line, or null when not waiting in this queue. */
  async position(routingKey: string, conversationId: string): Promise<number | null> {
    const rank = await this.redis.zrank(this.queueFor(routingKey).keys.prioritized!, conversationId);
    return rank === null ? null : rank + 1;
  }

  /** Those of these conversation ids that have no waiting job in this queue. */
  async notWaiting(routingKey: string, conversationIds: string[]): Promise<string[]> {
    const prioritized = this.queueFor(routingKey).keys.prioritized!;
    const pipeline = this.redis.pipeline();
    for (const id of conversationIds) pipeline.zscore(prioritized, id);
    const scores = (await pipeline.exec()) ?? [];
    return conversationIds.filter((_id, index) => scores[index]?.[1] === null);
  }

  depth(routingKey: string): Promise<number> {
    return this.redis.zcard(this.queueFor(routingKey).keys.prioritized!);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private queueFor(routingKey: string): Queue<WaitingItem> {
    let queue = this.queues.get(routingKey);
    if (!queue) {
      queue = new Queue(`routing-${routingKey}`, { connection: this.connection, prefix: this.prefix });
      this.queues.set(routingKey, queue);
    }
    return queue;
  }
}
