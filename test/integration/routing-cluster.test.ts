import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/infra/db.js';
import { findFreePort } from '../../src/infra/free-port.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { createTestDatabase } from '../helpers/databases.js';
import { api, closeSockets, connectVisitor, login, PASSWORD } from '../helpers/fixtures.js';
import { deleteRedisKeys, spawnServer, type ServerProcess } from '../helpers/server-process.js';
import { TEST_REDIS_URL } from '../helpers/test-app.js';

/*
 * "An agent's capacity is never exceeded, even with two server processes assigning at once."
 * Two real server processes (src/main.ts) share one database, one Redis and one key prefix.
 * Agents go online half through each; 200 visitors write in at once, half through each;
 * then an agent goes offline and some agents finish work. After every step the database
 * and Redis are checked: nobody over capacity, nothing lost, Redis and the database agree.
 */

const VISITORS = 200;
/** Mixed on purpose: odd capacities leave a unit that a chat (weight 2) cannot use. */
const CAPACITIES = [2, 3, 4, 5, 6, 7, 3, 5, 7, 6];
const CHAT_WEIGHT = 2;
const slotsOf = (capacity: number) => Math.floor(capacity / CHAT_WEIGHT);
const TOTAL_SLOTS = CAPACITIES.reduce((sum, capacity) => sum + slotsOf(capacity), 0);

const START_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 180_000;
/** A step is over when the assignment count has not moved for this long. */
const QUIET_FOR_MS = 1_500;
/** repairQueues only touches (and drains for) conversations queued longer ago than this. */
const REPAIR_AGE_MS = 30_000;

interface Agent {
  id: string;
  email: string;
  capacity: number;
  cookie: string;
  /** The process the agent logged in and went online through. */
  via: 'A' | 'B';
}

interface Server {
  process: ServerProcess;
  url: string;
}

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let db: Db | undefined;
let redis: Redis | undefined;
let dataDir: string | undefined;
const redisPrefix = `test-cluster-${randomBytes(5).toString('hex')}`;
const servers: { A?: Server; B?: Server } = {};
let teamId = '';
let inboxToken = '';
const agents: Agent[] = [];
let burstAt = 0;
/** First messages of the burst the server refused on the first attempt. */
let burstRefused: SendAck[] = [];
const steps = { burst: false, offline: false };
let offlineAgent: Agent | undefined;
let requeuedIds: string[] = [];

function server(name: 'A' | 'B'): Server {
  const running = servers[name];
  if (!running) throw new Error(`server ${name} is not running`);
  return running;
}

async function startServer(name: 'A' | 'B', databaseUrl: string): Promise<Server> {
  const port = await findFreePort();
  const child = spawnServer({
    runner: 'node-import',
    env: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      DATA_DIR: join(dataDir!, name),
      APP_SECRET: 'cluster-secret-cluster-secret-cluster-0123',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ROUTING_SWEEP_INTERVAL_MS: '500',
      // Nobody sends heartbeats here: no agent may go stale during the test.
      ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '3600',
    },
    echo: process.env.TEST_LOG_LEVEL !== undefined && process.env.TEST_LOG_LEVEL !== 'silent',
  });
  const [, url] = await child.waitForOutput(/Contact center running at (http:\/\/\S+)/, START_TIMEOUT_MS);
  return { process: child, url: url! };
}

/** A first message the server refused because it could not start a database transaction in time (see the burst test). */
function isBurstRefusal(line: string): boolean {
  return line.includes('"event":"message:send"') && line.includes('P2028');
}

/** pino lines at warn (40) or above that either process wrote, and anything on stderr. */
function serverLogLines(): string[] {
  const lines: string[] = [];
  for (const [name, running] of Object.entries(servers)) {
    if (!running) continue;
    for (const line of running.process.stdout().split('\n')) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 40) lines.push(`[${name}] ${line}`);
    }
    for (const line of running.process.stderr().split('\n')) if (line.trim()) lines.push(`[${name} stderr] ${line}`);
  }
  return lines;
}

