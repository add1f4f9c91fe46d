import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppOverrides, type RunningApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { TestClock } from './clock.js';
import { createTestDatabase } from './databases.js';
import { deleteRedisKeys } from './server-process.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp extends RunningApp {
  redisPrefix: string;
  databaseUrl: string;
  config: Config;
  /** The time routing and snooze wake-ups see (shared with peers); advance() instead of sleeping. */
  clock: TestClock;
  /**
   * Stops the server, runs `whileDown`, and starts it again on the same port, database and
   * Redis prefix (clients reconnect to the same address). Returns the new server.
   */
  restart(whileDown?: () => Promise<void>): Promise<RunningApp>;
  /** Another server process on the same database, Redis prefix and data dir (stop it before close()). */
  startPeer(): Promise<RunningApp>;
  close(): Promise<void>;
}

/** A test server's configuration: DATABASE_URL, REDIS_PREFIX and DATA_DIR come from the caller. */
export function testConfig(env: Record<string, string> & { DATABASE_URL: string; REDIS_PREFIX: string; DATA_DIR: string }): Config {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    APP_SECRET: 'test-secret-test-secret-test-secret-0123',
    SEED_DEMO: 'false',
    OUTBOUND_BACKOFF_MS: '20',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...env,
  });
}

/**
 * A real server for one test file: its own PostgreSQL database, its own Redis key
 * prefix, a random port. close() stops it and removes both.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  /** Lets the app reach its database another way (e.g. through a TcpProxy); the test's own cleanup stays direct. */
  appDatabaseUrl: (url: string) => string = (url) => url,
): Promise<TestApp> {
  const database = await createTestDatabase();
  const redisPrefix = `test-${randomBytes(5).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-test-'));
  const config = testConfig({ DATABASE_URL: appDatabaseUrl(database.url), REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir, ...env });
  const clock = new TestClock();
  const appOverrides = { logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), clock, ...overrides };
  let app = await startApp(config, appOverrides);
  return {
    ...app,
    redisPrefix,
    databaseUrl: database.url,
    config,
    clock,
    async restart(whileDown = async () => {}) {
      await app.stop();
      await whileDown();
      app = await startApp({ ...config, port: app.port }, appOverrides);
      return app;
    },
    startPeer: () => startApp(config, appOverrides),
    async close() {
      await app.stop();
      await database.drop();
      await deleteRedisKeys(TEST_REDIS_URL, redisPrefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
