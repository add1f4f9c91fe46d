import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { createLogger } from '../../src/infra/logger.js';
import { adminQuery, databaseUrl } from '../helpers/databases.js';
import { deleteRedisKeys } from '../helpers/server-process.js';
import { TEST_REDIS_URL, testConfig } from '../helpers/test-app.js';

const database = `cc_test_${randomBytes(6).toString('hex')}`;
const redisPrefix = `test-${randomBytes(5).toString('hex')}`;
const apps: RunningApp[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await deleteRedisKeys(TEST_REDIS_URL, redisPrefix);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('demo seeding', () => {
  it('two processes starting together on an empty database both come up, with one set of demo rows', async () => {
    await adminQuery(`CREATE DATABASE ${database}`); // empty: no template, so both also race to migrate
    dataDir = await mkdtemp(join(tmpdir(), 'cc-test-'));
    const config = testConfig({ DATABASE_URL: databaseUrl(database), REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir, SEED_DEMO: 'true' });
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const started = await Promise.allSettled([startApp(config, { logger }), startApp(config, { logger })]);
    for (const outcome of started) if (outcome.status === 'fulfilled') apps.push(outcome.value);
    expect(started.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);

    expect(apps.filter((app) => app.demoLogins !== null)).toHaveLength(1);
    const db = apps[0]!.db;
    expect(await db.user.count()).toBe(4);
    expect(await db.team.count()).toBe(2);
    expect(await db.inbox.count()).toBe(1);
    expect(await db.label.count()).toBe(3);
    expect(await db.cannedResponse.count()).toBe(3);
    for (const app of apps) expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  }, 120_000);
});
