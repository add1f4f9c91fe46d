import { randomBytes } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, login, request } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Person {
  id: string;
  cookie: string;
}

let app: TestApp;
let myTeamId: string;
let myInboxId: string;
let otherInboxId: string;
let noTeamInboxId: string;
let agent: Person;
let supervisor: Person;

beforeAll(async () => {
  app = await startTestApp();
  const [myTeam, otherTeam] = [await createTeam(app.db), await createTeam(app.db)];
  myTeamId = myTeam.id;
  myInboxId = (await createWebchatInbox(app.db, { teamId: myTeam.id })).id;
  otherInboxId = (await app.db.inbox.create({ data: { name: 'Mail', channel: 'EMAIL', teamId: otherTeam.id, publicToken: `mail-${randomBytes(4).toString('hex')}` } })).id;
  noTeamInboxId = (await createWebchatInbox(app.db)).id;
  agent = await signIn('AGENT', [myTeam.id]);
  supervisor = await signIn('SUPERVISOR', []);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function signIn(role: UserRole, teamIds: string[]): Promise<Person> {
  const user = await createUser(app.db, { role, teamIds });
  return { id: user.id, cookie: await login(app.url, user.email) };
}

/** A customer writes in (the channel adapter's call); returns the conversation id. */
async function customerWrites(inboxId: string, options: { email?: string; phone?: string; name?: string; text: string }) {
  const identity = options.phone ? { kind: 'PHONE' as const, value: options.phone } : { kind: 'EMAIL' as const, value: options.email ?? `${randomBytes(4).toString('hex')}@example.test` };
  const result = await app.services.conversations.ingestInbound({ inboxId, identity, customerName: options.name, text: options.text });
  return result.conversation.id;
}

function list(person: Person, query: Record<string, string>) {
  return api(app.url, person.cookie, `/api/conversations?${new URLSearchParams(query)}`);
}

const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

describe('console conversation list', () => {
  let mine: string;
  let myTeamsWaiting: string;
  let noTeamWaiting: string;
  let otherTeams: string;

  beforeAll(async () => {
    mine = await customerWrites(myInboxId, { name: 'Zoe Quartermaine', email: 'zoe.q@acme.test', text: 'My parcel never arrived' });
    myTeamsWaiting = await customerWrites(myInboxId, { name: 'Yuri Petrov', phone: '+49 30 1234567', text: 'Invoice question' });
    noTeamWaiting = await customerWrites(noTeamInboxId, { name: 'Xavier Ortiz', text: 'hello there' });
    otherTeams = await customerWrites(otherInboxId, { name: 'Walter White', text: 'Where is my refund?' });
    await app.db.conversation.update({ where: { id: mine }, data: { assigneeId: agent.id } });
  });

  it('shows an agent their own, their teams\' and the unassigned tab, with counts but no "all"', async () => {
    const mineTab = await list(agent, { view: 'mine' });
    expect(mineTab.status).toBe(200);
    expect(ids(mineTab.body)).toEqual([mine]);
    expect(mineTab.body.counts).toEqual({ mine: 1, unassigned: 2, teams: 2, all: null });
    expect(ids((await list(agent, { view: 'unassigned' })).body)).toEqual([noTeamWaiting, myTeamsWaiting]);
    expect(ids((await list(agent, { view: 'teams' })).body)).toEqual([myTeamsWaiting, mine]);
  });

  it('refuses "all" to an agent with 403 and gives it to a supervisor', async () => {
    const refused = await list(agent, { view: 'all' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/supervisors/);
    const all = await list(supervisor, { view: 'all' });
    expect(ids(all.body)).toEqual([otherTeams, noTeamWaiting, myTeamsWaiting, mine]);
    expect(all.body.counts).toEqual({ mine: 0, unassigned: 3, teams: 0, all: 4 });
  });

  it('shows the customer, inbox, labels, last message and unread mark of each row', async () => {
    const label = await app.db.label.create({ data: { name: `vip-${randomBytes(3).toString('hex')}`, color: '#aa0000' } });
    await app.db.conversationLabel.create({ data: { conversationId: mine, labelId: label.id } });
    const [row] = (await list(agent, { view: 'mine' })).body.items;
    expect(row).toMatchObject({
      id: mine,
      customer: { name: 'Zoe Quartermaine', company: '', tier: 'STANDARD' },
      inbox: { id: myInboxId, channel: 'WEBCHAT' },
      labels: [{ id: label.id, name: label.name, color: '#aa0000' }],
      labelIds: [label.id],
      unread: true,
      lastMessage: { text: 'My parcel never arrived', direction: 'INBOUND', senderType: 'CUSTOMER', isPrivate: false },
    });
    expect(ids((await list(supervisor, { view: 'all', labelId: label.id })).body)).toEqual([mine]);
  });

  it('filters by channel, inbox and priority', async () => {
    expect(ids((await list(supervisor, { channel: 'EMAIL' })).body)).toEqual([otherTeams]);
    expect(ids((await list(supervisor, { inboxId: noTeamInboxId })).body)).toEqual([noTeamWaiting]);
    await app.db.conversation.update({ where: { id: noTeamWaiting }, data: { priority: 'URGENT' } });
    expect(ids((await list(supervisor, { priority: 'URGENT' })).body)).toEqual([noTeamWaiting]);
  });

  it.each([
    ['a name prefix', 'quarter', () => [mine]],
    ['two name words in any order', 'petr yur', () => [myTeamsWaiting]],
    ['an e-mail prefix in any case', 'ZOE.Q@', () => [mine]],
    ['a phone number written with spaces', '030 1234', () => []],
    ['a phone number in international form', '+49 30 123', () => [myTeamsWaiting]],
    ['a word of a message', 'refund', () => [otherTeams]],
    ['SQL and LIKE characters, matched literally', "%' OR 1=1 --", () => []],
  ])('searches by %s', async (_what, q, expected) => {
    const found = await list(supervisor, { view: 'all', q });
    expect(found.status).toBe(200);
    expect(ids(found.body)).toEqual(expected());
  });

  it('counts and pages search results under the other filters', async () => {
    const found = await list(agent, { view: 'teams', q: 'invoice' });
    expect(ids(found.body)).toEqual([myTeamsWaiting]);
    expect(found.body.counts).toEqual({ mine: 0, unassigned: 1, teams: 1, all: null });
  });

  it('never lists a merged conversation', async () => {
    const merged = await customerWrites(myInboxId, { email: 'zoe.q@acme.test', text: 'second thread' });
    await app.db.conversation.update({ where: { id: merged }, data: { mergedIntoId: mine } });
    expect(ids((await list(supervisor, { view: 'all' })).body)).not.toContain(merged);
  });

  it.each([
    ['an unknown view', { view: 'everything' }],
    ['an empty search', { q: '  ' }],
    ['a search over 200 characters', { q: 'x'.repeat(201) }],
    ['an unknown channel', { channel: 'FAX' }],
    ['a label id that is not a uuid', { labelId: 'vip' }],
  ])('answers %s with 400', async (_what, query) => {
    const response = await list(supervisor, query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBeTruthy();
  });
});

describe('read state', () => {
  it('clears the unread mark when read over REST, and sets it again when the customer writes', async () => {
    const conversationId = await customerWrites(myInboxId, { email: 'reader@example.test', text: 'first' });
    const unread = async () => (await list(agent, { view: 'teams' })).body.items.find((item: { id: string }) => item.id === conversationId).unread;
    expect(await unread()).toBe(true);
    const read = await api(app.url, agent.cookie, `/api/conversations/${conversationId}/read`, { method: 'POST', body: {} });
    expect(read).toEqual({ status: 200, body: { ok: true } });
    expect(await unread()).toBe(false);
    await customerWrites(myInboxId, { email: 'reader@example.test', text: 'second' });
    expect(await unread()).toBe(true);
  });

  it('records a read from the console socket and from the agent\'s own reply', async () => {
    const conversationId = await customerWrites(myInboxId, { email: 'socket-reader@example.test', text: 'hi' });
    const socket = await connectAgent(app.url, agent.cookie);
    expect((await request(socket, 'conversation:read', { conversationId })).ok).toBe(true);
    const stored = await app.db.conversationRead.findUniqueOrThrow({ where: { userId_conversationId: { userId: agent.id, conversationId } } });
    expect(stored.lastReadAt.getTime()).toBeGreaterThanOrEqual((await app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).lastMessageAt.getTime());

    const other = await customerWrites(myInboxId, { email: 'replied@example.test', text: 'hi' });
    const reply = await api(app.url, supervisor.cookie, `/api/conversations/${other}/messages`, { body: { text: 'Hello!' } });
    expect(reply.status).toBe(201);
    await expect.poll(async () => app.db.conversationRead.count({ where: { userId: supervisor.id, conversationId: other } })).toBe(1);
    const row = (await list(supervisor, { view: 'all' })).body.items.find((item: { id: string }) => item.id === other);
    expect(row.unread).toBe(false);
    expect(row.lastMessage).toMatchObject({ text: 'Hello!', direction: 'OUTBOUND', senderType: 'AGENT' });
  });

  it('answers a read of an unknown conversation with 404', async () => {
    const response = await api(app.url, agent.cookie, `/api/conversations/${myTeamId}/read`, { method: 'POST', body: {} });
    expect(response.status).toBe(404);
  });
});
