import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../domain/errors.js';

/** A per-visitor allowance of `perMinute` actions, shared by all server processes. */
export function visitorLimiter(redis: Redis, keyPrefix: string, perMinute: number): RateLimiterRedis {
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points: perMinute, duration: 60 });
}

export async function consumeOrRefuse(limiter: RateLimiterRedis, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.ceil(error.msBeforeNext / 1000);
    throw new AppError('rate_limited', `You are sending ${what} too fast. Wait ${seconds} s.`, { retryAfterSeconds: seconds });
  }
}
