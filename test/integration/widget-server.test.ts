import { createHmac, randomUUID } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import {
  api,
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

/* The server side of the website widget: session settings, availability, identity, uploads, receipts, offline form, rating. */

const SECRET = 'site-identity-secret';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const SITE = 'https://shop.example';

let app: TestApp;
let teamId: string;
let agentCookie: string;

const sign = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');

beforeAll(async () => {
  app = await startTestApp({ WIDGET_UPLOAD_MAX_MB: '0.01' });
  teamId = (await createTeam(app.db)).id;
  const agent = await createUser(app.db, { teamIds: [teamId], name: 'Alice Agent' });
  agentCookie = await login(app.url, agent.email);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function inbox(settings: Prisma.InputJsonObject = {}) {
  const created = await createWebchatInbox(app.db, { teamId });
  return app.db.inbox.update({ where: { id: created.id }, data: { settings, identitySecret: SECRET } });
}

/** A /widget socket with a handshake of our choosing; resolves with the session or rejects with the refusal. */
function connectWith(auth: Record<string, unknown>, headers: Record<string, string> = {}) {
  const socket = io(`${app.url}/widget`, { transports: ['websocket'], auth, extraHeaders: headers, reconnection: false, forceNew: true });
  return new Promise<{ socket: typeof socket; session: any }>((resolve, reject) => {
    socket.once('session', (session) => resolve({ socket, session }));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(error, { data: error.data }));
    });
  });
}

