import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteDefinition } from '../../src/http/route-definition.js';
import type { AgentSocketEvent } from '../../src/realtime/agent.namespace.js';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, eventually, login, nextEvent, request } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The access policy, table-driven from the app's own route and socket declarations: every route or
 * event that takes an id must be listed below, or the first test fails. An agent of team A gets 404 for
 * team B's work and nothing changes; their own team's work and a supervisor's calls go through.
 */

interface Person {
  id: string;
  cookie: string;
}

interface Team {
  id: string;
  emailInboxId: string;
}

/** One conversation's worth of ids a route can name. */
interface Work {
  conversationId: string;
  /** A second conversation of the same team (merge needs two). */
  secondId: string;
  customerId: string;
  inboundMessageId: string;
  failedMessageId: string;
  attachmentId: string;
  inboxId: string;
  teamId: string;
}

type IdOf = 'conversationId' | 'inboundMessageId' | 'failedMessageId' | 'attachmentId';

interface ConversationCase {
  scope: 'conversation';
  /** Which of the work's ids goes in the path's :id. */
  id?: IdOf;
  body?: (work: Work, caller: Person) => unknown;
  query?: string;
  /** Puts the work in the state the caller needs to succeed (e.g. holding it before a transfer). */
  prepare?: (work: Work, caller: Person) => Promise<void>;
}

interface InboxCase {
  scope: 'inbox';
  body: (work: Work) => unknown;
}

interface NotScoped {
  scope: 'none';
  why: string;
}

type RouteCase = ConversationCase | InboxCase | NotScoped;

const adminOnly: NotScoped = { scope: 'none', why: 'admins (supervisors) only; they see everything' };

const holdIt = async (work: Work, caller: Person) => {
  await app.db.conversation.update({ where: { id: work.conversationId }, data: { assigneeId: caller.id } });
};

const routeCases: Record<string, RouteCase> = {
  'GET /conversations/:id': { scope: 'conversation' },
  'GET /conversations/:id/messages': { scope: 'conversation' },
  'POST /conversations/:id/messages': { scope: 'conversation', body: () => ({ text: 'a note', isPrivate: true }) },
  'POST /conversations/:id/read': { scope: 'conversation' },
  'POST /conversations/:id/merge': { scope: 'conversation', body: (work) => ({ sourceId: work.secondId }) },
  'POST /conversations/:id/status': { scope: 'conversation', body: () => ({ status: 'RESOLVED' }) },
  'POST /conversations/:id/team': { scope: 'conversation', body: (work) => ({ teamId: work.teamId }) },
  'POST /conversations/:id/priority': { scope: 'conversation', body: () => ({ priority: 'HIGH' }) },
  'POST /conversations/:id/labels': { scope: 'conversation', body: () => ({ labelIds: [] }) },
  'POST /conversations/:id/assignee': { scope: 'conversation', body: (_work, caller) => ({ assigneeId: caller.id }) },
  'POST /conversations/:id/transfer': { scope: 'conversation', prepare: holdIt, body: (work) => ({ toTeamId: work.teamId }) },
  'GET /conversations/:id/queue-position': { scope: 'conversation' },
  'POST /conversations/:id/requeue': { scope: 'none', why: 'supervisors and admins only; they see everything' },
  'POST /messages/:id/retry': { scope: 'conversation', id: 'failedMessageId' },
  'POST /email/conversations': {
    scope: 'inbox',
    body: (work) => ({ inboxId: work.inboxId, to: 'someone@example.test', subject: 'Hello', text: 'Writing first' }),
  },
  'POST /email/conversations/:id/replies': { scope: 'conversation', body: () => ({ text: 'Thanks for writing' }) },
  'POST /email/conversations/:id/forward': { scope: 'conversation', body: () => ({ to: ['colleague@example.test'] }) },
  'GET /email/messages/:id/content': { scope: 'conversation', id: 'inboundMessageId' },
  'GET /email/attachments/:id': { scope: 'conversation', id: 'attachmentId' },
  'GET /attachments/:id': { scope: 'none', why: 'public: the signature is the access, handed out only in messages the reader may see' },
  'GET /customers/:id': { scope: 'none', why: 'the customer record is shared company-wide; its conversations are filtered (below)' },
  'PATCH /customers/:id': { scope: 'none', why: 'the customer record is shared company-wide' },
  'GET /customers/:id/timeline': { scope: 'none', why: 'shared customer; other teams\' events are left out (below)' },
  'GET /customers/:id/merge-suggestions': { scope: 'none', why: 'the customer record is shared company-wide' },
  'POST /customers/:id/merge-suggestions/:suggestionId/dismiss': { scope: 'none', why: 'the customer record is shared company-wide' },
  'POST /customers/:id/merge': { scope: 'none', why: 'agents need a visible conversation of both customers (customer-merge.test.ts)' },
  'PATCH /users/:id': adminOnly,
  'PATCH /teams/:id': adminOnly,
  'POST /inboxes': adminOnly,
  'PATCH /inboxes/:id': adminOnly,
  'GET /inboxes/:id/widget-settings': adminOnly,
  'PUT /inboxes/:id/widget-settings': adminOnly,
  'POST /inboxes/:id/identity-secret': adminOnly,
  'PATCH /labels/:id': adminOnly,
  'DELETE /labels/:id': adminOnly,
  'PATCH /canned-responses/:id': adminOnly,
  'DELETE /canned-responses/:id': adminOnly,
  'POST /email/inboxes': adminOnly,
  'GET /email/inboxes/:inboxId': adminOnly,
  'PATCH /email/inboxes/:inboxId': adminOnly,
  'GET /email/inboxes/:inboxId/held-mails': adminOnly,
  'GET /email/inboxes/:inboxId/held-mails/:heldMailId/raw': adminOnly,
  'POST /email/inboxes/:inboxId/held-mails/:heldMailId/ingest': adminOnly,
  'OPTIONS /widget/:inboxToken/uploads': { scope: 'none', why: 'the widget: a visitor reaches only their own customer' },
  'POST /widget/:inboxToken/uploads': { scope: 'none', why: 'the widget: a visitor reaches only their own customer' },
};