/** Warnings and errors other than the burst refusals, which the burst test reports on its own. */
function serverProblems(): string[] {
  return serverLogLines().filter((line) => !isBurstRefusal(line));
}

/** The servers' warnings and errors, one short line per kind of message (for failure messages). */
function summariseProblems(): string {
  const counts = new Map<string, number>();
  for (const line of serverProblems()) {
    const what = line.replace(/"time":\d+,/, '').replace(/"stack":"[^"]*"/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 400);
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, count]) => `${count} x ${what}`).join('\n');
}

interface SendAck {
  ok: boolean;
  conversationId: string;
  error?: { code: string; message: string };
}

/** emitWithAck with a timeout fit for 200 senders at once on a 2-core machine. */
function sendMessage(socket: Socket, clientMessageId: string, text: string): Promise<SendAck> {
  return socket.timeout(60_000).emitWithAck('message:send', { clientMessageId, text }) as Promise<SendAck>;
}

async function setPresence(via: Server, agent: Agent, status: 'ONLINE' | 'AWAY' | 'OFFLINE') {
  const response = await api(via.url, agent.cookie, '/api/presence', { body: { status } });
  if (response.status !== 200) throw new Error(`presence ${status}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.presence as { status: string; load: number; capacity: number };
}

interface Snapshot {
  /** agentId -> ids of the open conversations assigned to them. */
  assignedTo: Map<string, string[]>;
  assigned: number;
  /** Unassigned, open, with queuedAt set. */
  waiting: string[];
  /** Open, unassigned and without queuedAt: routing forgot them. */
  strays: string[];
  total: number;
  /** Waiting jobs in the team's BullMQ queue. */
  queueDepth: number;
  queuedIds: Set<string>;
}

async function snapshot(): Promise<Snapshot> {
  const rows = await db!.conversation.findMany({
    select: { id: true, assigneeId: true, queuedAt: true, status: true, assignedAt: true },
  });
  const open = rows.filter((row) => row.status === 'OPEN' || row.status === 'PENDING');
  const assignedTo = new Map<string, string[]>();
  for (const row of open) {
    if (!row.assigneeId) continue;
    assignedTo.set(row.assigneeId, [...(assignedTo.get(row.assigneeId) ?? []), row.id]);
  }
  const prioritized = `${redisPrefix}:bull:routing-${teamId}:prioritized`;
  const queued = await redis!.zrange(prioritized, '0', '-1');
  return {
    assignedTo,
    assigned: open.filter((row) => row.assigneeId).length,
    waiting: open.filter((row) => !row.assigneeId && row.queuedAt).map((row) => row.id),
    strays: open.filter((row) => !row.assigneeId && !row.queuedAt).map((row) => row.id),
    total: rows.length,
    queueDepth: queued.length,
    queuedIds: new Set(queued),
  };
}

/** Waits until the number of assigned conversations has held still for QUIET_FOR_MS and `done` holds. */
async function waitForQuiet(done: (state: Snapshot) => boolean, what: string, timeoutMs = 90_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const state = await snapshot();
    if (state.assigned !== last) {
      last = state.assigned;
      since = Date.now();
    }
    if (done(state) && Date.now() - since >= QUIET_FOR_MS) return state;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}: assigned ${state.assigned}, waiting ${state.waiting.length}, ` +
          `strays ${state.strays.length}, queue depth ${state.queueDepth}, total ${state.total}\n${summariseProblems()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface RedisAgent {
  status: string;
  capacity: number;
  load: number;
  items: Record<string, string>;
}

async function redisAgent(agentId: string): Promise<RedisAgent> {
  const fields = await redis!.hgetall(`${redisPrefix}:routing:agent:${agentId}`);
  const items = await redis!.hgetall(`${redisPrefix}:routing:agent:${agentId}:items`);
  return { status: fields.status ?? '', capacity: Number(fields.capacity ?? -1), load: Number(fields.load ?? -1), items };
}

/** The invariants that hold whenever routing is quiet. */
async function expectConsistent(state: Snapshot, expectedAssigned: number, resolved = 0) {
  // Nothing lost, nothing duplicated.
  expect(state.total).toBe(VISITORS);
  expect(state.strays, `open, unassigned conversations that are not waiting; server logs:\n${summariseProblems()}`).toEqual([]);
  expect(state.assigned + state.waiting.length).toBe(VISITORS - resolved);
  expect(state.assigned).toBe(expectedAssigned);
  // Every waiting conversation has its job in the queue, and the queue holds nothing else.
  expect(state.queueDepth).toBe(state.waiting.length);
  expect(state.waiting.filter((id) => !state.queuedIds.has(id)), 'waiting in the database but not in the queue').toEqual([]);

  for (const agent of agents) {
    const held = state.assignedTo.get(agent.id) ?? [];
    const load = held.length * CHAT_WEIGHT;
    expect(load, `database load of the agent with capacity ${agent.capacity}`).toBeLessThanOrEqual(agent.capacity);
    const inRedis = await redisAgent(agent.id);
    expect(inRedis.capacity).toBe(agent.capacity);
    expect(inRedis.load, `Redis load of the agent with capacity ${agent.capacity}`).toBeLessThanOrEqual(agent.capacity);
    // Redis reserves exactly what the database says the agent holds.
    expect(inRedis.load, `Redis load vs database load of ${agent.id}`).toBe(load);
    expect(Object.keys(inRedis.items).sort(), `Redis items vs database assignments of ${agent.id}`).toEqual([...held].sort());
  }
  const unknownAssignees = [...state.assignedTo.keys()].filter((id) => !agents.some((agent) => agent.id === id));
  expect(unknownAssignees).toEqual([]);
  expect(serverProblems().length, `warnings or errors in the servers' logs:\n${summariseProblems()}`).toBe(0);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cc-cluster-'));
  database = await createTestDatabase();
  db = createDb(database.url, 5);
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });

  const team = await db.team.create({ data: { name: `Cluster ${randomBytes(3).toString('hex')}` } });
  teamId = team.id;
  const inbox = await db.inbox.create({
    data: { name: 'Website', channel: 'WEBCHAT', teamId, publicToken: `inbox-${randomBytes(6).toString('hex')}` },
  });
  inboxToken = inbox.publicToken;
  const passwordHash = await hashPassword(PASSWORD);
  for (const [index, capacity] of CAPACITIES.entries()) {
    const user = await db.user.create({
      data: {
        email: `cluster-agent-${index}-${randomBytes(3).toString('hex')}@example.test`,
        name: `Agent ${index} (capacity ${capacity})`,
        passwordHash,
        capacity,
        memberships: { create: { teamId } },
      },
    });
    agents.push({ id: user.id, email: user.email, capacity, cookie: '', via: index % 2 === 0 ? 'A' : 'B' });
  }

  [servers.A, servers.B] = await Promise.all([startServer('A', database.url), startServer('B', database.url)]);
}, 180_000);

