import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deliverer } from '../../src/modules/outbound/outbound.worker.js';
import {
  api,
  closeSockets,
  connectAgent,
  connectVisitor,
  createUser,
  createWebchatInbox,
  login,
  nextEvent,
  request,
} from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A web chat channel whose next answers the test decides: 'fail' or 'ok', in order. */
const channel = { script: [] as ('fail' | 'ok')[], calls: 0 };
const scriptedDeliverer: Deliverer = async () => {
  channel.calls += 1;
  if ((channel.script.shift() ?? 'ok') === 'fail') throw new Error('upstream refused the message');
  return { status: 'SENT' };
};

let app: TestApp;
let cookie: string;
let inboxToken: string;

beforeAll(async () => {
  app = await startTestApp({ OUTBOUND_ATTEMPTS: '3', OUTBOUND_BACKOFF_MS: '20' }, { deliverers: { WEBCHAT: scriptedDeliverer } });
  inboxToken = (await createWebchatInbox(app.db)).publicToken;
  cookie = await login(app.url, (await createUser(app.db)).email);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function replyInNewConversation(text: string) {
  const visitor = await connectVisitor(app.url, inboxToken);
  const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'hello' });
  const reply = await api(app.url, cookie, `/api/conversations/${sent.conversationId}/messages`, { body: { text } });
  expect(reply.status).toBe(201);
  return reply.body.message.id as string;
}

describe('outbound delivery', () => {
  it('retries a failing delivery and then shows it failed, with the reason', async () => {
    channel.calls = 0;
    channel.script = ['fail', 'fail', 'fail'];
    const agent = await connectAgent(app.url, cookie);
    const failed = nextEvent(agent, 'message:updated', (payload) => payload.message.deliveryStatus === 'FAILED');
    const messageId = await replyInNewConversation('will not arrive');

    const { message } = await failed;
    expect(message).toMatchObject({ id: messageId, deliveryError: 'upstream refused the message' });
    expect(channel.calls).toBe(3);
    const stored = await app.db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(stored.deliveryStatus).toBe('FAILED');
    expect(await app.db.timelineEvent.count({ where: { messageId, kind: 'delivery.failed' } })).toBe(1);

    channel.script = ['ok'];
    const sent = nextEvent(agent, 'message:updated', (payload) => payload.message.deliveryStatus === 'SENT');
    const retry = await api(app.url, cookie, `/api/messages/${messageId}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    await sent;
    expect((await app.db.message.findUniqueOrThrow({ where: { id: messageId } })).deliveryError).toBeNull();
  });

  it('delivers after transient failures without marking the message failed', async () => {
    channel.calls = 0;
    channel.script = ['fail', 'ok'];
    const agent = await connectAgent(app.url, cookie);
    const sent = nextEvent(agent, 'message:updated', (payload) => payload.message.deliveryStatus === 'SENT');
    const messageId = await replyInNewConversation('second try works');
    expect((await sent).message.id).toBe(messageId);
    expect(channel.calls).toBe(2);
  });

  it('refuses to retry a message that did not fail', async () => {
    channel.script = [];
    const messageId = await replyInNewConversation('fine the first time');
    const retry = await api(app.url, cookie, `/api/messages/${messageId}/retry`, { method: 'POST' });
    expect(retry.status).toBe(409);
  });
});
