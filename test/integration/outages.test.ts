import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../src/http/errors.js';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { pgConnectionOptions } from '../../src/infra/pg-connection.js';
import { closeSockets, connectAgent, connectVisitor, createUser, createWebchatInbox, eventually, login, request } from '../helpers/fixtures.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestApp, TEST_REDIS_URL, type TestApp } from '../helpers/test-app.js';

// The app reaches PostgreSQL and Redis through relays the test can cut, as if the servers went away.
const postgres = new TcpProxy('127.0.0.1', Number(new URL(process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432').port || 5432));
const redis = new TcpProxy(new URL(TEST_REDIS_URL).hostname, Number(new URL(TEST_REDIS_URL).port || 6379));
let app: TestApp;
let cookie: string;
let inboxToken: string;

beforeAll(async () => {
  await Promise.all([postgres.start(), redis.start()]);
  app = await startTestApp({ REDIS_URL: redis.rewrite(TEST_REDIS_URL) }, {}, (url) => postgres.rewrite(url));
  const admin = await createUser(app.db, { role: 'ADMIN' });
  cookie = await login(app.url, admin.email);
  inboxToken = (await createWebchatInbox(app.db)).publicToken;
});

afterAll(async () => {
  closeSockets();
  await Promise.all([postgres.start().catch(() => {}), redis.start().catch(() => {})]);
  await app?.close();
  await Promise.all([postgres.stop(), redis.stop()]);
});

const list = () => fetch(`${app.url}/api/conversations`, { headers: { cookie } });
const readiness = async () => {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: { postgres: boolean; redis: boolean } } };
};

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unavailable');
}

describe('when a dependency goes away', () => {
  it('answers 503 with Retry-After while PostgreSQL is unreachable, and recovers when it is back', async () => {
    expect((await list()).status).toBe(200);
    const visitor = await connectVisitor(app.url, inboxToken);
    const agent = await connectAgent(app.url, cookie);

    await postgres.stop();
    await expectUnavailable(await list());
    await expectUnavailable(await fetch(`${app.url}/api/customers`, { headers: { cookie } }));
    const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'anyone there?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const statusAck = await request(agent, 'conversation:status', { conversationId: randomUUID(), status: 'RESOLVED' });
    expect(statusAck).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await readiness()).toMatchObject({ status: 503, body: { checks: { postgres: false, redis: true } } });

    await postgres.start();
    await eventually(async () => (await list()).status === 200, 'REST to work again');
    expect((await readiness()).status).toBe(200);
    const again = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'anyone there?' });
    expect(again).toMatchObject({ ok: true });
  });

  it('answers 503 with Retry-After while Redis is unreachable, and recovers when it is back', async () => {
    await redis.stop();
    await expectUnavailable(await list()); // the session lives in Redis
    expect(await readiness()).toMatchObject({ status: 503, body: { checks: { postgres: true, redis: false } } });

    await redis.start();
    await eventually(async () => (await list()).status === 200, 'REST to work again');
    expect((await readiness()).status).toBe(200);
  });

  it('treats "no connection or transaction slot in time" (pool exhausted) as unavailable', async () => {
    // One connection, a short wait for it: the app's own client waits 30 s before giving up the same way.
    const db = new PrismaClient({ adapter: new PrismaPg({ ...pgConnectionOptions(app.databaseUrl), max: 1, connectionTimeoutMillis: 500 }) });
    try {
      let release = () => {};
      const holding = db.$transaction(() => new Promise<void>((resolve) => (release = resolve)), { timeout: 60_000 });
      const refused = await db.$transaction(async () => 1, { maxWait: 100 }).catch((error: unknown) => error);
      release();
      await holding;
      expect(toAppError(refused)?.code).toBe('unavailable');
    } finally {
      await db.$disconnect();
    }
  });
});
