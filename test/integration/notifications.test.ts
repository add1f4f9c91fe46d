import { randomBytes, randomUUID } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, login, nextEvent, request } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Person {
  id: string;
  name: string;
  cookie: string;
}

let app: TestApp;
let inboxId: string;
let teamId: string;
let agent: Person;
let colleague: Person;
let supervisor: Person;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  teamId = team.id;
  inboxId = (await createWebchatInbox(app.db, { teamId: team.id })).id;
  [agent, colleague, supervisor] = await Promise.all([
    signIn('AGENT', 'Ada Agent', team.id),
    signIn('AGENT', 'Carl Colleague', team.id),
    signIn('SUPERVISOR', 'Sue Supervisor', team.id),
  ]);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function signIn(role: UserRole, name: string, teamId: string): Promise<Person> {
  const user = await createUser(app.db, { role, name, teamIds: [teamId] });
  return { id: user.id, name, cookie: await login(app.url, user.email) };
}

async function customerWrites(text: string, email = `${randomBytes(4).toString('hex')}@example.test`) {
  const result = await app.services.conversations.ingestInbound({ inboxId, identity: { kind: 'EMAIL', value: email }, text });
  return result.conversation;
}

const note = (person: Person, conversationId: string, body: object) =>
  api(app.url, person.cookie, `/api/conversations/${conversationId}/messages`, { body });

describe('mentions', () => {
  it('notifies each mentioned user live, but not the author, and shows who was mentioned', async () => {
    const conversation = await customerWrites('Can someone check my refund?');
    const agentSocket = await connectAgent(app.url, agent.cookie);
    const created = nextEvent(agentSocket, 'notification:created');
    const response = await note(supervisor, conversation.id, {
      text: '@Ada can you look at this refund please?',
      isPrivate: true,
      mentions: [agent.id, supervisor.id],
    });
    expect(response.status).toBe(201);
    expect(response.body.message.mentions).toEqual([
      { id: agent.id, name: 'Ada Agent' },
      { id: supervisor.id, name: 'Sue Supervisor' },
    ]);
    const { notification } = await created;
    expect(notification).toMatchObject({
      kind: 'MENTION',
      conversationId: conversation.id,
      conversationNumber: conversation.number,
      messageId: response.body.message.id,
      actor: { id: supervisor.id, name: 'Sue Supervisor' },
      preview: '@Ada can you look at this refund please?',
      readAt: null,
    });
    expect(await app.db.notification.count({ where: { userId: supervisor.id, kind: 'MENTION' } })).toBe(0);
  });

  it('takes mentions from the console socket too', async () => {
    const conversation = await customerWrites('hello');
    const socket = await connectAgent(app.url, agent.cookie);
    const ack = await request(socket, 'message:send', { conversationId: conversation.id, text: 'Carl?', isPrivate: true, mentions: [colleague.id] });
    expect(ack.ok).toBe(true);
    await expect.poll(() => app.db.notification.count({ where: { userId: colleague.id, kind: 'MENTION', messageId: ack.message.id } })).toBe(1);
  });

  it.each([
    ['mentions in a reply to the customer', () => ({ text: 'hi', mentions: [agent.id] }), /private notes/],
    ['an unknown user', () => ({ text: 'hi', isPrivate: true, mentions: [randomUUID()] }), /active users/],
    ['more than 20 people', () => ({ text: 'hi', isPrivate: true, mentions: Array.from({ length: 21 }, () => randomUUID()) }), /at most 20/],
    ['an id that is not a uuid', () => ({ text: 'hi', isPrivate: true, mentions: ['ada'] }), /valid id/],
  ])('refuses %s with 400', async (_what, body, message) => {
    const conversation = await customerWrites('hi');
    const response = await note(agent, conversation.id, body());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(await app.db.message.count({ where: { conversationId: conversation.id } })).toBe(1);
  });
});

