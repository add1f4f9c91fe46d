/*
 * Routing throughput: N waiting conversations, M agents coming online at once, and a
 * simulated "agent finishes" loop that resolves every assignment as it arrives, until
 * all N have been assigned or the time limit passes.
 *
 *   npx tsx bench/routing.ts [--conversations 10000] [--agents 200] [--capacity 6]
 *                            [--chat-share 0.5] [--time-limit 120] [--handle-ms 0]
 *                            [--resolve-concurrency 32] [--hold] [--profile] [--cpuprofile FILE]
 *
 * Runs the real app in this process (startApp through test/helpers/test-app.ts: a fresh
 * database copied from the migrated template, a fresh Redis prefix, both removed at the end).
 *
 * How it measures
 * - Seeding (not timed as routing): customers and conversations with Prisma createMany
 *   (queuedAt set, team set), then one BullMQ job each through RoutingQueues.enqueue with
 *   routingPriority, exactly what RoutingService.enqueue puts in Redis (without its
 *   per-item queue-position broadcast). Sessions come straight from SessionStore (no
 *   200 argon2 logins).
 * - Agents go ONLINE with 200 concurrent POST /api/presence. Nobody sends heartbeats, so
 *   ROUTING_HEARTBEAT_TIMEOUT_SECONDS is raised for the run.
 * - Assignments are observed on one supervisor /agent socket (the supervisors room gets every
 *   conversation:updated). Each one is resolved at once (or after --handle-ms) with the
 *   console's 'conversation:status' socket event, i.e. ConversationsService.changeStatus,
 *   whose conversation.updated event makes routing release the capacity and drain.
 *   No agent consoles are connected, so the server does not fan every update out to 200
 *   team members (a real deployment would, on top of what is measured here).
 * - Latency "agent free -> assigned": the bench keeps each agent's free capacity as it
 *   knows it: it becomes free when the presence request is sent (going online) or when a
 *   resolution is sent (a resolution that frees capacity). For an assignment of weight w,
 *   latency = conversation.assignedAt (server clock = this process's clock) minus the
 *   moment the agent's free capacity last reached >= w. Resolutions count as freeing
 *   capacity when sent, so the latency includes the resolution's own processing (its
 *   round trip is printed too). "Notified" latency uses the moment the socket event arrived.
 *   With --handle-ms 0 an agent never runs out of room, so this is how long room stayed
 *   unused while work waited; "resolution sent -> that agent's next assignment" pairs each
 *   resolution with the agent's next assignment (FIFO) as a per-event view.
 * - --hold: agents keep their work (no resolutions); with --capacity 100 everything fits in
 *   the first fill, which measures the drain alone.
 * - Capacity: every 200 ms the agents' Redis hashes are sampled (load <= capacity); the
 *   bench's own free-capacity count must never go negative (it frees capacity before the
 *   server can); at the end the database is swept per agent over [assignedAt, resolvedAt)
 *   intervals with channel weights (max concurrent load <= capacity), and open work,
 *   Redis load and routing.assigned timeline events are cross-checked.
 * - --profile wraps routing's methods, Redis commands and SQL queries with timers at run
 *   time (src/ is untouched) and prints where the time went.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { channelWeight, type Channel } from '../src/domain/routing/channel-weight.js';
import { routingPriority } from '../src/domain/routing/priority.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { SessionStore } from '../src/modules/auth/session.store.js';
import { AgentPresenceStore } from '../src/modules/routing/agent-presence.store.js';
import { DrainCoordinator } from '../src/modules/routing/drain-coordinator.js';
import { RoutingQueues, type WaitingItem } from '../src/modules/routing/routing.queue.js';
import type { RoutingService } from '../src/modules/routing/routing.service.js';
import setupTemplate from '../test/helpers/global-setup.js';
import { startTestApp, TEST_REDIS_URL } from '../test/helpers/test-app.js';

const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '10000' },
    agents: { type: 'string', default: '200' },
    capacity: { type: 'string', default: '6' },
    'chat-share': { type: 'string', default: '0.5' },
    'time-limit': { type: 'string', default: '120' },
    'handle-ms': { type: 'string', default: '0' },
    'resolve-concurrency': { type: 'string', default: '32' },
    /** Agents keep what they get (no resolutions): pure routing, when capacity can hold everything. */
    hold: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of this process from "agents online" to the end of the run. */
    cpuprofile: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const CONVERSATIONS = Number(args.conversations);
