import { randomBytes, randomUUID } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTeam, createUser, createWebchatInbox, login } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Person {
  id: string;
  cookie: string;
}

let app: TestApp;
let teamId: string;
let admin: Person;
let supervisor: Person;
let agent: Person;

beforeAll(async () => {
  app = await startTestApp();
  teamId = (await createTeam(app.db)).id;
  [admin, supervisor, agent] = await Promise.all([signIn('ADMIN'), signIn('SUPERVISOR'), signIn('AGENT')]);
});

afterAll(async () => {
  await app?.close();
});

async function signIn(role: UserRole): Promise<Person> {
  const user = await createUser(app.db, { role, teamIds: [teamId] });
  return { id: user.id, cookie: await login(app.url, user.email) };
}

const call = (person: Person, path: string, init?: { method?: string; body?: unknown }) => api(app.url, person.cookie, path, init);
const patch = (person: Person, path: string, body: unknown) => call(person, path, { method: 'PATCH', body });

describe('me', () => {
  it('shows the signed-in user with their teams and lets them change name, language and time zone', async () => {
    const me = await call(agent, '/api/auth/me');
    expect(me.body.user).toMatchObject({ id: agent.id, role: 'AGENT', locale: 'en', timeZone: 'UTC', capacity: 6, teamIds: [teamId] });
    const changed = await patch(agent, '/api/auth/me', { locale: 'zh-CN', timeZone: 'Asia/Shanghai', name: 'Wei' });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ name: 'Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai', teamIds: [teamId] });
    expect(await app.db.user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /IANA/],
    ['an unsupported language', { locale: 'fr' }, /zh-CN/],
    ['a field that cannot be changed here', { role: 'ADMIN' }, /role/],
  ])('refuses %s with 400', async (_what, body, message) => {
    const response = await patch(agent, '/api/auth/me', body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });
});

describe('directory', () => {
  it('lists people, teams, inboxes and labels for every signed-in user', async () => {
    await createWebchatInbox(app.db, { teamId });
    await app.db.label.create({ data: { name: 'directory-label', color: '#00ff00' } });
    const directory = await call(agent, '/api/directory');
    expect(directory.status).toBe(200);
    expect(directory.body.users).toContainEqual(expect.objectContaining({ id: admin.id, role: 'ADMIN', active: true }));
    expect(directory.body.users[0]).not.toHaveProperty('email');
    expect(directory.body.teams).toContainEqual({ id: teamId, name: expect.any(String) });
    expect(directory.body.inboxes[0]).toEqual({ id: expect.any(String), name: 'Website', channel: 'WEBCHAT' });
    expect(directory.body.labels).toContainEqual({ id: expect.any(String), name: 'directory-label', color: '#00ff00' });
    expect((await fetch(`${app.url}/api/directory`)).status).toBe(401);
  });
});

describe('users', () => {
  it('lets an admin change a user, and refuses supervisors (403) and self-demotion (409)', async () => {
    const other = await createTeam(app.db);
    const person = await createUser(app.db, { teamIds: [teamId] });
    const changed = await patch(admin, `/api/users/${person.id}`, { name: 'Renamed', role: 'SUPERVISOR', capacity: 3, skills: ['billing'], teamIds: [other.id] });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ name: 'Renamed', role: 'SUPERVISOR', capacity: 3, skills: ['billing'], memberships: [{ teamId: other.id }] });

    expect((await patch(supervisor, `/api/users/${person.id}`, { name: 'x' })).status).toBe(403);
    const demote = await patch(admin, `/api/users/${admin.id}`, { role: 'AGENT' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/yourself/);
    expect((await patch(admin, `/api/users/${admin.id}`, { active: false })).status).toBe(409);
    expect((await patch(admin, `/api/users/${admin.id}`, { name: 'Still me' })).status).toBe(200);
    expect((await patch(admin, `/api/users/${randomUUID()}`, { name: 'Ghost' })).status).toBe(404);
    expect((await patch(admin, `/api/users/${person.id}`, { teamIds: [randomUUID()] })).status).toBe(400);
    expect((await patch(admin, `/api/users/${person.id}`, {})).status).toBe(400);
  });

  it('signs a deactivated user out at once', async () => {
    const leaver = await signIn('AGENT');
    expect((await patch(admin, `/api/users/${leaver.id}`, { active: false })).status).toBe(200);
    expect((await call(leaver, '/api/auth/me')).status).toBe(401);
  });
});

