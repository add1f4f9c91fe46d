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

/** Called by a drain between batches: keeps the lock, or says to stop (shutting down). */
export type KeepGoing = () => Promise<boolean>;

/**
 * Runs a queue's drain in one process at a time, cluster-wide, and never misses a request:
 * a request while another process drains leaves a "dirty" mark that the holder picks up
 * before it lets go. Bursts (200 arrivals at once) collapse into a few drains. Drains run
 * in the background: whoever asked (an HTTP request, a listener) does not wait for them.
 */
export class DrainCoordinator {
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly lockMs = 15_000,
  ) {}

  request(key: string, drain: (keepGoing: KeepGoing) => Promise<void>): void {
    if (this.closing) return;
    const run = this.drainWhileDirty(key, drain).catch((error: unknown) =>
      this.logger.error({ err: error, queue: key }, 'drain failed'),
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Stops starting drains and waits for those under way to finish their batch. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async drainWhileDirty(key: string, drain: (keepGoing: KeepGoing) => Promise<void>): Promise<void> {
    const dirtyKey = `${this.prefix}:routing:drain-dirty:${key}`;
    const lockKey = `${this.prefix}:routing:drain-lock:${key}`;
    await this.redis.set(dirtyKey, '1');
    while (!this.closing) {
      const token = randomUUID();
      if ((await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX')) !== 'OK') return;
      const keepGoing: KeepGoing = async () => !this.closing && (await this.redis.pexpire(lockKey, this.lockMs)) === 1;
      try {
        while (!this.closing && (await this.redis.del(dirtyKey)) === 1) await drain(keepGoing);
      } finally {
        await this.redis.eval(RELEASE_LOCK, 1, lockKey, token);
      }
      // A request that came between our last check and the release would otherwise be lost.
      if ((await this.redis.exists(dirtyKey)) === 0) return;
    }
  }
}