afterAll(async () => {
  closeSockets();
  await Promise.all(
    Object.values(servers).map(async (running) => {
      if (!running) return;
      await running.process.stop('SIGTERM', 20_000).catch(() => running.process.kill());
    }),
  );
  await db?.$disconnect();
  await database?.drop();
  redis?.disconnect();
  await deleteRedisKeys(TEST_REDIS_URL, redisPrefix);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe('routing with two server processes', () => {
  it(
    'never puts an agent over capacity when 200 chats arrive at once through both processes',
    async () => {
      for (const agent of agents) agent.cookie = await login(server(agent.via).url, agent.email);
      const presences = await Promise.all(agents.map((agent) => setPresence(server(agent.via), agent, 'ONLINE')));
      expect(presences.map((presence) => presence.status)).toEqual(agents.map(() => 'ONLINE'));

      // Connect everyone first, then send all 200 first messages at once.
      const visitors = await Promise.all(
        Array.from({ length: VISITORS }, (_, index) => connectVisitor(server(index % 2 === 0 ? 'A' : 'B').url, inboxToken)),
      );
      burstAt = Date.now();
      const clientMessageIds = visitors.map(() => randomUUID());
      const send = (index: number) => sendMessage(visitors[index]!.socket, clientMessageIds[index]!, `help me please (${index})`);
      const acks = await Promise.all(visitors.map((_, index) => send(index)));
      burstRefused = acks.filter((ack) => !ack.ok);
      // A refused message is sent again with the same client message id, as a widget would (a no-op if it was stored).
      for (let round = 0; round < 10 && acks.some((ack) => !ack.ok); round++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const retried = acks.flatMap((ack, index) => (ack.ok ? [] : [index]));
        const answers = await Promise.all(retried.map((index) => send(index)));
        for (const [position, index] of retried.entries()) acks[index] = answers[position]!;
      }
      expect(acks.filter((ack) => !ack.ok), summariseProblems()).toEqual([]);
      const conversationIds = acks.map((ack) => ack.conversationId);
      expect(new Set(conversationIds).size).toBe(VISITORS);

      // Quiet: every conversation assigned or waiting with its job queued (routing queues new work after the ack).
      let allRoutedAfterMs = 0;
      const state = await waitForQuiet((current) => {
        const done =
          current.total === VISITORS &&
          current.strays.length === 0 &&
          current.assigned === TOTAL_SLOTS &&
          current.queueDepth === current.waiting.length;
        if (done && allRoutedAfterMs === 0) allRoutedAfterMs = Date.now() - burstAt;
        return done;
      }, `${TOTAL_SLOTS} assignments`);
      console.warn(`[routing-cluster] all ${VISITORS} conversations assigned or queued ${allRoutedAfterMs} ms after the burst was sent`);
      await expectConsistent(state, TOTAL_SLOTS);
      // Each agent is as full as chats of weight 2 can make them: floor(capacity / 2) chats.
      for (const agent of agents) expect(state.assignedTo.get(agent.id)?.length ?? 0).toBe(slotsOf(agent.capacity));
      // One assignment per conversation on the timeline: none was assigned twice, even for a moment.
      const assignedEvents = await db!.timelineEvent.groupBy({ by: ['conversationId'], where: { kind: 'routing.assigned' }, _count: true });
      expect(assignedEvents.filter((group) => group._count > 1)).toEqual([]);
      expect(assignedEvents).toHaveLength(TOTAL_SLOTS);
      steps.burst = true;
    },
    STEP_TIMEOUT_MS,
  );

  it('accepted every first message of the burst on the first attempt', () => {
    expect(steps.burst, 'the burst step must have passed').toBe(true);
    const refusals = serverLogLines().filter(isBurstRefusal);
    const reasons = [...new Set(burstRefused.map((ack) => ack.error?.message ?? JSON.stringify(ack)))];
    expect(
      burstRefused.length,
      `${burstRefused.length} of ${VISITORS} first messages were refused (${reasons.join('; ')}); ` +
        `${refusals.length} "P2028 Unable to start a transaction in the given time" errors in the servers' logs, e.g.\n${refusals[0] ?? ''}`,
    ).toBe(0);
  });

  it(
    "hands an agent's chats back when they go offline through the other process, without overfilling anyone",
    async () => {
      expect(steps.burst, 'the burst step must have passed').toBe(true);
      // The fullest agent that went online through A leaves through B.
      offlineAgent = agents
        .filter((agent) => agent.via === 'A')
        .sort((a, b) => slotsOf(b.capacity) - slotsOf(a.capacity))[0]!;
      const before = await snapshot();
      requeuedIds = before.assignedTo.get(offlineAgent.id) ?? [];
      expect(requeuedIds).toHaveLength(slotsOf(offlineAgent.capacity));

      const presence = await setPresence(server('B'), offlineAgent, 'OFFLINE');
      expect(presence.status).toBe('OFFLINE');

      // Everyone else is full, so the handed-back chats have nowhere to go: they wait, first in line.
      const expected = TOTAL_SLOTS - requeuedIds.length;
      const state = await waitForQuiet(
        (current) => current.assigned === expected && requeuedIds.every((id) => current.queuedIds.has(id)),
        'the offline agent\'s chats to be queued again',
      );
      await expectConsistent(state, expected);
      expect(state.assignedTo.get(offlineAgent.id) ?? []).toEqual([]);
      const offlineInRedis = await redisAgent(offlineAgent.id);
      expect(offlineInRedis).toMatchObject({ status: 'OFFLINE', load: 0, items: {} });
      const front = await redis!.zrange(`${redisPrefix}:bull:routing-${teamId}:prioritized`, '0', String(requeuedIds.length - 1));
      expect([...front].sort()).toEqual([...requeuedIds].sort());
      const requeuedEvents = await db!.timelineEvent.count({ where: { conversationId: { in: requeuedIds }, kind: 'routing.requeued' } });
      expect(requeuedEvents).toBe(requeuedIds.length);
      steps.offline = true;
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'gives freed capacity to waiting chats as soon as agents finish (drain on finish), still within capacity',
    async () => {
      expect(steps.offline, 'the offline step must have passed').toBe(true);
      const before = await snapshot();
      // One chat each from four agents who stayed online (the handed-back chats go first: three of them).
      const finishing = agents.filter((agent) => agent !== offlineAgent && (before.assignedTo.get(agent.id)?.length ?? 0) > 0).slice(0, 4);
      expect(finishing).toHaveLength(4);
      const resolvedIds = finishing.map((agent) => before.assignedTo.get(agent.id)![0]!);
      // Were any waiting item older than REPAIR_AGE_MS, the repair sweep would drain too and hide a missing drain on finish.
      const isolated = Date.now() - burstAt < REPAIR_AGE_MS - 5_000;
      if (!isolated) console.warn('[routing-cluster] the burst is over 25 s old: the repair sweep may also drain during this step');

      const resolvedAt = Date.now();
      const responses = await Promise.all(
        finishing.map((agent, index) =>
          api(server('A').url, agent.cookie, `/api/conversations/${resolvedIds[index]}/status`, { body: { status: 'RESOLVED' } }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(finishing.map(() => 200));

      const expected = TOTAL_SLOTS - requeuedIds.length;
      let refilledAfterMs = 0;
      const state = await waitForQuiet((current) => {
        const done = current.assigned === expected && requeuedIds.every((id) => !current.queuedIds.has(id));
        if (done && refilledAfterMs === 0) refilledAfterMs = Date.now() - resolvedAt;
        return done;
      }, 'the freed capacity to be used');
      console.warn(`[routing-cluster] freed capacity refilled ${refilledAfterMs} ms after the resolutions (isolated from repair: ${isolated})`);
      expect(refilledAfterMs).toBeLessThan(5_000);
      await expectConsistent(state, expected, resolvedIds.length);

      // The handed-back chats were first in line: they went to the agents who finished.
      const finishingIds = new Set(finishing.map((agent) => agent.id));
      const rows = await db!.conversation.findMany({ where: { id: { in: requeuedIds } } });
      expect(rows.every((row) => row.assigneeId !== null && finishingIds.has(row.assigneeId))).toBe(true);
      for (const agent of finishing) expect(state.assignedTo.get(agent.id)?.length ?? 0).toBe(slotsOf(agent.capacity));
      const resolved = await db!.conversation.findMany({ where: { id: { in: resolvedIds } } });
      expect(resolved.map((row) => row.status)).toEqual(resolvedIds.map(() => 'RESOLVED'));
    },
    STEP_TIMEOUT_MS,
  );
});
