import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, connectVisitor, login, nextEvent, request } from '../helpers/fixtures.js';
import { findFreePort } from '../../src/infra/free-port.js';
import { deleteRedisKeys, spawnServer, type ServerProcess } from '../helpers/server-process.js';
import { TEST_REDIS_URL } from '../helpers/test-app.js';

/*
 * The zero-install default: `npm start` with no DATABASE_URL runs on an embedded
 * PostgreSQL (PGlite) kept under DATA_DIR. Runs the real entry point as a child
 * process, twice on the same DATA_DIR, and stops it with SIGTERM each time.
 */

const START_TIMEOUT_MS = 120_000; // PGlite start + migrations + demo seed on a slow 2-core machine
const STOP_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 180_000;

const DEMO_INBOX_TOKEN = 'demo-website-chat';
const VISITOR_TEXT = 'Hello from the embedded database';
const REPLY_TEXT = 'Hi! Alice here, on PGlite.';

let dataDir: string;
let redisPrefix: string;
let port: number;
let server: ServerProcess | undefined;

/** Kept from the first run for the second. */
const firstRun = {
  password: '',
  conversationId: '',
  visitorToken: '',
  visitorId: '',
};

function startServer(): ServerProcess {
  return spawnServer({
    runner: 'tsx-cli', // what `npm start` runs
    env: {
      // DATABASE_URL deliberately unset: the embedded PostgreSQL is the default.
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    echo: process.env.TEST_LOG_LEVEL !== undefined && process.env.TEST_LOG_LEVEL !== 'silent',
  });
}

/** Start-up and shutdown times go to stderr: worth seeing when this machine gets slower. */
function reportTiming(line: string): void {
  console.warn(`[timing] ${line}`);
}

/** SIGTERM, then the exit must be clean: code 0, in time, nothing cut off. */
async function stopGracefully(running: ServerProcess) {
  const exit = await running.stop('SIGTERM', STOP_TIMEOUT_MS);
  const output = running.stdout() + running.stderr();
  expect(output).not.toContain('did not close in time');
  expect(output).not.toContain('error while closing');
  expect(exit).toMatchObject({ code: 0, signal: null });
  return exit;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cc-embedded-'));
  redisPrefix = `test-embedded-${randomBytes(5).toString('hex')}`;
  port = await findFreePort();
});

