import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSockets,
  connectAgent,
  connectVisitor,
  createTeam,
  createUser,
  createWebchatInbox,
  login,
  nextEvent,
  request,
} from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let inboxToken: string;
let agentCookie: string;

beforeAll(async () => {
  app = await startTestApp({ WIDGET_MESSAGES_PER_MINUTE: '20' });
  const team = await createTeam(app.db);
  const inbox = await createWebchatInbox(app.db, { teamId: team.id });
  inboxToken = inbox.publicToken;
  const agent = await createUser(app.db, { teamIds: [team.id], name: 'Alice Agent' });
  agentCookie = await login(app.url, agent.email);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

describe('web chat round trip', () => {
  it('carries a visitor message to the agent and the reply back, storing both', async () => {
    const agent = await connectAgent(app.url, agentCookie);
    const visitor = await connectVisitor(app.url, inboxToken);

    const opened = nextEvent(agent, 'conversation:opened');
    const arrived = nextEvent(agent, 'message:created');
    const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'Hello, my order is late' });
    expect(ack.ok).toBe(true);
    expect(ack.duplicate).toBe(false);
    const { conversation } = await opened;
    expect((await arrived).message.text).toBe('Hello, my order is late');
    expect(conversation.id).toBe(ack.conversationId);

    const stored = await app.db.message.findUniqueOrThrow({ where: { id: ack.message.id } });
    expect(stored).toMatchObject({ direction: 'INBOUND', senderType: 'CUSTOMER', deliveryStatus: 'RECEIVED' });
    const identity = await app.db.customerIdentity.findFirstOrThrow({ where: { value: visitor.visitorId } });
    expect(identity.kind).toBe('WIDGET_VISITOR');

    const agentTyping = nextEvent(visitor.socket, 'typing');
    await request(agent, 'typing', { conversationId: conversation.id, isTyping: true });
    expect(await agentTyping).toMatchObject({ isTyping: true, agentName: 'Alice Agent' });

    await request(agent, 'conversation:join', { conversationId: conversation.id });
    const visitorTyping = nextEvent(agent, 'typing', (payload) => payload.from === 'customer');
    await request(visitor.socket, 'typing', { isTyping: true });
    expect(await visitorTyping).toMatchObject({ conversationId: conversation.id, isTyping: true });

    const reply = nextEvent(visitor.socket, 'message', (payload) => payload.message.direction === 'OUTBOUND');
    const sent = nextEvent(agent, 'message:updated', (payload) => payload.message.deliveryStatus === 'SENT');
    const replyAck = await request(agent, 'message:send', { conversationId: conversation.id, text: 'Sorry! Checking now.' });
    expect(replyAck.ok).toBe(true);
    expect((await reply).message).toMatchObject({ text: 'Sorry! Checking now.', senderName: 'Alice Agent' });
    await sent;

    const rows = await app.db.message.findMany({ where: { conversationId: conversation.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((row) => [row.direction, row.text, row.deliveryStatus])).toEqual([
      ['INBOUND', 'Hello, my order is late', 'RECEIVED'],
      ['OUTBOUND', 'Sorry! Checking now.', 'SENT'],
    ]);
    const saved = await app.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(saved.firstResponseAt).not.toBeNull();
    const timeline = await app.db.timelineEvent.findMany({ where: { conversationId: conversation.id }, orderBy: { createdAt: 'asc' } });
    const kinds = timeline.map((event) => event.kind);
    expect(kinds.filter((kind) => !kind.startsWith('routing.'))).toEqual(['conversation.opened', 'message.received', 'message.sent']);
    expect(kinds).toContain('routing.queued');
  });

  it('treats a resend after a lost ack as the same message', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const clientMessageId = randomUUID();
    const first = await request(visitor.socket, 'message:send', { clientMessageId, text: 'Is anyone there?' });
    // The ack was "lost": the client reconnects and sends the same message again.
    visitor.socket.close();
    const again = await connectVisitor(app.url, inboxToken, visitor.visitorToken);
    const second = await request(again.socket, 'message:send', { clientMessageId, text: 'Is anyone there?' });

    expect(second).toMatchObject({ ok: true, duplicate: true });
    expect(second.message.id).toBe(first.message.id);
    expect(await app.db.message.count({ where: { clientMessageId } })).toBe(1);
  });

  it('does not let another visitor reuse a client message id to read a message', async () => {
    const owner = await connectVisitor(app.url, inboxToken);
    const clientMessageId = randomUUID();
    await request(owner.socket, 'message:send', { clientMessageId, text: 'my private question' });
    const stranger = await connectVisitor(app.url, inboxToken);
    const answer = await request(stranger.socket, 'message:send', { clientMessageId, text: 'probe' });
    expect(answer.duplicate).toBe(false);
    expect(answer.message.text).toBe('probe');
  });

  it('restores the history after reconnecting with the same visitor token, without private notes', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const first = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'first' });
    const agent = await connectAgent(app.url, agentCookie);
    await request(agent, 'message:send', { conversationId: first.conversationId, text: 'internal: VIP', isPrivate: true });
    await request(agent, 'message:send', { conversationId: first.conversationId, text: 'public answer' });
    visitor.socket.close();

    const back = await connectVisitor(app.url, inboxToken, visitor.visitorToken);
    expect(back.visitorId).toBe(visitor.visitorId);
    const history = await request(back.socket, 'history', {});
    expect(history.ok).toBe(true);
    expect(history.conversation.id).toBe(first.conversationId);
    expect(history.messages.map((message: { text: string }) => message.text)).toEqual(['first', 'public answer']);
  });

  it('starts a new visitor when the token is forged or for another inbox', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const forged = visitor.visitorToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    const resumed = await connectVisitor(app.url, inboxToken, forged);
    expect(resumed.visitorId).not.toBe(visitor.visitorId);
  });

  it('refuses a handshake for an unknown inbox', async () => {
    await expect(connectVisitor(app.url, 'no-such-inbox')).rejects.toThrow(/No web chat inbox/);
  });

  it('answers malformed and oversized payloads with an error ack and keeps serving', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const missing = await request(visitor.socket, 'message:send', { text: 'no id' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const notObject = await request(visitor.socket, 'message:send', 'just a string');
    expect(notObject.ok).toBe(false);
    const tooLong = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'x'.repeat(5001) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tooLong.error.message).toMatch(/at most 5000 characters/);
    const empty = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: '   ' });
    expect(empty.ok).toBe(false);
    visitor.socket.emit('message:send', { clientMessageId: randomUUID(), text: 'no ack asked' });

    const fine = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'still works' });
    expect(fine.ok).toBe(true);
    expect(await app.db.message.count({ where: { text: 'x'.repeat(5001) } })).toBe(0);
  });

  it('rate limits a visitor who sends too fast', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const answers = [];
    for (let index = 0; index < 22; index++) {
      answers.push(await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: `spam ${index}` }));
    }
    expect(answers.filter((answer) => answer.ok)).toHaveLength(20);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('lets an agent change the status and tells the visitor', async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'thanks, bye' });
    const agent = await connectAgent(app.url, agentCookie);
    const told = nextEvent(visitor.socket, 'conversation:status');
    const resolved = await request(agent, 'conversation:status', { conversationId: sent.conversationId, status: 'RESOLVED' });
    expect(resolved.conversation.status).toBe('RESOLVED');
    expect(await told).toMatchObject({ status: 'RESOLVED' });

    // Writing again after resolution opens a new conversation.
    const next = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'one more thing' });
    expect(next.conversationId).not.toBe(sent.conversationId);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: sent.conversationId } })).status).toBe('RESOLVED');
  });
});
