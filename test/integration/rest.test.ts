import { randomBytes, randomUUID } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  closeSockets,
  connectAgent,
  connectVisitor,
  createTeam,
  createUser,
  createWebchatInbox,
  eventually,
  login,
  nextEvent,
  request,
  type WidgetConnection,
} from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Person {
  id: string;
  cookie: string;
}

interface Chat {
  conversationId: string;
  customerId: string;
  visitor: WidgetConnection;
}

let app: TestApp;
let inboxToken: string;
let teamId: string;
let agent: Person;
let otherAgent: Person;
let supervisor: Person;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  teamId = team.id;
  inboxToken = (await createWebchatInbox(app.db, { teamId })).publicToken;
  [agent, otherAgent, supervisor] = await Promise.all([
    signIn('AGENT', 'Alice Agent'),
    signIn('AGENT', 'Bob Agent'),
    signIn('SUPERVISOR', 'Sam Supervisor'),
  ]);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function signIn(role: UserRole, name: string): Promise<Person> {
  const user = await createUser(app.db, { role, name, teamIds: [teamId] });
  return { id: user.id, cookie: await login(app.url, user.email) };
}

/** A REST call as this person. */
function as(person: Person, path: string, init?: { method?: string; body?: unknown }) {
  return api(app.url, person.cookie, path, init);
}

/** The visitor writes a message through the widget, the real ingestion path. */
async function say(visitor: WidgetConnection, text: string) {
  const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text });
  expect(ack.ok).toBe(true);
  return ack as { conversationId: string; message: { id: string } };
}

/** A new visitor writes to the inbox, which opens a conversation. */
async function startChat(token = inboxToken, text = 'Hello, I need help'): Promise<Chat> {
  const visitor = await connectVisitor(app.url, token);
  const { conversationId } = await say(visitor, text);
  // Routing queues new work right after the message is stored; tests start from there.
  await eventually(
    async () => (await app.db.timelineEvent.count({ where: { conversationId, kind: 'routing.queued' } })) === 1,
    'the conversation to be queued',
  );
  const { customerId } = await storedConversation(conversationId);
  return { conversationId, customerId, visitor };
}

/** An inbox and team of their own, so a test's list queries see only its own conversations. */
async function separateInbox() {
  const team = await createTeam(app.db);
  const inbox = await createWebchatInbox(app.db, { teamId: team.id });
  return { teamId: team.id, inboxId: inbox.id, token: inbox.publicToken };
}