const AGENTS = Number(args.agents);
const CAPACITY = Number(args.capacity);
const CHAT_SHARE = Number(args['chat-share']);
const TIME_LIMIT_MS = Number(args['time-limit']) * 1000;
const HANDLE_MS = Number(args['handle-ms']);
const RESOLVE_CONCURRENCY = Number(args['resolve-concurrency']);
const HOLD = args.hold;
const TARGET_PER_SECOND = 2000;

// ---- profiling (run-time wrappers; nothing in src/ changes) --------------------------------

interface Timing {
  count: number;
  totalMs: number;
  maxMs: number;
}
const timings = new Map<string, Timing>();
const redisCommands = new Map<string, number>();
let sqlQueries = 0;
let sqlMs = 0;

function record(name: string, ms: number): void {
  const timing = timings.get(name) ?? { count: 0, totalMs: 0, maxMs: 0 };
  timing.count += 1;
  timing.totalMs += ms;
  timing.maxMs = Math.max(timing.maxMs, ms);
  timings.set(name, timing);
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Methods whose first argument is a routing key: timed per key kind (the team's queue or the general one). */
const BY_ROUTING_KEY = new Set(['drain', 'request']);

function timeMethods(label: string, prototype: object, names: string[]): void {
  const methods = prototype as Record<string, AnyMethod>;
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') throw new Error(`${label}.${name} is not a method`);
    methods[name] = function (this: unknown, ...params: unknown[]) {
      const key = BY_ROUTING_KEY.has(name) ? `${label}.${name}[${params[0] === 'general' ? 'general' : 'team'}]` : `${label}.${name}`;
      const started = performance.now();
      const result = original.apply(this, params);
      if (result instanceof Promise) {
        return result.finally(() => record(key, performance.now() - started));
      }
      record(key, performance.now() - started);
      return result;
    };
  }
}

/** The router is one object whose jobs call each other through it: its members are timed on the instance. */
function timeRouting(routing: RoutingService): void {
  timeMethods('RoutingService', routing, ['drain', 'publishQueueChangeSoon', 'releaseCapacity', 'setPresence', 'sweep', 'recordHandleTime']);
}

function installProfiling(excludedRedis: () => Redis[]): void {
  timeMethods('DrainCoordinator', DrainCoordinator.prototype, ['request']);
  timeMethods('AgentPresenceStore', AgentPresenceStore.prototype, ['reserve', 'release', 'onlineAgents', 'getState', 'setState']);
  timeMethods('RoutingQueues', RoutingQueues.prototype, ['waiting', 'claim', 'waitingIds', 'position', 'depth']);

  const redisProto = Redis.prototype as unknown as { sendCommand: (command: { name: string }) => unknown };
  const sendCommand = redisProto.sendCommand;
  redisProto.sendCommand = function (this: Redis, command: { name: string }) {
    if (!excludedRedis().includes(this)) redisCommands.set(command.name, (redisCommands.get(command.name) ?? 0) + 1);
    return sendCommand.call(this, command);
  };

  const clientProto = pg.Client.prototype as unknown as { query: AnyMethod };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...params: unknown[]) {
    sqlQueries += 1;
    const started = performance.now();
    const result = query.apply(this, params);
    if (result instanceof Promise) return result.finally(() => (sqlMs += performance.now() - started));
    return result;
  };
}

// ---- helpers -------------------------------------------------------------------------------

interface CpuSnapshot {
  /** Whole machine, from /proc/stat: busy and total jiffies. */
  busy: number;
  total: number;
  /** utime + stime jiffies of every postgres process. */
  postgres: number;
  /** Redis's own used_cpu_user + used_cpu_sys, seconds. */
  redis: number;
}

async function cpuSnapshot(redis: Redis): Promise<CpuSnapshot | null> {
  try {
    const { readFile, readdir } = await import('node:fs/promises');
    const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    let postgres = 0;
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const match = /^\d+ \((.*)\) (.*)$/.exec(stat.trim());
      if (!match || match[1] !== 'postgres') continue;
      const rest = match[2]!.split(' ');
      postgres += Number(rest[11]) + Number(rest[12]);
    }
    const info = await redis.info('cpu');
    const used = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return { busy: total - idle, total, postgres, redis: used('used_cpu_user') + used('used_cpu_sys') };
  } catch {
    return null;
  }
}