afterAll(async () => {
  closeSockets();
  await server?.kill();
  await deleteRedisKeys(TEST_REDIS_URL, redisPrefix);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('zero-install default (embedded PostgreSQL, no DATABASE_URL)', () => {
  it(
    'starts on an empty data dir, seeds the demo, carries a chat both ways and stops cleanly on SIGTERM',
    async () => {
      const started = Date.now();
      server = startServer();
      const [, url] = await server.waitForOutput(/Demo organisation created\. Log in at (http:\/\/\S+)/, START_TIMEOUT_MS);
      reportTiming(`embedded first start (PGlite + migrations + demo seed): ${Date.now() - started} ms`);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const baseUrl = url!;

      const agentLine = server.stdout().match(/AGENT\s+agent1@demo\.test\s+(\S+)/);
      expect(agentLine, server.stdout()).not.toBeNull();
      firstRun.password = agentLine![1]!;
      expect(server.stdout()).toMatch(/ADMIN\s+admin@demo\.test\s+\S+/);

      const cookie = await login(baseUrl, 'agent1@demo.test', firstRun.password);
      const me = await api(baseUrl, cookie, '/api/auth/me');
      expect(me.status).toBe(200);

      const agent = await connectAgent(baseUrl, cookie);
      const visitor = await connectVisitor(baseUrl, DEMO_INBOX_TOKEN);
      firstRun.visitorToken = visitor.visitorToken;
      firstRun.visitorId = visitor.visitorId;

      // The demo inbox belongs to Support, agent1's team: the console hears about it.
      const arrived = nextEvent(agent, 'message:created', (payload) => payload.message.text === VISITOR_TEXT, 15_000);
      const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: VISITOR_TEXT });
      expect(ack).toMatchObject({ ok: true, duplicate: false });
      const created = await arrived;
      expect(created.message).toMatchObject({ direction: 'INBOUND', text: VISITOR_TEXT });
      expect(created.conversation.id).toBe(ack.conversationId);
      firstRun.conversationId = ack.conversationId;

      const reply = nextEvent(visitor.socket, 'message', (payload) => payload.message.direction === 'OUTBOUND', 15_000);
      const replyAck = await request(agent, 'message:send', { conversationId: firstRun.conversationId, text: REPLY_TEXT });
      expect(replyAck.ok).toBe(true);
      expect((await reply).message).toMatchObject({ text: REPLY_TEXT, senderName: 'Alice Agent' });

      closeSockets();
      const exit = await stopGracefully(server);
      reportTiming(`first stop (SIGTERM to exit): ${exit.elapsedMs} ms`);
      server = undefined;
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'starts again on the same data dir with everything kept and the demo not seeded twice',
    async () => {
      expect(firstRun.conversationId, 'the first test must have passed').not.toBe('');
      const started = Date.now();
      server = startServer();
      const [, url] = await server.waitForOutput(/Contact center running at (http:\/\/\S+)/, START_TIMEOUT_MS);
      reportTiming(`embedded restart on existing data: ${Date.now() - started} ms`);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(server.stdout()).not.toContain('Demo organisation created');
      const baseUrl = url!;

      // The same password still works: the users are the ones stored on the first run.
      const cookie = await login(baseUrl, 'agent1@demo.test', firstRun.password);
      const list = await api(baseUrl, cookie, '/api/conversations');
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([firstRun.conversationId]);
      // An agent's list has no "all" count (that tab is for supervisors).
      expect(list.body.counts.all).toBeNull();

      const detail = await api(baseUrl, cookie, `/api/conversations/${firstRun.conversationId}`);
      expect(detail.status).toBe(200);
      type MessageView = { direction: string; text: string; deliveryStatus: string };
      expect(detail.body.messages.items.map((message: MessageView) => [message.direction, message.text, message.deliveryStatus])).toEqual([
        ['INBOUND', VISITOR_TEXT, 'RECEIVED'],
        ['OUTBOUND', REPLY_TEXT, 'SENT'],
      ]);

      // Not seeded twice: still exactly the demo organisation.
      const adminCookie = await login(baseUrl, 'admin@demo.test', firstRun.password);
      const users = await api(baseUrl, adminCookie, '/api/users');
      expect(users.status).toBe(200);
      expect(users.body.items.map((user: { email: string }) => user.email).sort()).toEqual([
        'admin@demo.test',
        'agent1@demo.test',
        'agent2@demo.test',
        'supervisor@demo.test',
      ]);
      const inboxes = await api(baseUrl, adminCookie, '/api/inboxes');
      expect(inboxes.body.items.map((inbox: { publicToken: string }) => inbox.publicToken)).toEqual([DEMO_INBOX_TOKEN]);

      // The app secret kept in DATA_DIR survived too: the visitor's token still resumes them.
      const visitor = await connectVisitor(baseUrl, DEMO_INBOX_TOKEN, firstRun.visitorToken);
      expect(visitor.visitorId).toBe(firstRun.visitorId);
      const history = await request(visitor.socket, 'history', {});
      expect(history.ok).toBe(true);
      expect(history.conversation.id).toBe(firstRun.conversationId);
      expect(history.messages.map((message: { text: string }) => message.text)).toEqual([VISITOR_TEXT, REPLY_TEXT]);

      closeSockets();
      const exit = await stopGracefully(server);
      reportTiming(`second stop (SIGTERM to exit): ${exit.elapsedMs} ms`);
      server = undefined;
    },
    TEST_TIMEOUT_MS,
  );
});