interface SocketCase {
  scope: 'conversation' | 'none';
  payload?: (work: Work) => Record<string, unknown>;
  why?: string;
}

const socketCases: Record<string, SocketCase> = {
  'conversation:join': { scope: 'conversation' },
  'conversation:leave': { scope: 'none', why: 'anyone may stop watching, also after losing access' },
  'message:send': { scope: 'conversation', payload: () => ({ text: 'live reply', isPrivate: true }) },
  'conversation:status': { scope: 'conversation', payload: () => ({ status: 'PENDING' }) },
  typing: { scope: 'conversation', payload: () => ({ isTyping: true }) },
  'conversation:read': { scope: 'conversation' },
};

let app: TestApp;
let teamA: Team;
let teamB: Team;
let agentA: Person;
let agentB: Person;
let supervisor: Person;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await signIn('ADMIN', []);
  [teamA, teamB] = await Promise.all([teamWithEmailInbox(admin, 'a'), teamWithEmailInbox(admin, 'b')]);
  [agentA, agentB, supervisor] = await Promise.all([signIn('AGENT', [teamA.id]), signIn('AGENT', [teamB.id]), signIn('SUPERVISOR', [])]);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function signIn(role: 'ADMIN' | 'SUPERVISOR' | 'AGENT', teamIds: string[]): Promise<Person> {
  const user = await createUser(app.db, { role, teamIds });
  return { id: user.id, cookie: await login(app.url, user.email) };
}