async function upload(inboxToken: string, visitorToken: string, bytes: Buffer, fileName = 'photo.png', origin?: string) {
  const response = await fetch(`${app.url}/api/widget/${inboxToken}/uploads?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${visitorToken}`, 'content-type': 'image/png', ...(origin && { origin }) },
    body: bytes,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('session', () => {
  it('tells the widget how to look and whether an agent is online', async () => {
    const target = await inbox({ color: '#ff0000', position: 'left', greeting: 'Hello!', preChatForm: { enabled: true }, color2: 1 });
    const offline = await connectWith({ inboxToken: target.publicToken });
    expect(offline.session.appearance).toMatchObject({
      color: '#ff0000',
      position: 'left',
      greetings: { en: 'Hello!' },
      defaultLocale: 'en',
      preChatForm: { enabled: true, fields: ['name', 'email', 'question'] },
      uploads: { maxBytes: 10486 },
    });
    expect(offline.session.availability).toEqual({ online: false, reason: 'no_agents' });
    expect(offline.session.verified).toBe(false);

    await api(app.url, agentCookie, '/api/presence', { body: { status: 'ONLINE' } });
    const online = await connectWith({ inboxToken: target.publicToken });
    expect(online.session.availability).toEqual({ online: true });
    expect(await request(online.socket, 'availability', {})).toMatchObject({ ok: true, online: true });
    await api(app.url, agentCookie, '/api/presence', { body: { status: 'OFFLINE' } });
    closeSockets();
  });

  it('is closed outside business hours even with agents online, and ignores a broken setting', async () => {
    const target = await inbox({ businessHours: { timeZone: 'UTC', intervals: [] }, color: 'red' });
    await connectAgent(app.url, agentCookie);
    const visitor = await connectWith({ inboxToken: target.publicToken });
    expect(visitor.session.availability).toEqual({ online: false, reason: 'closed' });
    expect(visitor.session.appearance.color).toBe('#2563eb');
    closeSockets();
  });

  it('accepts only the configured sites when the inbox lists them', async () => {
    const target = await inbox({ allowedOrigins: [SITE] });
    await expect(connectWith({ inboxToken: target.publicToken }, { origin: SITE })).resolves.toBeTruthy();
    await expect(connectWith({ inboxToken: target.publicToken }, { origin: 'https://evil.example' })).rejects.toMatchObject({
      data: { code: 'forbidden', reason: 'origin' },
    });
  });
});

describe('identity (setUser)', () => {
  it('lets a verified user see their conversations from another browser', async () => {
    const target = await inbox();
    const user = { id: 'user-42', name: 'Mei', email: 'mei@example.com', hash: sign('user-42') };
    const first = await connectWith({ inboxToken: target.publicToken, user });
    expect(first.session.verified).toBe(true);
    await request(first.socket, 'message:send', { clientMessageId: randomUUID(), text: 'from my laptop' });

    const phone = await connectWith({ inboxToken: target.publicToken, user });
    expect(phone.session.visitorId).not.toBe(first.session.visitorId);
    const history = await request(phone.socket, 'history', {});
    expect(history.messages.map((message: any) => message.text)).toEqual(['from my laptop']);
    const identity = await app.db.customerIdentity.findFirstOrThrow({ where: { value: `${target.id}:user-42` }, include: { customer: true } });
    expect(identity).toMatchObject({ kind: 'EXTERNAL_ID', verified: true, customer: { name: 'Mei', attributes: { email: 'mei@example.com' } } });
    first.socket.close();
    phone.socket.close();
  });

  it('never merges an unverified user into an existing customer', async () => {
    const target = await inbox();
    const victim = await connectWith({ inboxToken: target.publicToken, user: { id: 'user-7', hash: sign('user-7') } });
    await request(victim.socket, 'message:send', { clientMessageId: randomUUID(), text: 'my secret order' });

    const forger = await connectWith({ inboxToken: target.publicToken, user: { id: 'user-7', hash: sign('user-8') } });
    expect(forger.session.verified).toBe(false);
    expect((await request(forger.socket, 'history', {})).messages).toEqual([]);
    await request(forger.socket, 'message:send', { clientMessageId: randomUUID(), text: 'hello' });
    const customers = await app.db.conversation.findMany({ where: { inboxId: target.id }, select: { customerId: true } });
    expect(new Set(customers.map((row) => row.customerId)).size).toBe(2);
    victim.socket.close();
    forger.socket.close();
  });

  it('refuses unverified and anonymous visitors when the inbox requires identity', async () => {
    const target = await inbox({ identityRequired: true });
    await expect(connectWith({ inboxToken: target.publicToken })).rejects.toMatchObject({ data: { reason: 'identity_required' } });
    await expect(connectWith({ inboxToken: target.publicToken, user: { id: 'u1', hash: 'f'.repeat(64) } })).rejects.toMatchObject({
      data: { reason: 'identity_unverified' },
    });
    const verified = await connectWith({ inboxToken: target.publicToken, user: { id: 'u1', hash: sign('u1').toUpperCase() } });
    expect(verified.session.verified).toBe(true);
    verified.socket.close();
  });
});

describe('attachments', () => {
  it('stores a real image, sends it with a message and serves it through a signed link', async () => {
    const target = await inbox({ allowedOrigins: [SITE] });
    const visitor = await connectWith({ inboxToken: target.publicToken }, { origin: SITE });
    const stored = await upload(target.publicToken, visitor.session.visitorToken, PNG, '../../etc/passwd.png', SITE);
    expect(stored.status).toBe(201);
    expect(stored.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(stored.body.upload).toMatchObject({ fileName: 'passwd.png', contentType: 'image/png', byteSize: PNG.length });

    const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), uploads: [stored.body.upload.token] });
    expect(sent.ok).toBe(true);
    const [attachment] = sent.message.attachments;
    expect(attachment).toMatchObject({ fileName: 'passwd.png', contentType: 'image/png' });

    const download = await fetch(`${app.url}${attachment.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${app.url}${attachment.url.replace(/sig=./, 'sig=x')}`)).status).toBe(404);
    visitor.socket.close();
  });

  it('refuses files that are too large, of a forbidden type, or from another visitor or site', async () => {
    const target = await inbox({ allowedOrigins: [SITE] });
    const visitor = await connectWith({ inboxToken: target.publicToken }, { origin: SITE });
    const token = visitor.session.visitorToken;

    const tooLarge = await upload(target.publicToken, token, Buffer.concat([PNG, Buffer.alloc(20_000)]), 'big.png', SITE);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toMatch(/at most 0\.01 MB/);
    const program = await upload(target.publicToken, token, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'invoice.png', SITE);
    expect(program.status).toBe(400);
    expect(program.body.error.message).toMatch(/cannot be sent/);
    expect((await upload(target.publicToken, 'forged.token.sig', PNG, 'a.png', SITE)).status).toBe(401);
    expect((await upload(target.publicToken, token, PNG, 'a.png', 'https://evil.example')).status).toBe(403);

    const preflight = await fetch(`${app.url}/api/widget/${target.publicToken}/uploads`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const other = await connectWith({ inboxToken: target.publicToken }, { origin: SITE });
    const theirs = await upload(target.publicToken, other.session.visitorToken, PNG, 'a.png', SITE);
    const stolen = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), uploads: [theirs.body.upload.token] });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    visitor.socket.close();
    other.socket.close();
  });
});

