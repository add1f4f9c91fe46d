import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, eventually, login, nextEvent } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let inboxId: string;
let cookie: string;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  inboxId = (await createWebchatInbox(app.db, { teamId: team.id })).id;
  cookie = await login(app.url, (await createUser(app.db, { role: 'SUPERVISOR', teamIds: [team.id] })).email);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

/** A new conversation of the customer with this e-mail (the channel names none, so one opens). */
async function newConversation(email: string, text: string) {
  const { conversation } = await app.services.conversations.ingestInbound({
    inboxId,
    identity: { kind: 'EMAIL', value: email },
    text,
    threadConversationId: null,
  });
  await eventually(async () => (await app.db.timelineEvent.count({ where: { conversationId: conversation.id, kind: 'routing.queued' } })) === 1, 'queued');
  return conversation;
}

const merge = (targetId: string, sourceId: unknown) => api(app.url, cookie, `/api/conversations/${targetId}/merge`, { body: { sourceId } });

describe('merging conversations', () => {
  it("moves the source's messages and history into the target, resolves the source and takes it out of its queue", async () => {
    const email = `${randomBytes(4).toString('hex')}@example.test`;
    const target = await newConversation(email, 'first thread');
    const source = await newConversation(email, 'second thread');
    const socket = await connectAgent(app.url, cookie);
    const sourceUpdate = nextEvent(socket, 'conversation:updated', (payload: { conversation: { id: string; status: string } }) => payload.conversation.id === source.id);

    const response = await merge(target.id, source.id);
    expect(response.status).toBe(200);
    expect(response.body.source).toMatchObject({ id: source.id, status: 'RESOLVED' });
    expect((await sourceUpdate).conversation.status).toBe('RESOLVED');

    const messages = await app.db.message.findMany({ where: { conversationId: target.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((message) => message.text)).toEqual(['first thread', 'second thread']);
    const stored = await app.db.conversation.findUniqueOrThrow({ where: { id: source.id } });
    expect(stored).toMatchObject({ mergedIntoId: target.id, status: 'RESOLVED' });
    expect(await app.db.timelineEvent.count({ where: { conversationId: target.id, kind: 'message.received' } })).toBe(2);
    expect((await app.db.timelineEvent.findFirstOrThrow({ where: { conversationId: target.id, kind: 'merged' } })).data).toEqual({ sourceId: source.id, sourceNumber: source.number });
    expect((await app.db.timelineEvent.findFirstOrThrow({ where: { conversationId: source.id, kind: 'merged' } })).data).toEqual({ targetId: target.id, targetNumber: target.number });

    await expect.poll(async () => (await api(app.url, cookie, `/api/conversations/${source.id}/queue-position`)).body.waiting).toBe(false);
    const listed = await api(app.url, cookie, '/api/conversations?view=all');
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(source.id);
  });

  it('refuses other customers, itself and merged conversations with 409', async () => {
    const mine = await newConversation('one@example.test', 'a');
    const theirs = await newConversation('two@example.test', 'b');
    const again = await newConversation('one@example.test', 'c');
    const otherCustomer = await merge(mine.id, theirs.id);
    expect(otherCustomer.status).toBe(409);
    expect(otherCustomer.body.error.message).toMatch(/same customer/);
    expect((await merge(mine.id, mine.id)).status).toBe(409);
    expect((await merge(mine.id, again.id)).status).toBe(200);
    const twice = await merge(mine.id, again.id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already merged/);
    expect((await merge(again.id, mine.id)).status).toBe(409);
    // Nothing moved on a refusal.
    expect(await app.db.message.count({ where: { conversationId: theirs.id } })).toBe(1);
  });

  it('answers unknown conversations with 404 and a bad source id with 400', async () => {
    const conversation = await newConversation('three@example.test', 'x');
    expect((await merge(conversation.id, randomUUID())).status).toBe(404);
    expect((await merge(randomUUID(), conversation.id)).status).toBe(404);
    const bad = await merge(conversation.id, 'not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/sourceId/);
  });
});