describe('invitations', () => {
  it('invites a user who cannot log in until they choose a password, then are signed in', async () => {
    const email = `invited-${randomBytes(3).toString('hex')}@example.test`;
    const invited = await call(admin, '/api/users/invitations', { body: { email, name: 'Ivy Invited', role: 'AGENT', capacity: 4, skills: ['lang:zh'], teamIds: [teamId] } });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ email, name: 'Ivy Invited', capacity: 4, skills: ['lang:zh'] });
    expect(invited.body.user).not.toHaveProperty('inviteTokenHash');
    const token = /\/#\/invite\/([\w-]+)$/.exec(invited.body.inviteUrl)?.[1];
    expect(invited.body.inviteUrl.startsWith(app.url)).toBe(true);
    expect(token).toBeTruthy();
    const stored = await app.db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.inviteTokenHash).not.toContain(token!);
    expect(stored.inviteExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);

    const tooShort = await api(app.url, '', '/api/auth/invitations/accept', { body: { token, password: 'short' } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toMatch(/10 characters/);

    const accepted = await fetch(`${app.url}/api/auth/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'a long enough password' }),
    });
    expect(accepted.status).toBe(200);
    const cookie = accepted.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await api(app.url, cookie, '/api/auth/me')).body.user).toMatchObject({ email, teamIds: [teamId] });
    expect(await login(app.url, email, 'a long enough password')).toMatch(/^cc_session=/);

    // A link works once.
    const again = await api(app.url, '', '/api/auth/invitations/accept', { body: { token, password: 'another long password' } });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/not valid or has expired/);
  });

  it('refuses an expired invitation and keeps the invited user out before acceptance', async () => {
    const email = `late-${randomBytes(3).toString('hex')}@example.test`;
    const invited = await call(admin, '/api/users/invitations', { body: { email, name: 'Late', role: 'AGENT', capacity: 2, skills: [], teamIds: [] } });
    const token = invited.body.inviteUrl.split('/').at(-1);
    await app.db.user.update({ where: { email }, data: { inviteExpiresAt: new Date(Date.now() - 1000) } });
    expect((await api(app.url, '', '/api/auth/invitations/accept', { body: { token, password: 'a long enough password' } })).status).toBe(400);
    const loginAttempt = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long enough password' }),
    });
    expect(loginAttempt.status).toBe(401);
    expect((await call(supervisor, '/api/users/invitations', { body: { email: 'x@example.test', name: 'X', role: 'AGENT', capacity: 2 } })).status).toBe(403);
    expect((await call(admin, '/api/users/invitations', { body: { email, name: 'Twice', role: 'AGENT', capacity: 2 } })).status).toBe(409);
  });
});

describe('teams and inboxes', () => {
  it('creates and changes teams with their members, and refuses bad changes', async () => {
    const name = `Billing ${randomBytes(3).toString('hex')}`;
    const created = await call(admin, '/api/teams', { body: { name, description: 'money', routingPolicy: 'ROUND_ROBIN', memberIds: [agent.id] } });
    expect(created.status).toBe(201);
    expect(created.body.team).toMatchObject({ name, routingPolicy: 'ROUND_ROBIN', memberships: [{ userId: agent.id }] });
    const id = created.body.team.id;

    const changed = await patch(admin, `/api/teams/${id}`, { memberIds: [supervisor.id], overflowTeamId: teamId, overflowAfterSeconds: 300 });
    expect(changed.status).toBe(200);
    expect(changed.body.team).toMatchObject({ overflowTeamId: teamId, overflowAfterSeconds: 300, memberships: [{ userId: supervisor.id }] });
    expect(await app.db.teamMembership.count({ where: { teamId: id, userId: agent.id } })).toBe(0);

    expect((await call(admin, '/api/teams', { body: { name } })).status).toBe(409);
    expect((await patch(admin, `/api/teams/${id}`, { overflowTeamId: id })).status).toBe(400);
    expect((await patch(admin, `/api/teams/${id}`, { memberIds: [randomUUID()] })).status).toBe(400);
    expect((await patch(admin, `/api/teams/${randomUUID()}`, { name: 'Ghost' })).status).toBe(404);
    expect((await call(supervisor, '/api/teams', { body: { name: 'Nope' } })).status).toBe(403);
  });

  it("routes a new team's work to an online agent added to it, without them setting presence again", async () => {
    const newTeam = await call(admin, '/api/teams', { body: { name: `Routing ${randomBytes(3).toString('hex')}` } });
    const inbox = await createWebchatInbox(app.db, { teamId: newTeam.body.team.id });
    const online = await signIn('AGENT');
    expect((await call(online, '/api/presence', { body: { status: 'ONLINE' } })).status).toBe(200);
    expect((await patch(admin, `/api/teams/${newTeam.body.team.id}`, { memberIds: [online.id] })).status).toBe(200);
    const { conversation } = await app.services.conversations.ingestInbound({
      inboxId: inbox.id,
      identity: { kind: 'EMAIL', value: `${randomBytes(3).toString('hex')}@example.test` },
      text: 'hello new team',
    });
    await expect.poll(async () => (await app.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).assigneeId).toBe(online.id);
  });

  it('changes an inbox and shows its widget settings to supervisors', async () => {
    const inbox = await createWebchatInbox(app.db);
    const changed = await patch(admin, `/api/inboxes/${inbox.id}`, { name: 'Shop chat', teamId, requiredSkills: ['shop'] });
    expect(changed.status).toBe(200);
    expect(changed.body.inbox).toMatchObject({ name: 'Shop chat', teamId, requiredSkills: ['shop'] });
    expect(changed.body.inbox).not.toHaveProperty('identitySecret');
    expect((await patch(supervisor, `/api/inboxes/${inbox.id}`, { name: 'x' })).status).toBe(403);
    expect((await patch(admin, `/api/inboxes/${inbox.id}`, { teamId: randomUUID() })).status).toBe(400);
    expect((await patch(admin, `/api/inboxes/${randomUUID()}`, { name: 'x' })).status).toBe(404);

    const put = await call(admin, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: { greeting: 'Hi there' } });
    expect(put.status).toBe(200);
    const settings = await call(supervisor, `/api/inboxes/${inbox.id}/widget-settings`);
    expect(settings.status).toBe(200);
    expect(settings.body.settings).toMatchObject({ greeting: { en: 'Hi there' }, defaultLocale: 'en' });
    // Greetings per language; the one of the inbox's language stands in for the others.
    const perLanguage = { greeting: { en: 'Hi there', 'zh-CN': '您好' }, defaultLocale: 'zh-CN' };
    expect((await call(admin, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: perLanguage })).body.settings).toMatchObject(perLanguage);
    const badLocale = await call(admin, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: { greeting: { fr: 'Salut' } } });
    expect(badLocale.status).toBe(400);
    expect((await call(agent, `/api/inboxes/${inbox.id}/widget-settings`)).status).toBe(403);
  });
});