describe('around the chat', () => {
  it('sends read receipts both ways', async () => {
    const target = await inbox();
    const agent = await connectAgent(app.url, agentCookie);
    const visitor = await connectVisitor(app.url, target.publicToken);
    const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'hi' });
    expect(sent.message.deliveryStatus).toBe('RECEIVED');

    const seenByAgent = nextEvent(visitor.socket, 'message:updated');
    const read = await request(agent, 'conversation:read', { conversationId: sent.conversationId });
    expect(read.messages).toHaveLength(1);
    expect((await seenByAgent).message).toMatchObject({ id: sent.message.id, deliveryStatus: 'READ' });

    const reply = nextEvent(visitor.socket, 'message');
    await request(agent, 'message:send', { conversationId: sent.conversationId, text: 'hello' });
    await reply;
    const readByVisitor = nextEvent(agent, 'message:updated', (payload) => payload.message.deliveryStatus === 'READ');
    await request(visitor.socket, 'receipt', { status: 'READ' });
    expect((await readByVisitor).message.text).toBe('hello');
    // Receipts move forward only.
    await request(visitor.socket, 'receipt', { status: 'DELIVERED' });
    expect((await app.db.message.findFirstOrThrow({ where: { text: 'hello', conversationId: sent.conversationId } })).deliveryStatus).toBe('READ');
  });

  it('keeps pre-chat details until the first message, and turns the offline form into an e-mail follow-up', async () => {
    const target = await inbox();
    const visitor = await connectVisitor(app.url, target.publicToken);
    expect(await request(visitor.socket, 'profile:update', { name: 'Li Lei', attributes: { plan: 'pro' } })).toEqual({ ok: true });
    const offline = await request(visitor.socket, 'offline:message', {
      clientMessageId: randomUUID(),
      email: 'li@example.com',
      text: 'Please call me back',
    });
    expect(offline.ok).toBe(true);
    const conversation = await app.db.conversation.findUniqueOrThrow({ where: { id: offline.conversationId }, include: { customer: true } });
    expect(conversation.subject).toBe('Offline message: reply by e-mail to li@example.com');
    expect(conversation.customer).toMatchObject({ name: 'Li Lei', attributes: { email: 'li@example.com', custom: { plan: 'pro' } } });
    expect(await app.db.customerIdentity.count({ where: { kind: 'EMAIL', value: 'li@example.com' } })).toBe(0);

    const invalid = await request(visitor.socket, 'offline:message', { clientMessageId: randomUUID(), email: 'nope', text: 'x' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps what the widget knows of the visit, with the first time the customer was seen', async () => {
    const target = await inbox();
    const visitor = await connectVisitor(app.url, target.publicToken);
    const visit = { pageUrl: 'https://shop.example/cart', pageTitle: 'Cart', referrer: 'https://search.example/', language: 'zh-CN', timeZone: 'Asia/Shanghai' };
    expect(await request(visitor.socket, 'profile:update', { visit })).toMatchObject({ ok: true });
    const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'hi' });
    const conversation = await app.db.conversation.findUniqueOrThrow({ where: { id: sent.conversationId }, include: { customer: true } });
    const stored = (conversation.customer.attributes as any).visit;
    expect(stored).toMatchObject(visit);
    expect(Date.parse(stored.firstSeenAt)).not.toBeNaN();

    // Another page and the city the website passed: the latest page wins, first seen stays.
    await request(visitor.socket, 'profile:update', { visit: { pageUrl: 'https://shop.example/pay', city: 'Hangzhou' } });
    const later = (await app.db.customer.findUniqueOrThrow({ where: { id: conversation.customerId } })).attributes as any;
    expect(later.visit).toMatchObject({ pageUrl: 'https://shop.example/pay', pageTitle: 'Cart', city: 'Hangzhou', firstSeenAt: stored.firstSeenAt });

    const tooLong = await request(visitor.socket, 'profile:update', { visit: { pageTitle: 'x'.repeat(301) } });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('takes one rating per resolved conversation', async () => {
    const target = await inbox();
    const agent = await connectAgent(app.url, agentCookie);
    const visitor = await connectVisitor(app.url, target.publicToken);
    const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'help' });
    const early = await request(visitor.socket, 'csat:submit', { conversationId: sent.conversationId, rating: 5 });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await request(agent, 'conversation:status', { conversationId: sent.conversationId, status: 'RESOLVED' });
    expect(await request(visitor.socket, 'csat:submit', { conversationId: sent.conversationId, rating: 6 })).toMatchObject({ ok: false });
    const outsider = await connectAgent(app.url, await login(app.url, (await createUser(app.db, { teamIds: [(await createTeam(app.db)).id] })).email));
    const outsiderHeard: unknown[] = [];
    outsider.on('csat:rated', (payload) => outsiderHeard.push(payload));
    await request(visitor.socket, 'csat:submit', { conversationId: sent.conversationId, rating: 2, comment: 'slow' });
    // The console hears of it at once, comment included, in the conversation's rooms only.
    const pushed = nextEvent(agent, 'csat:rated', (payload) => payload.rating === 4);
    const rated = await request(visitor.socket, 'csat:submit', { conversationId: sent.conversationId, rating: 4, comment: 'ok after all' });
    expect(rated).toMatchObject({ ok: true, rating: { rating: 4, comment: 'ok after all' } });
    expect(await pushed).toEqual({ conversationId: sent.conversationId, customerId: expect.any(String), rating: 4, comment: 'ok after all' });
    expect(outsiderHeard).toEqual([]);
    expect(await app.db.satisfactionRating.count({ where: { conversationId: sent.conversationId } })).toBe(1);
    expect((await request(visitor.socket, 'history', {})).rating).toEqual({ rating: 4, comment: 'ok after all' });

    const stranger = await connectVisitor(app.url, target.publicToken);
    const foreign = await request(stranger.socket, 'csat:submit', { conversationId: sent.conversationId, rating: 1 });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('admin set-up of the widget', () => {
  it('lets admins change the widget settings and rotate the identity secret, and never lists the secret', async () => {
    const target = await inbox();
    const admin = await createUser(app.db, { role: 'ADMIN' });
    const adminCookie = await login(app.url, admin.email);

    const changed = await api(app.url, adminCookie, `/api/inboxes/${target.id}/widget-settings`, {
      method: 'PUT',
      body: {
        color: '#123456',
        allowedOrigins: ['https://shop.example/any/path'],
        businessHours: { timeZone: 'Asia/Shanghai', intervals: [{ day: 'mon', open: '09:00', close: '18:00' }] },
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ color: '#123456', allowedOrigins: ['https://shop.example'], position: 'right' });

    const cleared = await api(app.url, adminCookie, `/api/inboxes/${target.id}/widget-settings`, { method: 'PUT', body: { businessHours: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).not.toHaveProperty('businessHours');
    const stored = await app.db.inbox.findUniqueOrThrow({ where: { id: target.id } });
    expect(stored.settings).toMatchObject({ color: '#123456' });
    expect(stored.settings).not.toHaveProperty('businessHours');

    const wrong = await api(app.url, adminCookie, `/api/inboxes/${target.id}/widget-settings`, {
      method: 'PUT',
      body: { businessHours: { timeZone: 'Mars/Base', intervals: [] }, color: 'blue' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/IANA time zone/);
    expect(wrong.body.error.message).toMatch(/colour like/);
    expect((await api(app.url, agentCookie, `/api/inboxes/${target.id}/widget-settings`, { method: 'PUT', body: {} })).status).toBe(403);

    const rotated = await api(app.url, adminCookie, `/api/inboxes/${target.id}/identity-secret`, { method: 'POST', body: {} });
    expect(rotated.status).toBe(201);
    expect(rotated.body.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await api(app.url, adminCookie, '/api/inboxes');
    expect(JSON.stringify(listed.body)).not.toContain(rotated.body.identitySecret);
    expect(listed.body.items[0]).not.toHaveProperty('identitySecret');
  });
});

