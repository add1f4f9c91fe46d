import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisEndpoint {
  url: string;
  /** Stops the redis-server this process started, if it started one. */
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {}

/**
 * The Redis to use when REDIS_URL is unset: whatever answers on 127.0.0.1:6379,
 * else a redis-server child with its data under dataDir.
 */
export async function ensureLocalRedis(dataDir: string): Promise<RedisEndpoint> {
  if (await answersPing(DEFAULT_REDIS_URL)) return { url: DEFAULT_REDIS_URL, stop: async () => {} };
  await mkdir(dataDir, { recursive: true });
  const child = await spawnRedisServer(dataDir);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answersPing(DEFAULT_REDIS_URL)) {
      return { url: DEFAULT_REDIS_URL, stop: () => stopChild(child) };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new RedisUnavailableError('redis-server was started but did not answer on 127.0.0.1:6379.');
}

async function spawnRedisServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', '6379', '--dir', dataDir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const spawned = await Promise.race([
    once(child, 'spawn').then(() => true),
    once(child, 'error').then(() => false),
  ]);
  if (!spawned) {
    throw new RedisUnavailableError(
      'No Redis answers on 127.0.0.1:6379 and no redis-server is installed: run `docker compose up -d redis`, ' +
        'install it (`apt-get install redis-server` or `brew install redis`), or set REDIS_URL.',
    );
  }
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
