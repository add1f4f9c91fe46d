import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/logger.js';

/**
 * Releases a lock only for its holder.
 * KEYS[1] lock key; ARGV[1] holder token. Returns 1 when released.
 */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Runs a queue's drain in one process at a time, cluster-wide, and never misses a request:
 * a request while another process drains leaves a "dirty" mark that the holder picks up
 * before it lets go. Bursts (200 arrivals at once) collapse into a few drains.
 */
export class DrainCoordinator {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly lockMs = 15_000,
  ) {}

  async request(key: string, drain: () => Promise<void>): Promise<void> {
    const dirtyKey = `${this.prefix}:routing:drain-dirty:${key}`;
    const lockKey = `${this.prefix}:routing:drain-lock:${key}`;
    await this.redis.set(dirtyKey, '1');
    for (;;) {
      const token = randomUUID();
      if ((await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX')) !== 'OK') return;
      try {
        while ((await this.redis.del(dirtyKey)) === 1) {
          await this.redis.pexpire(lockKey, this.lockMs);
          await drain();
        }
      } catch (error) {
        this.logger.error({ err: error, queue: key }, 'drain failed');
      } finally {
        await this.redis.eval(RELEASE_LOCK, 1, lockKey, token);
      }
      // A request that came between our last check and the release would otherwise be lost.
      if ((await this.redis.exists(dirtyKey)) === 0) return;
    }
  }
}
