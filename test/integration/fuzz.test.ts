import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Express } from 'express';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSockets, connectAgent, connectVisitor, createTeam, createUser, createWebchatInbox, login } from '../helpers/fixtures.js';
import { contentType, exportedSchemas, hostileJson, pathSegment, payloadFrom, queryString } from '../helpers/fuzz-arbitraries.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Same seed, same requests: a failure prints its seed and path; pass FUZZ_SEED (and FUZZ_PATH) to replay it. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REST_RUNS = Number(process.env.FUZZ_REST_RUNS ?? 1800);
const SOCKET_RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 1000);
/** A request unanswered this long counts as a hang. */
const HANG_MS = 15_000;

interface RouteSpec {
  method: string;
  path: string;
}

/**
 * Every REST route the app serves, read from Express's router stack. Kept in this one function so it
 * can switch to the route declaration table once that exists.
 */
function listRoutes(app: Express): RouteSpec[] {
  type Layer = { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const routes: RouteSpec[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') routes.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

/** Socket events by namespace (the server registers them per connection, so they are listed here). */
const SOCKET_EVENTS = {
  agent: ['conversation:join', 'conversation:leave', 'message:send', 'conversation:status', 'typing', 'conversation:read', 'presence:set', 'presence:heartbeat'],
  widget: ['message:send', 'offline:message', 'profile:update', 'history', 'availability', 'typing', 'receipt', 'csat:submit'],
};

let app: TestApp;
const cookies: Record<'admin' | 'agent' | 'anonymous', string> = { admin: '', agent: '', anonymous: '' };
let adminEmail: string;
let agentEmail: string;
let knownIds: string[] = [];
let inboxToken: string;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  const inbox = await createWebchatInbox(app.db, { teamId: team.id });
  inboxToken = inbox.publicToken;
  adminEmail = (await createUser(app.db, { role: 'ADMIN' })).email;
  agentEmail = (await createUser(app.db, { role: 'AGENT', teamIds: [team.id] })).email;
  const sacrificial = await createUser(app.db, { role: 'AGENT', teamIds: [team.id] }); // fuzzing may change or disable it
  const opened = await app.services.conversations.ingestInbound({ inboxId: inbox.id, identity: { kind: 'EMAIL', value: 'fuzz@example.test' }, text: 'hello' });
  knownIds = [team.id, inbox.id, sacrificial.id, opened.conversation.id, opened.customerId, opened.message.id];
  await signIn();
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

/** Fuzzed requests may log out or lock a session; sign in again now and then. */
async function signIn() {
  cookies.admin = await login(app.url, adminEmail);
  cookies.agent = await login(app.url, agentEmail);
}

interface Tally {
  cases: number;
  byClass: Record<string, number>;
}

function tally(): Tally {
  return { cases: 0, byClass: {} };
}

function count(tallied: Tally, what: string) {
  tallied.cases++;
  tallied.byClass[what] = (tallied.byClass[what] ?? 0) + 1;
}

describe('fuzzing', () => {
  it('no REST route answers 5xx, crashes or hangs on hostile input, as admin, agent or anonymous', async () => {
    const routes = listRoutes(app.httpApp);
    expect(routes.length).toBeGreaterThan(30);
    const ids = fc.constantFrom(...knownIds);
    const body = payloadFrom(await exportedSchemas(), ids);
    const rawBody = fc.oneof(
      body.map((value) => JSON.stringify(value) ?? ''),
      fc.constantFrom('{"a":', '[', '\u0000', '{"text":"\\u0000"}', '{"text":"\\ud800"}', '', 'null', '"x"', '1', '\xff\xfe'),
    );
    const request = fc.record({
      route: fc.constantFrom(...routes),
      role: fc.constantFrom('admin', 'agent', 'anonymous') as fc.Arbitrary<keyof typeof cookies>,
      segments: fc.array(pathSegment(ids), { minLength: 4, maxLength: 4 }),
      query: queryString,
      body: rawBody,
      contentType,
    });
    const seen = tally();

    await fc.assert(
      fc.asyncProperty(request, async ({ route, role, segments, query, body: text, contentType: type }) => {
        if (seen.cases % 300 === 0) await signIn();
        let segment = 0;
        const path = route.path.replace(/:\w+|\*\w+/g, () => segments[segment++ % segments.length]!);
        const hasBody = !['GET', 'HEAD'].includes(route.method);
        let status: number;
        try {
          const response = await fetch(`${app.url}${path}${query}`, {
            method: route.method,
            headers: { ...(cookies[role] && { cookie: cookies[role] }), ...(hasBody && { 'content-type': type }) },
            body: hasBody ? text : undefined,
            signal: AbortSignal.timeout(HANG_MS),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch (error) {
          count(seen, 'no answer');
          throw new Error(`${route.method} ${path}: no answer (${(error as Error).message})`);
        }
        count(seen, `${Math.floor(status / 100)}xx`);
        if (status >= 500) throw new Error(`${route.method} ${route.path} as ${role} answered ${status}`);
      }),
      { seed: SEED, numRuns: REST_RUNS, path: process.env.FUZZ_PATH, endOnFailure: true },
    );
    console.warn(`[fuzz] REST: ${routes.length} routes, ${seen.cases} cases, seed ${SEED}: ${JSON.stringify(seen.byClass)}`);
    expect(seen.byClass['5xx'] ?? 0).toBe(0);
  }, 240_000);

  it('no /agent or /widget socket event answers "internal", crashes or hangs on hostile payloads', async () => {
    const ids = fc.constantFrom(...knownIds);
    const payload = fc.oneof(payloadFrom(await exportedSchemas(), ids), hostileJson, fc.constant(undefined));
    const sockets: Record<'agent' | 'widget', Socket | undefined> = { agent: undefined, widget: undefined };
    // A payload over the size limit closes that client's connection by design: connect again.
    const socketFor = async (namespace: 'agent' | 'widget') => {
      if (!sockets[namespace]?.connected) {
        sockets[namespace] = namespace === 'agent' ? await connectAgent(app.url, cookies.agent) : (await connectVisitor(app.url, inboxToken)).socket;
      }
      return sockets[namespace];
    };
    const emitted = fc.oneof(
      fc.record({ namespace: fc.constant('agent' as const), event: fc.constantFrom(...SOCKET_EVENTS.agent), payload }),
      fc.record({ namespace: fc.constant('widget' as const), event: fc.constantFrom(...SOCKET_EVENTS.widget), payload }),
    );
    const seen = tally();
    await signIn();

    await fc.assert(
      fc.asyncProperty(emitted, async ({ namespace, event, payload: sent }) => {
        const socket = await socketFor(namespace);
        const withId = event === 'message:send' || event === 'offline:message' ? { clientMessageId: randomUUID(), ...(sent as object) } : sent;
        const data = typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? withId : sent;
        let ack: { ok?: boolean; error?: { code?: string } } | undefined;
        try {
          ack = (await socket.timeout(HANG_MS).emitWithAck(event, data)) as typeof ack;
        } catch (error) {
          if (!socket.connected) {
            count(seen, 'disconnected (payload too large)');
            return;
          }
          count(seen, 'no answer');
          throw new Error(`${namespace} ${event}: no acknowledgement (${(error as Error).message})`);
        }
        count(seen, ack?.ok ? 'ok' : (ack?.error?.code ?? 'no code'));
        if (!ack || ack.error?.code === 'internal') throw new Error(`${namespace} ${event} answered ${JSON.stringify(ack)}`);
      }),
      { seed: SEED, numRuns: SOCKET_RUNS, path: process.env.FUZZ_PATH, endOnFailure: true },
    );
    console.warn(`[fuzz] sockets: ${seen.cases} cases, seed ${SEED}: ${JSON.stringify(seen.byClass)}`);
    expect(seen.byClass.internal ?? 0).toBe(0);
  }, 240_000);
});
