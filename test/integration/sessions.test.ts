import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../src/app.js';
import { api, closeSockets, connectAgent, connectVisitor, createTeam, createUser, createWebchatInbox, login, nextEvent } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let peer: RunningApp;

beforeAll(async () => {
  app = await startTestApp();
  peer = await app.startPeer();
});

afterAll(async () => {
  closeSockets();
  await peer?.stop();
  await app?.close();
});

/** Resolves with the reason once the server closes the socket. */
function serverDisconnect(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** New work in the team reaches a supervisor's console but not one reconnected with this cookie. */
async function expectNewTeamWorkMisses(cookie: string, teamId: string): Promise<void> {
  const reconnected = await connectAgent(peer.url, cookie);
  const supervisor = await connectAgent(peer.url, (await signedIn('SUPERVISOR')).cookie);
  const reached: string[] = [];
  reconnected.on('conversation:opened', ({ conversation }: { conversation: { id: string } }) => reached.push(conversation.id));
  const inbox = await createWebchatInbox(app.db, { teamId });
  const reachedSupervisor = nextEvent<{ conversation: { id: string } }>(supervisor, 'conversation:opened');
  const { conversation } = await app.services.conversations.ingestInbound({
    inboxId: inbox.id,
    identity: { kind: 'EMAIL', value: `customer-${randomUUID()}@example.test` },
    text: 'Hello',
  });
  expect((await reachedSupervisor).conversation.id).toBe(conversation.id);
  expect(reached).toEqual([]);
}

async function signedIn(role: 'AGENT' | 'SUPERVISOR' | 'ADMIN' = 'AGENT') {
  const user = await createUser(app.db, { role });
  return { user, cookie: await login(app.url, user.email) };
}

describe('ending sessions', () => {
  it('disconnects a socket on another server process when its session logs out, and only that session', async () => {
    const { user } = await signedIn();
    const [laptop, phone] = [await login(app.url, user.email), await login(app.url, user.email)];
    const laptopSocket = await connectAgent(peer.url, laptop);
    const phoneSocket = await connectAgent(peer.url, phone);
    const closed = serverDisconnect(laptopSocket);

    expect((await api(app.url, laptop, '/api/auth/logout', { method: 'POST' })).status).toBe(204);

    expect(await closed).toBe('io server disconnect');
    expect(phoneSocket.connected).toBe(true);
    expect((await api(app.url, phone, '/api/auth/me')).status).toBe(200);
  });

  it('signs a user out everywhere: every session ends and every socket closes, on every process', async () => {
    const { user, cookie } = await signedIn();
    const other = await login(app.url, user.email);
    const sockets = [await connectAgent(app.url, cookie), await connectAgent(peer.url, other)];
    const closed = sockets.map(serverDisconnect);

    const response = await fetch(`${app.url}/api/auth/logout-everywhere`, { method: 'POST', headers: { cookie } });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()[0]).toMatch(/^cc_session=;/);

    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await api(app.url, cookie, '/api/auth/me')).status).toBe(401);
    expect((await api(peer.url, other, '/api/auth/me')).status).toBe(401);
  });

  it('refuses "sign out everywhere" without a session', async () => {
    expect((await api(app.url, '', '/api/auth/logout-everywhere', { method: 'POST' })).status).toBe(401);
  });

  it('ends every session and socket of a user an admin deactivates', async () => {
    const admin = await signedIn('ADMIN');
    const { user, cookie } = await signedIn();
    const socket = await connectAgent(peer.url, cookie);
    const closed = serverDisconnect(socket);

    const deactivate = await api(app.url, admin.cookie, `/api/users/${user.id}`, { method: 'PATCH', body: { active: false } });
    expect(deactivate.status).toBe(200);

    expect(await closed).toBe('io server disconnect');
    // Reactivated, the old cookie stays dead: the session itself was revoked, not just refused.
    await api(app.url, admin.cookie, `/api/users/${user.id}`, { method: 'PATCH', body: { active: true } });
    expect((await api(app.url, cookie, '/api/auth/me')).status).toBe(401);
  });

  it('takes supervisor rooms from a demoted supervisor at once; their session stays', async () => {
    const admin = await signedIn('ADMIN');
    const { user, cookie } = await signedIn('SUPERVISOR');
    const socket = await connectAgent(peer.url, cookie);
    const closed = serverDisconnect(socket);

    await api(app.url, admin.cookie, `/api/users/${user.id}`, { method: 'PATCH', body: { role: 'AGENT' } });
    expect(await closed).toBe('io server disconnect');

    // Reconnected, the socket is an agent's: work of a team they are not in reaches supervisors only.
    await expectNewTeamWorkMisses(cookie, (await createTeam(app.db)).id);
    expect((await api(app.url, cookie, '/api/auth/me')).body.user.role).toBe('AGENT');
  });

  it('takes a team’s live work from an agent removed from the team at once', async () => {
    const admin = await signedIn('ADMIN');
    const team = await createTeam(app.db);
    // A member from the start (no admin change yet, so no earlier disconnect can overtake the one tested).
    const user = await createUser(app.db, { teamIds: [team.id] });
    const cookie = await login(app.url, user.email);
    const socket = await connectAgent(peer.url, cookie);
    const closed = serverDisconnect(socket);

    await api(app.url, admin.cookie, `/api/teams/${team.id}`, { method: 'PATCH', body: { memberIds: [] } });
    expect(await closed).toBe('io server disconnect');

    // Reconnected without the team's room: the team's new work reaches supervisors, not them.
    await expectNewTeamWorkMisses(cookie, team.id);
  });
});

