import { randomBytes } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, connected, createUser, login, PASSWORD } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const MAX_FAILURES = 3;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

/** POST /api/auth/login with a JSON body, or with a raw string sent as is. */
function postLogin(body: object | string): Promise<Response> {
  return fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A new user of this role and the session cookie they got by logging in. */
async function loggedIn(role: UserRole = 'AGENT') {
  const user = await createUser(app.db, { role });
  return { user, cookie: await login(app.url, user.email) };
}

/** Opens an /agent socket with these headers: null when it connected, else the refusal. */
async function agentHandshake(headers: Record<string, string>): Promise<Error | null> {
  // forceNew: a multiplexed connection would reuse an earlier socket's headers.
  const socket = io(`${app.url}/agent`, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  try {
    await connected(socket);
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    socket.close();
  }
}

/** A cookie of the right shape for a session that was never issued. */
const forgedCookie = () => `cc_session=${randomBytes(32).toString('base64url')}`;

describe('login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie that /api/auth/me accepts', async () => {
    const user = await createUser(app.db, { role: 'SUPERVISOR' });
    const response = await postLogin({ email: user.email.toUpperCase(), password: PASSWORD });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ id: user.id, email: user.email, role: 'SUPERVISOR' });
    expect(body.user).not.toHaveProperty('passwordHash');

    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toMatch(/^cc_session=[\w-]{43};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);

    const me = await api(app.url, setCookie!.split(';')[0]!, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: user.id, email: user.email, role: 'SUPERVISOR' });
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    const user = await createUser(app.db);
    const wrongPassword = await postLogin({ email: user.email, password: 'not the password' });
    const unknownEmail = await postLogin({ email: 'nobody@example.test', password: PASSWORD });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
    const [wrongBody, unknownBody] = await Promise.all([wrongPassword.json(), unknownEmail.json()]);
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it.each([
    ['a body that is not JSON', '{"email": "a@example.test", "password":'],
    ['a missing password', { email: 'a@example.test' }],
    ['a missing e-mail', { password: PASSWORD }],
    ['a password that is not a string', { email: 'a@example.test', password: 12345 }],
    ['an e-mail that is not a string', { email: ['a@example.test'], password: PASSWORD }],
  ])('answers %s with 400', async (_case, body) => {
    const response = await postLogin(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('locks an account after repeated failures, even for the right password, and says when to retry', async () => {
    const user = await createUser(app.db);
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect((await postLogin({ email: user.email, password: `guess ${attempt}` })).status).toBe(401);
    }

    const locked = await postLogin({ email: user.email, password: 'one more guess' });
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const rightPassword = await postLogin({ email: user.email, password: PASSWORD });
    expect(rightPassword.status).toBe(429);
    expect(rightPassword.headers.getSetCookie()).toEqual([]);

    // Only that account is locked: another one still logs in from the same address.
    const other = await createUser(app.db);
    expect((await postLogin({ email: other.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('ends the session on logout, for REST and for sockets', async () => {
    const { cookie } = await loggedIn();
    await connectAgent(app.url, cookie);

    const logout = await api(app.url, cookie, '/api/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(204);

    expect((await api(app.url, cookie, '/api/auth/me')).status).toBe(401);
    expect((await api(app.url, cookie, '/api/conversations')).status).toBe(401);
    expect((await agentHandshake({ cookie }))?.message).toMatch(/unauthenticated/);
  });

  it('takes access away from a deactivated user on their next request', async () => {
    const { user, cookie } = await loggedIn();
    expect((await api(app.url, cookie, '/api/conversations')).status).toBe(200);

    await app.db.user.update({ where: { id: user.id }, data: { active: false } });

    expect((await api(app.url, cookie, '/api/conversations')).status).toBe(401);
    expect((await api(app.url, cookie, '/api/auth/me')).status).toBe(401);
    expect((await agentHandshake({ cookie }))?.message).toMatch(/unauthenticated/);
    expect((await postLogin({ email: user.email, password: PASSWORD })).status).toBe(401);
  });

  it('answers REST calls without a valid session with 401', async () => {
    for (const cookie of ['', forgedCookie(), 'cc_session=short']) {
      const response = await api(app.url, cookie, '/api/conversations');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });
});

describe('roles', () => {
  it('keeps agents out of user administration', async () => {
    const { cookie } = await loggedIn('AGENT');
    const email = `by-agent-${randomBytes(3).toString('hex')}@example.test`;

    expect((await api(app.url, cookie, '/api/users')).status).toBe(403);
    const create = await api(app.url, cookie, '/api/users', { body: { email, name: 'Sneaky', password: 'long enough password' } });
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(await app.db.user.count({ where: { email } })).toBe(0);
  });

  it('lets supervisors list users but not create them', async () => {
    const { user, cookie } = await loggedIn('SUPERVISOR');
    const email = `by-supervisor-${randomBytes(3).toString('hex')}@example.test`;

    const list = await api(app.url, cookie, '/api/users');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(user.id);
    expect(list.body.items.every((item: object) => !('passwordHash' in item))).toBe(true);

    const create = await api(app.url, cookie, '/api/users', { body: { email, name: 'Nope', password: 'long enough password' } });
    expect(create.status).toBe(403);
    expect(await app.db.user.count({ where: { email } })).toBe(0);
  });

  it('lets an admin create a user who can then log in', async () => {
    const { cookie } = await loggedIn('ADMIN');
    const email = `New.Agent-${randomBytes(3).toString('hex')}@Example.test`;
    const password = 'a brand new password';

    const created = await api(app.url, cookie, '/api/users', { body: { email, name: 'New Agent', password } });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: email.toLowerCase(), name: 'New Agent', role: 'AGENT', active: true });
    expect(created.body.user).not.toHaveProperty('passwordHash');

    const newCookie = await login(app.url, email, password);
    const me = await api(app.url, newCookie, '/api/auth/me');
    expect(me.body.user).toMatchObject({ id: created.body.user.id, role: 'AGENT' });
  });
});

describe('agent socket handshake', () => {
  it('refuses a connection without a cookie or with a forged one', async () => {
    expect((await agentHandshake({}))?.message).toMatch(/unauthenticated/);
    expect((await agentHandshake({ cookie: forgedCookie() }))?.message).toMatch(/unauthenticated/);
  });

  it('refuses a connection from a foreign origin, even with a valid session', async () => {
    const { cookie } = await loggedIn();
    expect(await agentHandshake({ cookie, origin: app.url })).toBeNull();
    expect((await agentHandshake({ cookie, origin: 'https://evil.example' }))?.message).toMatch(/forbidden/);
  });
});