function listConversations(person: Person, query: Record<string, string>) {
  return as(person, `/api/conversations?${new URLSearchParams(query)}`);
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

function setStatus(person: Person, conversationId: string, body: { status: string; snoozedUntil?: string }) {
  return as(person, `/api/conversations/${conversationId}/status`, { body });
}

function assign(person: Person, conversationId: string, assigneeId: string | null) {
  return as(person, `/api/conversations/${conversationId}/assignee`, { body: { assigneeId } });
}

function postMessage(person: Person, conversationId: string, body: { text: string; isPrivate?: boolean; clientMessageId?: string }) {
  return as(person, `/api/conversations/${conversationId}/messages`, { body });
}

/** The conversation's row as PostgreSQL has it. */
function storedConversation(conversationId: string) {
  return app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

describe('conversation list', () => {
  it('filters by status, inbox, team and assignee, and counts mine / unassigned / teams / all', async () => {
    const x = await separateInbox();
    const y = await separateInbox();
    const taken = await startChat(x.token);
    const waiting = await startChat(x.token);
    const elsewhere = await startChat(y.token);
    // Neither team is the agent's: a supervisor hands them one conversation of team X.
    expect((await assign(supervisor, taken.conversationId, agent.id)).status).toBe(200);
    expect((await setStatus(supervisor, waiting.conversationId, { status: 'PENDING' })).status).toBe(200);
    expect((await assign(supervisor, elsewhere.conversationId, otherAgent.id)).status).toBe(200);

    const inboxX = await listConversations(agent, { inboxId: x.inboxId });
    expect(inboxX.status).toBe(200);
    // The waiting one belongs to a team this agent is not in: not listed, not counted; agents have no "all".
    expect(ids(inboxX.body.items)).toEqual([taken.conversationId]);
    expect(inboxX.body.counts).toEqual({ mine: 1, unassigned: 0, teams: 0, all: null });
    expect(inboxX.body.items[0].customer).toMatchObject({ id: taken.customerId });
    const supervisorsX = await listConversations(supervisor, { inboxId: x.inboxId });
    expect(ids(supervisorsX.body.items)).toEqual([waiting.conversationId, taken.conversationId]);
    expect(supervisorsX.body.counts).toEqual({ mine: 0, unassigned: 1, teams: 0, all: 2 });

    const pending = await listConversations(supervisor, { inboxId: x.inboxId, status: 'PENDING' });
    expect(ids(pending.body.items)).toEqual([waiting.conversationId]);
    expect(pending.body.counts).toEqual({ mine: 0, unassigned: 1, teams: 0, all: 1 });

    // Team Y's work held by someone else stays out of the agent's list, even when they filter for it.
    expect(ids((await listConversations(agent, { teamId: y.teamId })).body.items)).toEqual([]);
    const teamY = await listConversations(supervisor, { teamId: y.teamId });
    expect(ids(teamY.body.items)).toEqual([elsewhere.conversationId]);

    // The assignee filter picks the tab; the counts stay those of all tabs.
    const mine = await listConversations(agent, { inboxId: x.inboxId, assignee: 'me' });
    expect(ids(mine.body.items)).toEqual([taken.conversationId]);
    expect(mine.body.counts).toEqual({ mine: 1, unassigned: 0, teams: 0, all: null });
    const unassigned = await listConversations(supervisor, { inboxId: x.inboxId, assignee: 'unassigned' });
    expect(ids(unassigned.body.items)).toEqual([waiting.conversationId]);
    const bobs = await listConversations(supervisor, { teamId: y.teamId, assignee: otherAgent.id });
    expect(ids(bobs.body.items)).toEqual([elsewhere.conversationId]);
    expect(bobs.body.counts).toEqual({ mine: 0, unassigned: 0, teams: 0, all: 1 });
  });

  it('pages newest activity first with a cursor, without duplicates or gaps, stable under new arrivals', async () => {
    const inbox = await separateInbox();
    const chats: Chat[] = [];
    for (let index = 0; index < 7; index++) chats.push(await startChat(inbox.token, `chat ${index}`));
    const newestFirst = chats.map((chat) => chat.conversationId).reverse();

    const pages: { id: string; lastMessageAt: string }[][] = [];
    let cursor: string | null = null;
    do {
      const page = await listConversations(supervisor, { inboxId: inbox.inboxId, limit: '3', ...(cursor && { cursor }) });
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
      // Activity after the first page must not shift the pages that follow.
      if (pages.length === 1) await startChat(inbox.token, 'arrives while paging');
    } while (cursor);

    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const seen = pages.flat();
    expect(ids(seen)).toEqual(newestFirst);
    const times = seen.map((item) => Date.parse(item.lastMessageAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const fresh = await listConversations(supervisor, { inboxId: inbox.inboxId, limit: '3' });
    expect(fresh.body.items[0].id).not.toBe(newestFirst[0]);
    expect(fresh.body.counts.all).toBe(8);
  });

  it.each([
    ['an inbox id that is not a uuid', { inboxId: 'inbox-1' }],
    ['a team id that is not a uuid', { teamId: '1234' }],
    ['an assignee that is neither me, unassigned nor a uuid', { assignee: 'bob' }],
    ['an unknown status', { status: 'CLOSED' }],
    ['a limit of 0', { limit: '0' }],
    ['a limit over 100', { limit: '101' }],
  ])('answers %s with 400', async (_case, query) => {
    const response = await listConversations(agent, query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_input' } });
  });
});

describe('conversation detail and messages', () => {
  it('shows a conversation with its messages oldest first, private notes included', async () => {
    const chat = await startChat(inboxToken, 'first');
    await say(chat.visitor, 'second');
    expect((await postMessage(agent, chat.conversationId, { text: 'VIP customer', isPrivate: true })).status).toBe(201);
    expect((await postMessage(agent, chat.conversationId, { text: 'How can I help?' })).status).toBe(201);

    const detail = await as(agent, `/api/conversations/${chat.conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.conversation).toMatchObject({ id: chat.conversationId, customerId: chat.customerId, status: 'OPEN' });
    expect(detail.body.messages.hasOlder).toBe(false);
    expect(
      detail.body.messages.items.map((message: { text: string; isPrivate: boolean; direction: string }) => [
        message.text,
        message.direction,
        message.isPrivate,
      ]),
    ).toEqual([
      ['first', 'INBOUND', false],
      ['second', 'INBOUND', false],
      ['VIP customer', 'OUTBOUND', true],
      ['How can I help?', 'OUTBOUND', false],
    ]);
  });

  it('pages older messages with before and limit', async () => {
    const chat = await startChat(inboxToken, 'm1');
    for (const text of ['m2', 'm3', 'm4', 'm5']) await say(chat.visitor, text);
    const messagesPage = async (query: Record<string, string>) => {
      const page = await as(agent, `/api/conversations/${chat.conversationId}/messages?${new URLSearchParams(query)}`);
      expect(page.status).toBe(200);
      return page.body as { items: { id: string; text: string }[]; hasOlder: boolean };
    };

    const newest = await messagesPage({ limit: '2' });
    expect(newest.items.map((message) => message.text)).toEqual(['m4', 'm5']);
    expect(newest.hasOlder).toBe(true);
    const older = await messagesPage({ limit: '2', before: newest.items[0]!.id });
    expect(older.items.map((message) => message.text)).toEqual(['m2', 'm3']);
    expect(older.hasOlder).toBe(true);
    const oldest = await messagesPage({ limit: '2', before: older.items[0]!.id });
    expect(oldest.items.map((message) => message.text)).toEqual(['m1']);
    expect(oldest.hasOlder).toBe(false);

    const elsewhere = await as(agent, `/api/conversations/${chat.conversationId}/messages?before=${randomUUID()}`);
    expect(elsewhere.status).toBe(400);
  });

  it('stores a reply, hands it to the visitor and marks it SENT', async () => {
    const chat = await startChat();
    const delivered = nextEvent(chat.visitor.socket, 'message', (payload) => payload.message.direction === 'OUTBOUND');

    const reply = await postMessage(agent, chat.conversationId, { text: 'Looking into it' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ duplicate: false, message: { text: 'Looking into it', senderName: 'Alice Agent' } });
    expect((await delivered).message.id).toBe(reply.body.message.id);
    await expect
      .poll(async () => (await app.db.message.findUniqueOrThrow({ where: { id: reply.body.message.id } })).deliveryStatus)
      .toBe('SENT');
    const conversation = await storedConversation(chat.conversationId);
    expect(conversation.firstResponseAt).not.toBeNull();
  });

  it('stores a private note without delivering it to the visitor', async () => {
    const chat = await startChat();
    const received: string[] = [];
    chat.visitor.socket.on('message', (payload: { message: { text: string; direction: string } }) => {
      if (payload.message.direction === 'OUTBOUND') received.push(payload.message.text);
    });

    const note = await postMessage(agent, chat.conversationId, { text: 'Refund already approved', isPrivate: true });
    expect(note.status).toBe(201);
    expect(note.body.message).toMatchObject({ isPrivate: true, deliveryStatus: null });
    // A reply sent after the note reaches the visitor; had the note been delivered, it would have arrived first.
    const reply = nextEvent(chat.visitor.socket, 'message', (payload) => payload.message.text === 'Public answer');
    expect((await postMessage(agent, chat.conversationId, { text: 'Public answer' })).status).toBe(201);
    await reply;

    expect(received).toEqual(['Public answer']);
    const stored = await app.db.message.findUniqueOrThrow({ where: { id: note.body.message.id } });
    expect(stored).toMatchObject({ isPrivate: true, deliveryStatus: null });
  });

  it('answers a repeated clientMessageId with 200 and the message already stored', async () => {
    const chat = await startChat();
    const clientMessageId = `reply-${randomUUID()}`;
    const first = await postMessage(agent, chat.conversationId, { text: 'Once only', clientMessageId });
    const again = await postMessage(agent, chat.conversationId, { text: 'Once only', clientMessageId });

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(await app.db.message.count({ where: { conversationId: chat.conversationId, clientMessageId } })).toBe(1);
  });
});

describe('status', () => {
  it('moves OPEN -> PENDING -> RESOLVED -> OPEN', async () => {
    const { conversationId } = await startChat();
    for (const status of ['PENDING', 'RESOLVED', 'OPEN']) {
      const response = await setStatus(agent, conversationId, { status });
      expect(response.status).toBe(200);
      expect(response.body.conversation.status).toBe(status);
      expect((await storedConversation(conversationId)).status).toBe(status);
    }
    const reopened = await storedConversation(conversationId);
    expect(reopened.resolvedAt).toBeNull();
  });

  it('refuses RESOLVED -> PENDING with 409 and snoozing without a time with 400', async () => {
    const { conversationId } = await startChat();

    const noTime = await setStatus(agent, conversationId, { status: 'SNOOZED' });
    expect(noTime.status).toBe(400);
    expect((await storedConversation(conversationId)).status).toBe('OPEN');
    const past = await setStatus(agent, conversationId, { status: 'SNOOZED', snoozedUntil: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);

    expect((await setStatus(agent, conversationId, { status: 'RESOLVED' })).status).toBe(200);
    const backToPending = await setStatus(agent, conversationId, { status: 'PENDING' });
    expect(backToPending.status).toBe(409);
    expect(backToPending.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await storedConversation(conversationId)).status).toBe('RESOLVED');
  });
});

describe('assignment', () => {
  it('lets an agent take an unassigned conversation, but not hand it to someone else', async () => {
    const { conversationId } = await startChat();

    const toBob = await assign(agent, conversationId, otherAgent.id);
    expect(toBob.status).toBe(403);
    expect((await storedConversation(conversationId)).assigneeId).toBeNull();

    const taken = await assign(agent, conversationId, agent.id);
    expect(taken.status).toBe(200);
    expect(taken.body.conversation.assigneeId).toBe(agent.id);

    expect((await assign(agent, conversationId, otherAgent.id)).status).toBe(403);
    expect((await storedConversation(conversationId)).assigneeId).toBe(agent.id);
  });

  it("lets a supervisor assign anyone, and tells the assignees' consoles", async () => {
    const { conversationId } = await startChat();
    const aliceConsole = await connectAgent(app.url, agent.cookie);
    const isThis = (payload: { conversation: { id: string; assigneeId: string | null } }) =>
      payload.conversation.id === conversationId;

    const toAlice = nextEvent(aliceConsole, 'conversation:updated', isThis);
    expect((await assign(supervisor, conversationId, agent.id)).status).toBe(200);
    expect((await toAlice).conversation.assigneeId).toBe(agent.id);

    // The previous assignee hears that it moved away.
    const awayFromAlice = nextEvent(aliceConsole, 'conversation:updated', isThis);
    expect((await assign(supervisor, conversationId, otherAgent.id)).status).toBe(200);
    expect((await awayFromAlice).conversation.assigneeId).toBe(otherAgent.id);
    expect((await storedConversation(conversationId)).assigneeId).toBe(otherAgent.id);
  });

  it('refuses an assignee who is not a user with 400', async () => {
    const { conversationId } = await startChat();
    for (const assigneeId of [randomUUID(), 'not-a-uuid']) {
      const response = await assign(supervisor, conversationId, assigneeId);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_input' } });
    }
    expect((await storedConversation(conversationId)).assigneeId).toBeNull();
  });
});

describe('customers', () => {
  it('finds customers by part of their name, in any case', async () => {
    const tag = randomBytes(4).toString('hex');
    const { customerId } = await startChat();
    await startChat(); // someone else
    await app.db.customer.update({ where: { id: customerId }, data: { name: `Ada Lovelace-${tag}` } });

    const found = await as(agent, `/api/customers?search=${encodeURIComponent(`LOVELACE-${tag}`)}`);
    expect(found.status).toBe(200);
    expect(ids(found.body.items)).toEqual([customerId]);
    const none = await as(agent, `/api/customers?search=nobody-${tag}`);
    expect(none.body.items).toEqual([]);
  });

  it('shows the timeline newest first and pages it with the cursor', async () => {
    const chat = await startChat(inboxToken, 'my parcel is lost');
    expect((await assign(supervisor, chat.conversationId, agent.id)).status).toBe(200);
    expect((await setStatus(agent, chat.conversationId, { status: 'PENDING' })).status).toBe(200);
    await say(chat.visitor, 'any news?');

    const full = await as(agent, `/api/customers/${chat.customerId}/timeline`);
    expect(full.status).toBe(200);
    const events = full.body.items as { id: string; kind: string; createdAt: string; actorName: string | null; data: unknown }[];
    const kinds = events.map((event) => event.kind);
    // The customer's message woke the pending conversation: both are written in one transaction.
    expect(kinds.slice(0, 5)).toEqual(['message.received', 'conversation.reopened', 'status.changed', 'assignee.changed', 'routing.queued']);
    // The conversation's opening and its first message are written in one transaction.
    expect(kinds.slice(5).sort()).toEqual(['conversation.opened', 'message.received']);
    const times = events.map((event) => Date.parse(event.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events[3]).toMatchObject({ actorName: 'Sam Supervisor', data: { assigneeId: { from: null, to: agent.id } } });
    expect(events[2]).toMatchObject({ data: { status: { from: 'OPEN', to: 'PENDING' } } });

    const paged: string[] = [];
    let before: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '2', ...(before && { before }) });
      const page = await as(agent, `/api/customers/${chat.customerId}/timeline?${query}`);
      expect(page.status).toBe(200);
      paged.push(...ids(page.body.items));
      before = page.body.nextCursor;
    } while (before);
    expect(paged).toEqual(ids(events));
  });
});

describe('cursors the server did not write', () => {
  const forge = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
  const cursors = [
    ['garbage', 'not-a-cursor'],
    ['an id that is not a uuid', forge(new Date().toISOString(), 'not-a-uuid')],
    ['a date PostgreSQL cannot hold', forge('-271821-04-20T00:00:00.000Z', randomUUID())],
  ];
  let customerId: string;
  beforeAll(async () => {
    ({ customerId } = await startChat());
  });

  it.each(
    ['/api/conversations?cursor=', '/api/customers?cursor=', '/api/customers/:customer/timeline?before='].flatMap((list) =>
      cursors.map(([name, cursor]) => [list, name, cursor] as const),
    ),
  )('%s with %s answers 400, not 500', async (list, _name, cursor) => {
    const response = await as(agent, `${list.replace(':customer', customerId)}${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_input' } });
  });
});

describe('unknown ids', () => {
  const unknown = randomUUID();
  it.each([
    ['GET', `/api/conversations/${unknown}`],
    ['GET', `/api/conversations/${unknown}/messages`],
    ['POST', `/api/conversations/${unknown}/messages`, { text: 'hello?' }],
    ['POST', `/api/conversations/${unknown}/status`, { status: 'RESOLVED' }],
    ['POST', `/api/conversations/${unknown}/assignee`, { assigneeId: null }],
    ['GET', `/api/customers/${unknown}`],
    ['GET', `/api/customers/${unknown}/timeline`],
  ])('%s %s answers 404', async (method, path, body?: object) => {
    const response = await as(supervisor, path, { method, body });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it.each([`/api/conversations/not-a-uuid`, `/api/conversations/not-a-uuid/messages`, `/api/customers/42/timeline`])(
    'GET %s answers 400, not 500',
    async (path) => {
      expect((await as(agent, path)).status).toBe(400);
    },
  );
});
