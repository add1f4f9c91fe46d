import { Redis } from 'ioredis';

export { Redis };

/**
 * 'commands' (requests, presence, queues): while Redis is away a command gives up after one
 * reconnect attempt, so a request answers 503 instead of waiting forever.
 * 'workers': BullMQ workers block on Redis and require maxRetriesPerRequest: null (wait for it).
 */
export function createRedis(url: string, purpose: 'commands' | 'workers' = 'commands'): Redis {
  return new Redis(url, { maxRetriesPerRequest: purpose === 'workers' ? null : 1, lazyConnect: false });
}