/** Shares of the machine (in cores) over a run, from two snapshots. */
function describeCpu(before: CpuSnapshot | null, after: CpuSnapshot | null, wallMs: number, nodeCpuMicros: number): string {
  if (!before || !after) return `this Node process ${(nodeCpuMicros / 1000 / wallMs).toFixed(2)} cores`;
  const ticksPerSecond = 100;
  const seconds = wallMs / 1000;
  const machineCores = ((after.busy - before.busy) / (after.total - before.total)) * cpus().length;
  const nodeCores = nodeCpuMicros / 1000 / wallMs;
  const postgresCores = (after.postgres - before.postgres) / ticksPerSecond / seconds;
  const redisCores = (after.redis - before.redis) / seconds;
  return (
    `machine ${machineCores.toFixed(2)} of ${cpus().length} cores busy: this Node process ${nodeCores.toFixed(2)}, ` +
    `PostgreSQL (all databases) ${postgresCores.toFixed(2)}, Redis ${redisCores.toFixed(2)}, ` +
    `everything else on the machine ${Math.max(0, machineCores - nodeCores - postgresCores - redisCores).toFixed(2)}`
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function describe(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (value: number) => (Number.isNaN(value) ? '-' : `${Math.round(value)}`);
  return `n=${sorted.length} p50=${fmt(percentile(sorted, 50))} p90=${fmt(percentile(sorted, 90))} p99=${fmt(percentile(sorted, 99))} max=${fmt(sorted.at(-1) ?? Number.NaN)} ms`;
}

async function inBatches<T>(items: T[], size: number, work: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await work(items.slice(start, start + size));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the run -------------------------------------------------------------------------------

interface AgentBook {
  id: string;
  cookie: string;
  free: number;
  /** freeSince[k]: when free capacity last reached >= k (undefined while below k). */
  freeSince: (number | undefined)[];
  onlineAt: number;
  /** Send times of resolutions not yet followed by an assignment to this agent. */
  resolutionsSent: number[];
}

interface Assignment {
  conversationId: string;
  agentId: string;
  weight: number;
  assignedAt: number;
  observedAt: number;
  freedAt: number;
  /** What freed the capacity this assignment used. */
  cause: 'online' | 'resolution';
}

async function main(): Promise<void> {
  console.log(
    `routing bench: ${CONVERSATIONS} waiting conversations (${Math.round(CHAT_SHARE * 100)}% WEBCHAT weight 2, rest EMAIL weight 1), ` +
      `${AGENTS} agents of capacity ${CAPACITY}, time limit ${TIME_LIMIT_MS / 1000} s, handle time ${HANDLE_MS} ms, ` +
      `${HOLD ? 'agents hold their work (no resolutions)' : `resolve concurrency ${RESOLVE_CONCURRENCY}`}${args.profile ? ', profiling' : ''}`,
  );
  const sampler = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const benchRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  if (args.profile) installProfiling(() => [sampler, benchRedis]);

  // Server-side warnings and errors are kept and printed: a clean run has none.
  const problems: string[] = [];
  const logger = pino({ level: 'warn', base: { service: 'contact-center' } }, { write: (line: string) => void problems.push(line) });

  // The app must not crash the run (a Redis command on a closed connection during shutdown did): keep and report.
  let phase = 'run';
  process.on('unhandledRejection', (reason) => {
    problems.push(JSON.stringify({ level: 'unhandledRejection', phase, reason: String(reason), stack: (reason as Error)?.stack?.split('\n').slice(0, 8).join(' | ') }));
  });

  await setupTemplate();
  const app = await startTestApp(
    { DATABASE_POOL_SIZE: '10', ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '3600', LOG_LEVEL: 'warn' },
    { logger },
  );
  if (args.profile) {
    timeRouting(app.services.routing);
    // The conversations service is an object of functions: its methods are timed on the instance routing calls.
    timeMethods('ConversationsService', app.services.conversations, ['assignFromQueue', 'changeStatus', 'listWaiting', 'customersOf']);
  }
  const db = app.db;
  const prefix = app.redisPrefix;
  const sockets: Socket[] = [];
  let samplerTimer: NodeJS.Timeout | undefined;

  try {
    // ---- seed ----
    const seedStarted = Date.now();
    const team = await db.team.create({ data: { name: `Bench ${randomBytes(3).toString('hex')}` } });
    const inboxes = {
      WEBCHAT: await db.inbox.create({ data: { name: 'Chat', channel: 'WEBCHAT', teamId: team.id, publicToken: `bench-chat-${randomBytes(6).toString('hex')}` } }),
      EMAIL: await db.inbox.create({ data: { name: 'Mail', channel: 'EMAIL', teamId: team.id, publicToken: `bench-mail-${randomBytes(6).toString('hex')}` } }),
    };
    const channelOfInbox = new Map<string, Channel>([
      [inboxes.WEBCHAT.id, 'WEBCHAT'],
      [inboxes.EMAIL.id, 'EMAIL'],
    ]);
    const weightOf = (channel: Channel) => {
      const weight = channelWeight(channel, team.channelWeights);
      return typeof weight === 'number' ? weight : CAPACITY;
    };

    const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
    const agentIds = Array.from({ length: AGENTS }, () => randomUUID());
    await db.user.createMany({
      data: agentIds.map((id, index) => ({ id, email: `bench-agent-${index}-${id.slice(0, 8)}@example.test`, name: `Agent ${index}`, passwordHash, capacity: CAPACITY })),
    });
    await db.teamMembership.createMany({ data: agentIds.map((userId) => ({ teamId: team.id, userId })) });
    const supervisor = await db.user.create({
      data: { email: `bench-supervisor-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench supervisor', passwordHash, role: 'SUPERVISOR' },
    });

    const base = Date.now() - CONVERSATIONS;
    const rows = Array.from({ length: CONVERSATIONS }, (_, index) => {
      const channel: Channel = index % 100 < CHAT_SHARE * 100 ? 'WEBCHAT' : 'EMAIL';
      return { id: randomUUID(), customerId: randomUUID(), channel, queuedAt: new Date(base + index) };
    });
    await inBatches(rows, 2000, (batch) => db.customer.createMany({ data: batch.map((row) => ({ id: row.customerId, name: `Customer ${row.customerId.slice(0, 8)}` })) }));
    await inBatches(rows, 2000, (batch) =>
      db.conversation.createMany({
        data: batch.map((row) => ({
          id: row.id,
          inboxId: inboxes[row.channel as 'WEBCHAT' | 'EMAIL'].id,
          customerId: row.customerId,
          teamId: team.id,
          queuedAt: row.queuedAt,
          lastMessageAt: row.queuedAt,
        })),
      }),
    );
    const queues = new RoutingQueues(benchRedis, benchRedis, `${prefix}:bull`);
    await inBatches(rows, 500, (batch) =>
      Promise.all(
        batch.map((row) => {
          const item: WaitingItem = { conversationId: row.id, customerId: row.customerId, channel: row.channel, requiredSkills: [], queuedAt: row.queuedAt.getTime() };
          return queues.enqueue(team.id, item, routingPriority({ channel: row.channel, customerPriority: 0, conversationPriority: 'NONE' }));
        }),
      ),
    );
    const depth = await queues.depth(team.id);
    await queues.close();
    if (depth !== CONVERSATIONS) throw new Error(`queue depth ${depth} after seeding ${CONVERSATIONS}`);
    console.log(`seeded ${CONVERSATIONS} waiting conversations and ${AGENTS} agents in ${Date.now() - seedStarted} ms`);

    const sessions = new SessionStore(benchRedis, prefix, 3600);
    const book = new Map<string, AgentBook>();
    for (const id of agentIds) {
      book.set(id, { id, cookie: `cc_session=${await sessions.create(id)}`, free: 0, freeSince: [], onlineAt: 0, resolutionsSent: [] });
    }
    const supervisorCookie = `cc_session=${await sessions.create(supervisor.id)}`;

    // ---- observe and resolve ----
    const observer = io(`${app.url}/agent`, { transports: ['websocket'], extraHeaders: { cookie: supervisorCookie }, reconnection: false, forceNew: true });
    sockets.push(observer);
    await new Promise<void>((resolve, reject) => {
      observer.once('connect', () => resolve());
      observer.once('connect_error', reject);
    });

    const assignments: Assignment[] = [];
    const seen = new Map<string, number>();
    const anomalies: string[] = [];
    const bookViolations: string[] = [];
    const resolveRoundTrips: number[] = [];
    const replacementLatencies: number[] = [];
    let resolveErrors = 0;
    const pendingResolves: Assignment[] = [];
    let inFlight = 0;
    let lastAssignedAt = 0;
    let allAssigned: () => void = () => {};
    const done = new Promise<void>((resolve) => (allAssigned = resolve));

    const free = (agent: AgentBook, weight: number, at: number) => {
      const before = agent.free;
      agent.free += weight;
      for (let k = Math.max(1, before + 1); k <= agent.free; k++) agent.freeSince[k] = at;
    };
    const take = (agent: AgentBook, weight: number) => {
      agent.free -= weight;
      for (let k = Math.max(1, agent.free + 1); k < agent.freeSince.length; k++) agent.freeSince[k] = undefined;
    };

    const pump = () => {
      while (inFlight < RESOLVE_CONCURRENCY && pendingResolves.length > 0) {
        const assignment = pendingResolves.shift()!;
        const agent = book.get(assignment.agentId)!;
        inFlight += 1;
        const sentAt = Date.now();
        free(agent, assignment.weight, sentAt);
        agent.resolutionsSent.push(sentAt);
        (observer.timeout(60_000).emitWithAck('conversation:status', { conversationId: assignment.conversationId, status: 'RESOLVED' }) as Promise<{ ok: boolean }>)
          .then((ack) => {
            if (!ack.ok) throw new Error(JSON.stringify(ack));
            resolveRoundTrips.push(Date.now() - sentAt);
          })
          .catch((error: unknown) => {
            resolveErrors += 1;
            if (resolveErrors <= 3) console.error('resolve failed:', error);
            take(agent, assignment.weight); // the server kept the capacity: undo, try again later
            agent.resolutionsSent.splice(agent.resolutionsSent.indexOf(sentAt), 1);
            pendingResolves.push(assignment);
          })
          .finally(() => {
            inFlight -= 1;
            pump();
          });
      }
    };

    observer.on('conversation:updated', ({ conversation }: { conversation: { id: string; inboxId: string; assigneeId: string | null; assignedAt: string | null; status: string } }) => {
      if (conversation.status !== 'OPEN' || !conversation.assigneeId || !conversation.assignedAt) return;
      const assignedAt = Date.parse(conversation.assignedAt);
      const earlier = seen.get(conversation.id);
      if (earlier !== undefined) {
        if (earlier !== assignedAt) anomalies.push(`conversation ${conversation.id} assigned twice`);
        return;
      }
      seen.set(conversation.id, assignedAt);
      const agent = book.get(conversation.assigneeId);
      if (!agent) {
        anomalies.push(`conversation ${conversation.id} assigned to unknown user ${conversation.assigneeId}`);
        return;
      }
      const weight = weightOf(channelOfInbox.get(conversation.inboxId)!);
      const freedAt = agent.freeSince[weight];
      if (agent.free < weight || freedAt === undefined) {
        bookViolations.push(`agent ${agent.id} got weight ${weight} with ${agent.free} free`);
      }
      const assignment: Assignment = {
        conversationId: conversation.id,
        agentId: agent.id,
        weight,
        assignedAt,
        observedAt: Date.now(),
        freedAt: freedAt ?? assignedAt,
        cause: freedAt !== undefined && freedAt > agent.onlineAt ? 'resolution' : 'online',
      };
      take(agent, weight);
      const resolutionSent = agent.resolutionsSent[0];
      if (resolutionSent !== undefined && resolutionSent <= assignedAt) {
        agent.resolutionsSent.shift();
        replacementLatencies.push(assignedAt - resolutionSent);
      }
      assignments.push(assignment);
      lastAssignedAt = Math.max(lastAssignedAt, assignedAt);
      if (assignments.length >= CONVERSATIONS) allAssigned();
      if (HOLD) return;
      if (HANDLE_MS > 0) {
        setTimeout(() => {
          pendingResolves.push(assignment);
          pump();
        }, HANDLE_MS);
      } else {
        pendingResolves.push(assignment);
        pump();
      }
    });

    // ---- sample Redis loads ----
    const redisViolations: string[] = [];
    let samples = 0;
    let maxLoadSeen = 0;
    const sample = async () => {
      const pipeline = sampler.pipeline();
      for (const id of agentIds) pipeline.hmget(`${prefix}:routing:agent:${id}`, 'load', 'capacity');
      const results = (await pipeline.exec()) ?? [];
      samples += 1;
      for (const [index, [, value]] of results.entries()) {
        const [load, capacity] = (value as (string | null)[]).map((field) => (field === null ? null : Number(field)));
        if (load === null || load === undefined || capacity === null || capacity === undefined) continue;
        maxLoadSeen = Math.max(maxLoadSeen, load);
        if (load > capacity) redisViolations.push(`agent ${agentIds[index]} load ${load} > capacity ${capacity}`);
      }
    };
    samplerTimer = setInterval(() => void sample().catch((error: unknown) => console.error('sample failed', error)), 200);

    // ---- go ----
    const inspector = args.cpuprofile ? new Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    const machineBefore = await cpuSnapshot(sampler);
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    const onlineAt = Date.now();
    for (const agent of book.values()) {
      agent.onlineAt = onlineAt;
      free(agent, CAPACITY, onlineAt);
    }
    const presenceTimes: number[] = [];
    await Promise.all(
      [...book.values()].map(async (agent) => {
        const started = Date.now();
        const response = await fetch(`${app.url}/api/presence`, {
          method: 'POST',
          headers: { cookie: agent.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'ONLINE' }),
        });
        if (response.status !== 200) throw new Error(`presence: ${response.status} ${await response.text()}`);
        presenceTimes.push(Date.now() - started);
      }),
    );
    const presenceDoneAt = Date.now();

    let timedOut = false;
    let limitTimer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (limitTimer = setTimeout(() => resolve(void (timedOut = true)), TIME_LIMIT_MS)))]);
    clearTimeout(limitTimer);
    const endedAt = Date.now();
    const elu = performance.eventLoopUtilization(eluBefore);
    const cpu = process.cpuUsage(cpuBefore);
    const machineAfter = await cpuSnapshot(sampler);
    if (inspector && args.cpuprofile) {
      const { profile } = await inspector.post('Profiler.stop');
      await writeFile(args.cpuprofile, JSON.stringify(profile));
      inspector.disconnect();
      console.log(`CPU profile of the run written to ${args.cpuprofile}`);
    }
    // Let the resolutions in hand finish before checking.
    const drainDeadline = Date.now() + 20_000;
    while ((inFlight > 0 || (pendingResolves.length > 0 && !timedOut)) && Date.now() < drainDeadline) await sleep(50);
    clearInterval(samplerTimer);
    samplerTimer = undefined;
    await sleep(1000); // routing settles (drains triggered by the last resolutions)
    await sample();

    // ---- database checks ----
    const stored = await db.conversation.findMany({
      where: { teamId: team.id, assignedAt: { not: null } },
      select: { id: true, assigneeId: true, assignedAt: true, resolvedAt: true, status: true, inboxId: true },
    });
    const dbViolations: string[] = [];
    const byAgent = new Map<string, { at: number; delta: number }[]>();
    for (const row of stored) {
      if (!row.assigneeId || !row.assignedAt) continue;
      const weight = weightOf(channelOfInbox.get(row.inboxId)!);
      const events = byAgent.get(row.assigneeId) ?? [];
      events.push({ at: row.assignedAt.getTime(), delta: weight });
      if (row.resolvedAt) events.push({ at: row.resolvedAt.getTime(), delta: -weight });
      byAgent.set(row.assigneeId, events);
    }
    let dbMaxLoad = 0;
    for (const [agentId, events] of byAgent) {
      // Releases before assignments at the same millisecond.
      events.sort((a, b) => a.at - b.at || a.delta - b.delta);
      let load = 0;
      for (const event of events) {
        load += event.delta;
        dbMaxLoad = Math.max(dbMaxLoad, load);
        if (load > CAPACITY) {
          dbViolations.push(`agent ${agentId} carried ${load} > ${CAPACITY} at ${new Date(event.at).toISOString()}`);
          break;
        }
      }
    }
    const openLoads = new Map<string, number>();
    for (const row of stored) {
      if (row.status === 'RESOLVED' || !row.assigneeId) continue;
      openLoads.set(row.assigneeId, (openLoads.get(row.assigneeId) ?? 0) + weightOf(channelOfInbox.get(row.inboxId)!));
    }
    const mismatches: string[] = [];
    const finalLoads = await Promise.all(agentIds.map((id) => sampler.hget(`${prefix}:routing:agent:${id}`, 'load')));
    for (const [index, id] of agentIds.entries()) {
      const inRedis = Number(finalLoads[index] ?? 0);
      const inDb = openLoads.get(id) ?? 0;
      if (inRedis !== inDb) mismatches.push(`agent ${id}: Redis load ${inRedis}, database ${inDb}`);
    }
    const repaired = problems.flatMap((line) => {
      const match = /"conversationId":"([0-9a-f-]{36})","msg":"waiting conversation was missing from its queue/.exec(line);
      return match ? [match[1]!] : [];
    });
    const wiped = await db.conversation.count({ where: { teamId: team.id, status: 'RESOLVED', assigneeId: null } });
    // Evidence for the report: a conversation whose assignment was wiped, and what a phantom Redis load holds.
    const evidence: string[] = [];
    const story = async (conversationId: string) => {
      const events = await db.timelineEvent.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } });
      const now = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      return (
        `${conversationId}: ${events.map((event) => `${event.createdAt.toISOString().slice(11, 23)} ${event.kind} ${JSON.stringify(event.data)}`).join(' -> ')}; ` +
        `now status ${now.status}, assignee ${now.assigneeId}, assignedAt ${now.assignedAt?.toISOString() ?? null}, queuedAt ${now.queuedAt?.toISOString() ?? null}`
      );
    };
    const wipedExample = await db.conversation.findFirst({ where: { teamId: team.id, status: 'RESOLVED', assigneeId: null }, select: { id: true } });
    if (wipedExample) evidence.push(`  resolved without an assignee: ${await story(wipedExample.id)}`);
    for (const [index, id] of agentIds.entries()) {
      if (Number(finalLoads[index] ?? 0) === (openLoads.get(id) ?? 0)) continue;
      const held = await sampler.hgetall(`${prefix}:routing:agent:${id}:items`);
      for (const conversationId of Object.keys(held).slice(0, 1)) evidence.push(`  agent ${id} holds in Redis ${await story(conversationId)}`);
      if (evidence.length >= 3) break;
    }
    const doubled = await db.timelineEvent.groupBy({ by: ['conversationId'], where: { kind: 'routing.assigned' }, _count: true, having: { conversationId: { _count: { gt: 1 } } } });
    const stillWaiting = await db.conversation.count({ where: { teamId: team.id, assigneeId: null, status: 'OPEN' } });
    const lost = await db.conversation.count({ where: { teamId: team.id, assigneeId: null, status: 'OPEN', queuedAt: null } });

    // ---- report ----
    const assigned = assignments.length;
    const windowMs = Math.max(1, (lastAssignedAt || endedAt) - onlineAt);
    const initial = assignments.filter((assignment) => assignment.cause === 'online');
    const steady = assignments.filter((assignment) => assignment.cause === 'resolution');
    const firstFillDone = initial.reduce((latest, assignment) => Math.max(latest, assignment.assignedAt), onlineAt);
    const steadyWindow = steady.filter((assignment) => assignment.assignedAt > firstFillDone);
    const steadyMs = Math.max(1, lastAssignedAt - firstFillDone);

    console.log('');
    console.log('== results ==');
    console.log(`assignments: ${assigned} of ${CONVERSATIONS}${timedOut ? ` (time limit of ${TIME_LIMIT_MS / 1000} s reached)` : ''}; in the database: ${stored.length}; still waiting: ${stillWaiting}`);
    console.log(`throughput: ${((assigned / windowMs) * 1000).toFixed(0)} assignments/s overall (${(windowMs / 1000).toFixed(2)} s from online to the last assignment); target ${TARGET_PER_SECOND}/s`);
    console.log(`  into room an agent had since going online: ${initial.length} assignments, the last ${firstFillDone - onlineAt} ms after the presence requests were sent; all ${AGENTS} presence requests answered after ${presenceDoneAt - onlineAt} ms`);
    console.log(`  into room freed by resolutions, after that: ${((steadyWindow.length / steadyMs) * 1000).toFixed(0)} assignments/s over ${(steadyMs / 1000).toFixed(2)} s`);
    const perSecond = new Map<number, number>();
    for (const assignment of assignments) {
      const second = Math.floor((assignment.assignedAt - onlineAt) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const lastSecond = Math.max(0, ...perSecond.keys());
    console.log(`  per second: ${Array.from({ length: lastSecond + 1 }, (_, second) => perSecond.get(second) ?? 0).join(' ')}`);
    console.log('latency, agent has room for the item -> assignedAt (see the header for the method):');
    console.log(`  room since going online:   ${describe(initial.map((assignment) => assignment.assignedAt - assignment.freedAt))}`);
    console.log(`  room since a resolution:   ${describe(steady.map((assignment) => assignment.assignedAt - assignment.freedAt))}`);
    console.log(`  all, weight 2 (chat):      ${describe(assignments.filter((a) => a.weight === 2).map((a) => a.assignedAt - a.freedAt))}`);
    console.log(`  all, weight 1 (email):     ${describe(assignments.filter((a) => a.weight === 1).map((a) => a.assignedAt - a.freedAt))}`);
    console.log(`latency, resolution sent -> that agent's next assignment (FIFO pairs): ${describe(replacementLatencies)}`);
    console.log(`latency, agent free -> supervisor socket notified: ${describe(assignments.map((assignment) => assignment.observedAt - assignment.freedAt))}`);
    console.log(`resolution round trip (socket 'conversation:status' ack): ${describe(resolveRoundTrips)}; errors ${resolveErrors}`);
    console.log(`presence request (POST /api/presence ONLINE, ${AGENTS} at once): ${describe(presenceTimes)}`);
    console.log(`CPU during the run: event loop utilisation ${(elu.utilization * 100).toFixed(0)}%; ${describeCpu(machineBefore, machineAfter, endedAt - onlineAt, cpu.user + cpu.system)}`);
    const cpuPerAssignment = (cpu.user + cpu.system) / 1000 / Math.max(1, assigned);
    console.log(
      `this process's CPU per assignment${HOLD ? '' : ' (with its resolution)'}: ${cpuPerAssignment.toFixed(2)} ms, ` +
        `i.e. at most ${Math.round(1000 / cpuPerAssignment)} assignments/s for one fully available core (the app is one Node process)`,
    );

    const capacityOk = redisViolations.length === 0 && dbViolations.length === 0 && bookViolations.length === 0;
    console.log('');
    console.log('== capacity ==');
    console.log(`Redis samples: ${samples} x ${AGENTS} agents, max load seen ${maxLoadSeen} (capacity ${CAPACITY}), violations ${redisViolations.length}${redisViolations.length ? `: ${redisViolations.slice(0, 3).join('; ')}` : ''}`);
    console.log(`bench bookkeeping: violations ${bookViolations.length}${bookViolations.length ? `: ${bookViolations.slice(0, 3).join('; ')}` : ''}`);
    console.log(`database sweep over [assignedAt, resolvedAt): max load ${dbMaxLoad}, violations ${dbViolations.length}${dbViolations.length ? `: ${dbViolations.slice(0, 3).join('; ')}` : ''}`);
    console.log(`end state: Redis load vs open work in the database mismatches ${mismatches.length}${mismatches.length ? `: ${mismatches.slice(0, 3).join('; ')}` : ''}`);
    console.log(`conversations with more than one routing.assigned event: ${doubled.length}; open, unassigned and not queued (lost): ${lost}; anomalies ${anomalies.length}${anomalies.length ? `: ${anomalies.slice(0, 3).join('; ')}` : ''}`);
    console.log(`repair sweep re-queued conversations ("missing from its queue"): ${repaired.length}; resolved conversations left without an assignee: ${wiped}`);
    for (const line of evidence) console.log(line);
    console.log(`server warnings/errors logged: ${problems.length}`);
    for (const line of problems.slice(0, 5)) console.log(`  ${line.trim().slice(0, 400)}`);
    console.log(`capacity never exceeded: ${capacityOk ? 'yes' : 'NO'}`);

    if (args.profile) printProfile(assigned, endedAt - onlineAt);
    process.exitCode = capacityOk && mismatches.length === 0 && lost === 0 && doubled.length === 0 ? 0 : 1;
  } finally {
    if (samplerTimer) clearInterval(samplerTimer);
    for (const socket of sockets) socket.close();
    phase = 'shutdown';
    const before = problems.length;
    await app.close();
    if (problems.length > before) {
      console.log(`server problems during shutdown: ${problems.length - before}`);
      for (const line of problems.slice(before, before + 3)) console.log(`  ${line.trim().slice(0, 600)}`);
    }
    sampler.disconnect();
    benchRedis.disconnect();
  }
}

function printProfile(assigned: number, runMs: number): void {
  console.log('');
  console.log(`== profile (inclusive times; nested calls overlap; run ${(runMs / 1000).toFixed(1)} s, ${assigned} assignments) ==`);
  const rows = [...timings.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs);
  for (const [name, timing] of rows) {
    console.log(
      `${name.padEnd(42)} calls ${String(timing.count).padStart(7)}  total ${timing.totalMs.toFixed(0).padStart(8)} ms  ` +
        `mean ${(timing.totalMs / timing.count).toFixed(2).padStart(8)} ms  max ${timing.maxMs.toFixed(0).padStart(6)} ms`,
    );
  }
  const drains = timings.get('RoutingService.drain[team]');
  if (drains && assigned > 0) console.log(`assignments per drain of the team's queue: ${(assigned / drains.count).toFixed(1)}`);
  const totalCommands = [...redisCommands.values()].reduce((sum, count) => sum + count, 0);
  const top = [...redisCommands.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`Redis commands by the app: ${totalCommands} (${assigned ? (totalCommands / assigned).toFixed(1) : '-'} per assignment): ${top.map(([name, count]) => `${name} ${count}`).join(', ')}`);
  console.log(`SQL queries: ${sqlQueries} (${assigned ? (sqlQueries / assigned).toFixed(1) : '-'} per assignment), ${sqlMs.toFixed(0)} ms summed client-side`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