/** A team with a (disabled, so never polled) e-mail inbox: its work supports every route, e-mail ones included. */
async function teamWithEmailInbox(admin: Person, name: string): Promise<Team> {
  const team = await createTeam(app.db);
  const created = await api(app.url, admin.cookie, '/api/email/inboxes', {
    body: {
      name: `Mail ${name}`,
      teamId: team.id,
      address: `support-${name}-${randomUUID().slice(0, 8)}@example.test`,
      enabled: false,
      imap: { host: '127.0.0.1', port: 9, tls: false, user: 'support', secret: 'secret' },
      smtp: { host: '127.0.0.1', port: 9, tls: false },
    },
  });
  if (created.status !== 201) throw new Error(`e-mail inbox: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: team.id, emailInboxId: created.body.inbox.inboxId };
}

/** A customer's e-mail opening two conversations of the team, one with a file in a note and a failed reply. */
async function workOf(team: Team): Promise<Work> {
  const identity = { kind: 'EMAIL' as const, value: `${randomUUID()}@example.test` };
  const opened = await app.services.conversations.ingestInbound({ inboxId: team.emailInboxId, identity, text: 'Hello', threadConversationId: null });
  const second = await app.services.conversations.ingestInbound({ inboxId: team.emailInboxId, identity, text: 'Again', threadConversationId: null });
  const conversationId = opened.conversation.id;
  const upload = await fetch(`${app.url}/api/uploads?fileName=notes.txt`, { method: 'POST', headers: { cookie: supervisor.cookie }, body: 'plain words' });
  const { token } = ((await upload.json()) as { upload: { token: string } }).upload;
  const note = await api(app.url, supervisor.cookie, `/api/conversations/${conversationId}/messages`, {
    body: { text: 'see file', isPrivate: true, uploads: [token] },
  });
  if (note.status !== 201) throw new Error(`note: ${note.status} ${JSON.stringify(note.body)}`);
  const failed = await app.db.message.create({
    data: {
      conversationId,
      inboxId: team.emailInboxId,
      direction: 'OUTBOUND',
      senderType: 'AGENT',
      senderUserId: supervisor.id,
      text: 'did not go out',
      deliveryStatus: 'FAILED',
      deliveryError: 'connection refused',
    },
  });
  return {
    conversationId,
    secondId: second.conversation.id,
    customerId: opened.conversation.customerId,
    inboundMessageId: opened.message.id,
    failedMessageId: failed.id,
    attachmentId: note.body.message.attachments[0].id,
    inboxId: team.emailInboxId,
    teamId: team.id,
  };
}

/** What a refused call must leave untouched: the conversations' rows, messages, labels, the caller's reads, the inbox's conversations. */
async function snapshot(work: Work) {
  const ids = [work.conversationId, work.secondId];
  const [conversations, messages, labels, reads, inboxConversations] = await Promise.all([
    app.db.conversation.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
    app.db.message.findMany({ where: { conversationId: { in: ids } }, select: { id: true, conversationId: true, deliveryStatus: true }, orderBy: { id: 'asc' } }),
    app.db.conversationLabel.count({ where: { conversationId: { in: ids } } }),
    app.db.conversationRead.count({ where: { userId: agentA.id, conversationId: { in: ids } } }),
    app.db.conversation.count({ where: { inboxId: work.inboxId } }),
  ]);
  return { conversations, messages, labels, reads, inboxConversations };
}

const routeKey = (route: RouteDefinition) => `${route.method.toUpperCase()} ${route.path}`;

/** Top-level fields of an object schema that name something by id. */
function idFields(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape).filter((key) => /Id$/.test(key)) : [];
}

const takesAnId = (route: RouteDefinition) => route.path.includes(':') || idFields(route.body).length > 0;

function call(person: Person, route: RouteDefinition, routeCase: ConversationCase | InboxCase, work: Work) {
  const path = `/api${route.path.replace(':id', routeCase.scope === 'conversation' ? work[routeCase.id ?? 'conversationId'] : '')}`;
  const query = routeCase.scope === 'conversation' && routeCase.query ? `?${routeCase.query}` : '';
  const body = routeCase.scope === 'conversation' ? routeCase.body?.(work, person) : routeCase.body(work);
  return api(app.url, person.cookie, `${path}${query}`, { method: route.method.toUpperCase(), body });
}

function routes(): RouteDefinition[] {
  return app.definitions.routes;
}

function agentEvents(): AgentSocketEvent[] {
  return app.definitions.agentEvents;
}

describe('the route and event tables', () => {
  it('list every route and socket event that takes an id in this test, and nothing that is gone', () => {
    const withIds = routes().filter(takesAnId).map(routeKey);
    expect(withIds.filter((key) => !(key in routeCases))).toEqual([]);
    expect(Object.keys(routeCases).filter((key) => !withIds.includes(key))).toEqual([]);

    const eventsWithIds = agentEvents()
      .filter((event) => idFields(event.payload).length > 0)
      .map((event) => event.name);
    expect(eventsWithIds.filter((name) => !(name in socketCases))).toEqual([]);
    expect(Object.keys(socketCases).filter((name) => !eventsWithIds.includes(name))).toEqual([]);
  });

  it('give every conversation-scoped route and event an access check', () => {
    for (const route of routes()) {
      const routeCase = routeCases[routeKey(route)];
      if (routeCase && routeCase.scope !== 'none') expect(route.access, routeKey(route)).toBeTypeOf('function');
    }
    for (const event of agentEvents()) {
      if (socketCases[event.name]?.scope === 'conversation') expect(event.access, event.name).toBeTypeOf('function');
    }
  });
});

describe('REST routes that name a conversation, message, file or inbox', () => {
  const scoped = Object.entries(routeCases).filter((entry): entry is [string, ConversationCase | InboxCase] => entry[1].scope !== 'none');

  it.each(scoped)('%s: 404 for another team\'s work with nothing changed; own team and supervisors go through', async (key, routeCase) => {
    const route = routes().find((candidate) => routeKey(candidate) === key)!;
    const [own, others] = await Promise.all([workOf(teamA), workOf(teamB)]);

    const before = await snapshot(others);
    const refused = await call(agentA, route, routeCase, others);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: 'not_found' } });
    expect(await snapshot(others)).toEqual(before);

    if (routeCase.scope === 'conversation') await routeCase.prepare?.(own, agentA);
    const allowed = await call(agentA, route, routeCase, own);
    expect(allowed.status, JSON.stringify(allowed.body)).toBeLessThan(300);

    if (routeCase.scope === 'conversation') await routeCase.prepare?.(others, supervisor);
    const supervised = await call(supervisor, route, routeCase, others);
    expect(supervised.status, JSON.stringify(supervised.body)).toBeLessThan(300);
  });

  it('merge checks both sides: another team\'s source into one\'s own is refused too', async () => {
    const [own, others] = await Promise.all([workOf(teamA), workOf(teamB)]);
    const before = await snapshot(others);
    const refused = await api(app.url, agentA.cookie, `/api/conversations/${own.conversationId}/merge`, { body: { sourceId: others.conversationId } });
    expect(refused.status).toBe(404);
    expect(await snapshot(others)).toEqual(before);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: own.conversationId } })).mergedIntoId).toBeNull();
  });
});

describe('/agent socket events that name a conversation', () => {
  const scoped = Object.entries(socketCases).filter(([, socketCase]) => socketCase.scope === 'conversation');

  it.each(scoped)('%s: refused (not_found) for another team\'s work with nothing changed; own team and supervisors go through', async (name, socketCase) => {
    const [own, others] = await Promise.all([workOf(teamA), workOf(teamB)]);
    const [socketA, socketSupervisor] = await Promise.all([connectAgent(app.url, agentA.cookie), connectAgent(app.url, supervisor.cookie)]);
    const payload = (work: Work) => ({ conversationId: work.conversationId, ...socketCase.payload?.(work) });

    const before = await snapshot(others);
    expect(await request(socketA, name, payload(others))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await snapshot(others)).toEqual(before);

    expect(await request(socketA, name, payload(own))).toMatchObject({ ok: true });
    expect(await request(socketSupervisor, name, payload(others))).toMatchObject({ ok: true });
  });

  it('never delivers another team\'s live messages to an agent who tried to join', async () => {
    const [own, others] = await Promise.all([workOf(teamA), workOf(teamB)]);
    const socketA = await connectAgent(app.url, agentA.cookie);
    const received: string[] = [];
    socketA.on('message:created', (event: { message: { conversationId: string } }) => received.push(event.message.conversationId));

    expect(await request(socketA, 'conversation:join', { conversationId: others.conversationId })).toMatchObject({ ok: false });
    expect(await request(socketA, 'conversation:join', { conversationId: own.conversationId })).toMatchObject({ ok: true });
    await customerWrites(others, 'secret of team B');
    // Pushes reach one socket in order: once their own conversation's message is in, team B's would have been too.
    const ownMessage = nextEvent(socketA, 'message:created', (event) => event.message.conversationId === own.conversationId);
    await customerWrites(own, 'for team A');
    await ownMessage;
    expect(received).not.toContain(others.conversationId);
  });

  it('stops live messages to an agent watching a conversation that moves to another team', async () => {
    const [moving, control] = await Promise.all([workOf(teamA), workOf(teamA)]);
    const socketA = await connectAgent(app.url, agentA.cookie);
    const received = collect(socketA, 'message:created');
    for (const work of [moving, control]) {
      expect(await request(socketA, 'conversation:join', { conversationId: work.conversationId })).toMatchObject({ ok: true });
    }
    expect((await api(app.url, supervisor.cookie, `/api/conversations/${moving.conversationId}/team`, { body: { teamId: teamB.id } })).status).toBe(200);
    expect((await api(app.url, agentA.cookie, `/api/conversations/${moving.conversationId}`)).status).toBe(404);

    // The room is left by a listener; once it has run, a message in the moved conversation no longer arrives
    // before the next one in the control conversation (one socket receives in order).
    await eventually(async () => {
      const before = received().length;
      await customerWrites(moving, 'after the move');
      const controlMessage = nextEvent(socketA, 'message:created', (event) => event.message.conversationId === control.conversationId);
      await customerWrites(control, 'control');
      await controlMessage;
      return !received().slice(before).includes(moving.conversationId);
    }, 'the watcher to leave the moved conversation');
  });

  it('pushes work with no team to its inbox\'s team only, and work of an inbox with no team to everyone', async () => {
    const others = await workOf(teamB);
    expect((await api(app.url, supervisor.cookie, `/api/conversations/${others.conversationId}/team`, { body: { teamId: null } })).status).toBe(200);
    const [socketA, socketB] = await Promise.all([connectAgent(app.url, agentA.cookie), connectAgent(app.url, agentB.cookie)]);
    const receivedByA = collect(socketA, 'message:created');

    // No team, but the inbox is team B's: team B sees it, team A neither reads nor hears it.
    expect((await api(app.url, agentA.cookie, `/api/conversations/${others.conversationId}`)).status).toBe(404);
    expect((await api(app.url, agentB.cookie, `/api/conversations/${others.conversationId}`)).status).toBe(200);
    const reachedB = nextEvent(socketB, 'message:created', (event) => event.message.conversationId === others.conversationId);
    await customerWrites(others, 'still team B\'s');
    await reachedB;

    // An inbox with no team: everyone's.
    const open = await createWebchatInbox(app.db);
    const reachedA = nextEvent(socketA, 'conversation:opened');
    const { conversation } = await app.services.conversations.ingestInbound({
      inboxId: open.id,
      identity: { kind: 'EMAIL', value: `${randomUUID()}@example.test` },
      text: 'anyone there?',
    });
    expect((await reachedA).conversation.id).toBe(conversation.id);
    expect((await api(app.url, agentA.cookie, `/api/conversations/${conversation.id}`)).status).toBe(200);
    // Socket pushes arrive in order: team B's no-team message went out before the open inbox's ones.
    expect(receivedByA()).not.toContain(others.conversationId);
  });
});

describe('lists and shared records leave out other teams\' work', () => {
  it('list, search, counts, customer panel, timeline and notifications', async () => {
    const email = `${randomUUID()}@example.test`;
    const identity = { kind: 'EMAIL' as const, value: email };
    const mine = await app.services.conversations.ingestInbound({ inboxId: teamA.emailInboxId, identity, text: 'zebra question', threadConversationId: null });
    const theirs = await app.services.conversations.ingestInbound({ inboxId: teamB.emailInboxId, identity, text: 'zebra secret', threadConversationId: null });
    const customerId = mine.conversation.customerId;
    expect(theirs.conversation.customerId).toBe(customerId);

    const listed = (await api(app.url, agentA.cookie, '/api/conversations?limit=100')).body;
    expect(ids(listed.items)).toContain(mine.conversation.id);
    expect(ids(listed.items)).not.toContain(theirs.conversation.id);
    const searched = (await api(app.url, agentA.cookie, '/api/conversations?q=zebra')).body;
    expect(ids(searched.items)).toEqual([mine.conversation.id]);
    const filtered = (await api(app.url, agentA.cookie, `/api/conversations?inboxId=${teamB.emailInboxId}`)).body;
    expect(filtered).toMatchObject({ items: [], counts: { mine: 0, unassigned: 0, teams: 0, all: null } });
    const supervisorSearch = (await api(app.url, supervisor.cookie, '/api/conversations?q=zebra')).body;
    expect(ids(supervisorSearch.items).sort()).toEqual([mine.conversation.id, theirs.conversation.id].sort());

    const panel = (await api(app.url, agentA.cookie, `/api/customers/${customerId}`)).body;
    expect(panel.customer.id).toBe(customerId);
    expect(ids(panel.conversations)).toEqual([mine.conversation.id]);
    const supervisorPanel = (await api(app.url, supervisor.cookie, `/api/customers/${customerId}`)).body;
    expect(ids(supervisorPanel.conversations).sort()).toEqual([mine.conversation.id, theirs.conversation.id].sort());

    const timeline = (await api(app.url, agentA.cookie, `/api/customers/${customerId}/timeline?limit=100`)).body;
    const timelineConversations = new Set(timeline.items.map((item: { conversationId: string | null }) => item.conversationId));
    expect(timelineConversations.has(mine.conversation.id)).toBe(true);
    expect(timelineConversations.has(theirs.conversation.id)).toBe(false);
    const supervisorTimeline = (await api(app.url, supervisor.cookie, `/api/customers/${customerId}/timeline?limit=100`)).body;
    expect(supervisorTimeline.items.some((item: { conversationId: string | null }) => item.conversationId === theirs.conversation.id)).toBe(true);

    // A mention in team B's work tells agent A nothing; one in their own does.
    const mention = (conversationId: string) =>
      api(app.url, supervisor.cookie, `/api/conversations/${conversationId}/messages`, { body: { text: 'look', isPrivate: true, mentions: [agentA.id] } });
    expect((await mention(theirs.conversation.id)).status).toBe(201);
    expect((await mention(mine.conversation.id)).status).toBe(201);
    await expect.poll(() => app.db.notification.count({ where: { userId: agentA.id, conversationId: mine.conversation.id } })).toBe(1);
    expect(await app.db.notification.count({ where: { userId: agentA.id, conversationId: theirs.conversation.id } })).toBe(0);

    // Notified before the work moved to another team: no longer listed nor counted.
    await app.db.notification.create({ data: { userId: agentA.id, kind: 'MENTION', conversationId: theirs.conversation.id, data: { preview: 'moved away' } } });
    const notifications = (await api(app.url, agentA.cookie, '/api/notifications')).body;
    expect(notifications.items.map((item: { conversationId: string }) => item.conversationId)).toEqual([mine.conversation.id]);
    expect(notifications.unreadCount).toBe(1);
  });
});

const ids = (items: { id: string }[]) => items.map((item) => item.id);

/** The work's customer writes again in its conversation. */
async function customerWrites(work: Work, text: string) {
  const customer = await app.db.customerIdentity.findFirstOrThrow({ where: { customerId: work.customerId } });
  await app.services.conversations.ingestInbound({
    inboxId: work.inboxId,
    identity: { kind: customer.kind, value: customer.value },
    text,
    threadConversationId: work.conversationId,
  });
}

/** Every `event` payload's conversation id the socket receives from now on. */
function collect(socket: Socket, event: string): () => string[] {
  const seen: string[] = [];
  socket.on(event, (payload: { message: { conversationId: string } }) => seen.push(payload.message.conversationId));
  return () => seen;
}
