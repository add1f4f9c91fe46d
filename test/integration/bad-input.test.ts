import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSockets, connectAgent, connectVisitor, createUser, createWebchatInbox, login, request } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let cookie: string;
let inboxToken: string;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await login(app.url, (await createUser(app.db, { role: 'ADMIN' })).email);
  inboxToken = (await createWebchatInbox(app.db)).publicToken;
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function send(path: string, init: { method?: string; body?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${app.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { cookie, 'content-type': init.contentType ?? 'application/json', ...init.headers },
    body: init.body,
  });
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return { status: response.status, error: body?.error };
}

describe('bad input over REST', () => {
  it('refuses a NUL character in a JSON body, however deep (400)', async () => {
    const flat = await send('/api/teams', { body: JSON.stringify({ name: 'a\u0000b' }) });
    expect(flat).toMatchObject({ status: 400, error: { code: 'invalid_input', message: expect.stringMatching(/body\.name.*NUL/) } });
    const deep = await send('/api/teams', { body: JSON.stringify({ name: 'x', nested: [{ list: ['ok', 'no\u0000'] }] }) });
    expect(deep).toMatchObject({ status: 400, error: { message: expect.stringMatching(/body\.nested\.0\.list\.1/) } });
    const key = await send('/api/teams', { body: JSON.stringify({ ['k\u0000']: 1 }) });
    expect(key.status).toBe(400);
  });

  it('refuses %00 in a query string or a path segment (400)', async () => {
    expect(await send('/api/conversations?q=a%00b')).toMatchObject({ status: 400, error: { message: expect.stringMatching(/NUL/) } });
    expect((await send(`/api/conversations/${randomUUID()}%00`)).status).toBe(400);
  });

  it('answers a broken %-encoding in a path segment with 400', async () => {
    for (const segment of ['%E0%A4%A', '%', '%zz', '%C0%80']) {
      const response = await send(`/api/conversations/${segment}`);
      expect(response.status, segment).toBe(400);
      expect(response.error?.code).toBe('invalid_input');
    }
  });

  it('answers a charset it cannot read with 415 and a content encoding it does not take with 415', async () => {
    const charset = await send('/api/teams', { body: '{"name":"x"}', contentType: 'application/json; charset=bogus' });
    expect(charset).toMatchObject({ status: 415, error: { code: 'unsupported_media_type', message: expect.stringMatching(/UTF-8/) } });
    const encoding = await send('/api/teams', { body: '{"name":"x"}', headers: { 'content-encoding': 'bogus' } });
    expect(encoding.status).toBe(415);
  });

  it('answers deep nesting and malformed JSON with 4xx', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const nested = await send('/api/teams', { body: deep });
    expect(nested.status).toBeGreaterThanOrEqual(400);
    expect(nested.status).toBeLessThan(500);
    expect((await send('/api/teams', { body: '{"name":' })).status).toBe(400);
  });
});

describe('bad input over sockets', () => {
  it('refuses NUL in /agent and /widget payloads with a clear ack', async () => {
    const agent = await connectAgent(app.url, cookie);
    const agentAck = await request(agent, 'message:send', { conversationId: randomUUID(), text: 'hi\u0000', clientMessageId: randomUUID() });
    expect(agentAck).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/payload\.text.*NUL/) } });

    const visitor = await connectVisitor(app.url, inboxToken);
    const visitorAck = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'hello\u0000' });
    expect(visitorAck).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await app.db.message.count()).toBe(0);
  });
});