describe('cross-site requests', () => {
  /** A POST as a browser would send it from `origin` (with what it says about the site), carrying the cookie. */
  function postFrom(path: string, cookie: string, headers: Record<string, string>, body?: unknown) {
    return fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const otherPort = () => `http://127.0.0.1:${app.port + 1}`;

  it("refuses a cookie-carrying change from another port of the same host, and changes nothing", async () => {
    const admin = await signedIn('ADMIN');
    const inbox = await createWebchatInbox(app.db);
    const before = await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } });

    const rotate = await postFrom(`/api/inboxes/${inbox.id}/identity-secret`, admin.cookie, { origin: otherPort() });
    expect(rotate.status).toBe(403);
    expect(((await rotate.json()) as { error: { message: string } }).error.message).toMatch(/own pages/);
    const logout = await postFrom('/api/auth/logout', admin.cookie, { origin: otherPort() });
    expect(logout.status).toBe(403);

    expect((await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).identitySecret).toBe(before.identitySecret);
    expect((await api(app.url, admin.cookie, '/api/auth/me')).status).toBe(200);
  });

  it('refuses what the browser marks same-site or cross-site, and an opaque origin', async () => {
    const admin = await signedIn('ADMIN');
    const foreign: Record<string, string>[] = [{ 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { origin: `${app.url}.evil.test` }];
    for (const headers of foreign) {
      expect((await postFrom('/api/auth/logout', admin.cookie, headers)).status, JSON.stringify(headers)).toBe(403);
    }
    expect((await api(app.url, admin.cookie, '/api/auth/me')).status).toBe(200);
  });

  it('refuses a login from another origin (no session is started)', async () => {
    const { user } = await signedIn();
    const response = await postFrom('/api/auth/login', '', { origin: otherPort() }, { email: user.email, password: 'correct horse battery staple' });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("accepts the console's own requests: same origin, or a navigation the user typed", async () => {
    const { user, cookie } = await signedIn();
    const ownPage = { origin: app.url, 'sec-fetch-site': 'same-origin' };
    const changed = await fetch(`${app.url}/api/auth/me`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', ...ownPage },
      body: JSON.stringify({ name: 'Renamed' }),
    });
    expect(changed.status).toBe(200);
    expect((await app.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Renamed');
    expect((await postFrom('/api/auth/logout', cookie, { 'sec-fetch-site': 'none' })).status).toBe(204);
  });

  it("keeps the website widget's public routes open to customers' sites", async () => {
    const inbox = await createWebchatInbox(app.db, { allowedOrigins: ['http://shop.example'] });
    const visitor = await connectVisitor(app.url, inbox.publicToken, undefined, { origin: 'http://shop.example' });
    const upload = await fetch(`${app.url}/api/widget/${inbox.publicToken}/uploads?fileName=note.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.visitorToken}`, origin: 'http://shop.example', 'sec-fetch-site': 'cross-site' },
      body: 'hello',
    });
    expect(upload.status).toBe(201);
  });
});

describe('passwords', () => {
  const weak = (email: string) => [
    ['zzzzzzzzzzzz', 'one_character'],
    ['abcdefghijkl', 'sequence'],
    ['1234567890', 'sequence'],
    ['qwertyuiop', 'sequence'],
    [email, 'email'],
    [`${email.split('@')[0]}!1`, 'email'],
    ['Password123!', 'common'],
    ['short', 'too_short'],
  ];

  it('refuses obvious passwords when an admin creates a user, saying why, and creates nobody', async () => {
    const admin = await signedIn('ADMIN');
    const email = `new.person-${Date.now()}@example.test`;
    for (const [password, problem] of weak(email)) {
      const created = await api(app.url, admin.cookie, '/api/users', { body: { email, name: 'New Person', password } });
      expect(created.status, password).toBe(400);
      expect(created.body.error.details).toEqual({ passwordProblem: problem });
      expect(created.body.error.message).toMatch(/password/i);
    }
    expect(await app.db.user.count({ where: { email } })).toBe(0);
    const demoPassword = await api(app.url, admin.cookie, '/api/users', { body: { email, name: 'New Person', password: 'contact-center-demo' } });
    expect(demoPassword.status).toBe(201);
  });

  it('refuses obvious passwords when an invitation is accepted, and the link keeps working', async () => {
    const admin = await signedIn('ADMIN');
    const email = `invitee-${Date.now()}@example.test`;
    const invited = await api(app.url, admin.cookie, '/api/users/invitations', { body: { email, name: 'Invitee' } });
    const token = String(invited.body.inviteUrl).split('/').at(-1);
    for (const [password, problem] of weak(email)) {
      const accepted = await api(app.url, '', '/api/auth/invitations/accept', { body: { token, password } });
      expect(accepted.status, password).toBe(400);
      expect(accepted.body.error.details).toEqual({ passwordProblem: problem });
    }
    expect((await api(app.url, '', '/api/auth/invitations/accept', { body: { token, password: 'a long enough password' } })).status).toBe(200);
  });
});
