import { Redis } from 'ioredis';

export { Redis };

/** maxRetriesPerRequest: null is what BullMQ workers require of their connection. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}