describe('assignments and customer messages', () => {
  it('tells an agent who assigned them a conversation, and not when they take it themselves', async () => {
    const given = await customerWrites('please help', 'given@example.test');
    const taken = await customerWrites('please help too');
    expect((await api(app.url, supervisor.cookie, `/api/conversations/${given.id}/assignee`, { body: { assigneeId: agent.id } })).status).toBe(200);
    expect((await api(app.url, agent.cookie, `/api/conversations/${taken.id}/assignee`, { body: { assigneeId: agent.id } })).status).toBe(200);
    await expect.poll(() => app.db.notification.count({ where: { userId: agent.id, kind: 'ASSIGNED', conversationId: given.id, actorUserId: supervisor.id } })).toBe(1);
    expect(await app.db.notification.count({ where: { userId: agent.id, kind: 'ASSIGNED', conversationId: taken.id } })).toBe(0);

    // The customer writes again in the conversation the agent now holds.
    await customerWrites('any news?', 'given@example.test');
    await expect.poll(() => app.db.notification.count({ where: { userId: agent.id, kind: 'MESSAGE', conversationId: given.id } })).toBe(1);
  });

  it('tells the agent a conversation is transferred to', async () => {
    const conversation = await customerWrites('transfer me');
    const transfer = await api(app.url, supervisor.cookie, `/api/conversations/${conversation.id}/transfer`, {
      body: { toAgentId: colleague.id, note: 'Carl knows billing' },
    });
    expect(transfer.status).toBe(200);
    await expect
      .poll(() => app.db.notification.count({ where: { userId: colleague.id, kind: 'ASSIGNED', conversationId: conversation.id, actorUserId: supervisor.id } }))
      .toBe(1);
  });

  it('tells an agent when routing assigns them work (no actor)', async () => {
    const solo = await createUser(app.db, { role: 'AGENT', name: 'Rita Routed', teamIds: [(await createTeam(app.db)).id] });
    const cookie = await login(app.url, solo.email);
    const teamInbox = await createWebchatInbox(app.db, { teamId: (await app.db.teamMembership.findFirstOrThrow({ where: { userId: solo.id } })).teamId });
    const { conversation } = await app.services.conversations.ingestInbound({ inboxId: teamInbox.id, identity: { kind: 'EMAIL', value: 'routed@example.test' }, text: 'hi' });
    expect((await api(app.url, cookie, '/api/presence', { body: { status: 'ONLINE' } })).status).toBe(200);
    await expect.poll(() => app.db.notification.findFirst({ where: { userId: solo.id, kind: 'ASSIGNED', conversationId: conversation.id } }), { timeout: 15_000 }).toMatchObject({ actorUserId: null });
  });
});

describe('notification inbox', () => {
  it('lists newest first with the unread count, pages, and marks some or all read', async () => {
    // Mentioned in their own team's work (a mention in work they may not see tells them nothing).
    const reader = await signIn('AGENT', 'Nora Notified', teamId);
    const conversation = await customerWrites('hi');
    for (let index = 0; index < 3; index++) {
      expect((await note(supervisor, conversation.id, { text: `ping ${index}`, isPrivate: true, mentions: [reader.id] })).status).toBe(201);
    }
    await expect.poll(() => app.db.notification.count({ where: { userId: reader.id } })).toBe(3);

    const first = await api(app.url, reader.cookie, '/api/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { preview: string }) => item.preview)).toEqual(['ping 2', 'ping 1']);
    expect(first.body.unreadCount).toBe(3);
    const second = await api(app.url, reader.cookie, `/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { preview: string }) => item.preview)).toEqual(['ping 0']);
    expect(second.body.nextCursor).toBeNull();

    const markOne = await api(app.url, reader.cookie, '/api/notifications/read', { body: { ids: [first.body.items[0].id] } });
    expect(markOne).toEqual({ status: 200, body: { unreadCount: 2 } });
    const unread = await api(app.url, reader.cookie, '/api/notifications?unread=true');
    expect(unread.body.items.map((item: { preview: string }) => item.preview)).toEqual(['ping 1', 'ping 0']);
    expect(await api(app.url, reader.cookie, '/api/notifications/read', { body: { all: true } })).toEqual({ status: 200, body: { unreadCount: 0 } });

    // Someone else's notifications are never touched.
    expect(await app.db.notification.count({ where: { userId: agent.id, readAt: { not: null } } })).toBe(0);
  });

  it.each([
    ['an empty body', {}],
    ['an empty id list', { ids: [] }],
    ['all: false', { all: false }],
    ['ids that are not uuids', { ids: ['x'] }],
  ])('refuses marking read with %s (400)', async (_what, body) => {
    const response = await api(app.url, agent.cookie, '/api/notifications/read', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBeTruthy();
  });

  it('needs a session (401)', async () => {
    expect((await fetch(`${app.url}/api/notifications`)).status).toBe(401);
  });
});
