import { randomUUID } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, login, nextEvent } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let inboxId: string;
let admin: string;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  inboxId = (await createWebchatInbox(app.db, { teamId: team.id })).id;
  const signIn = async (role: UserRole) => login(app.url, (await createUser(app.db, { role, teamIds: [team.id] })).email);
  [admin, supervisor, agent] = await Promise.all([signIn('ADMIN'), signIn('SUPERVISOR'), signIn('AGENT')]);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

const call = (cookie: string, path: string, init?: { method?: string; body?: unknown }) => api(app.url, cookie, path, init);

describe('labels', () => {
  it('lets admins keep the catalogue and everyone read it', async () => {
    const created = await call(admin, '/api/labels', { body: { name: 'Refund', color: '#FF0000', description: 'money back' } });
    expect(created.status).toBe(201);
    expect(created.body.label).toMatchObject({ name: 'Refund', color: '#ff0000', description: 'money back' });
    const renamed = await call(admin, `/api/labels/${created.body.label.id}`, { method: 'PATCH', body: { name: 'Refunds' } });
    expect(renamed.body.label).toMatchObject({ name: 'Refunds', color: '#ff0000' });
    const listed = await call(agent, '/api/labels');
    expect(listed.body.items.map((label: { name: string }) => label.name)).toContain('Refunds');
    expect((await call(admin, `/api/labels/${created.body.label.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await app.db.label.count({ where: { id: created.body.label.id } })).toBe(0);
  });

  it('refuses a duplicate name with 409, bad input with 400, other roles with 403, unknown ids with 404', async () => {
    expect((await call(admin, '/api/labels', { body: { name: 'Urgent', color: '#000000' } })).status).toBe(201);
    const duplicate = await call(admin, '/api/labels', { body: { name: 'Urgent', color: '#111111' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/already exists/);
    const badColour = await call(admin, '/api/labels', { body: { name: 'Red', color: 'red' } });
    expect(badColour.status).toBe(400);
    expect(badColour.body.error.message).toMatch(/#rrggbb/);
    expect((await call(admin, '/api/labels', { body: { name: 'x'.repeat(51), color: '#000000' } })).status).toBe(400);
    expect((await call(supervisor, '/api/labels', { body: { name: 'Mine', color: '#000000' } })).status).toBe(403);
    expect((await call(admin, `/api/labels/${randomUUID()}`, { method: 'PATCH', body: { name: 'Ghost' } })).status).toBe(404);
    expect((await call(admin, `/api/labels/${randomUUID()}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('sets a conversation\'s labels, records what changed and tells the consoles', async () => {
    const [billing, vip] = await Promise.all(
      ['Billing', 'VIP'].map(async (name) => (await call(admin, '/api/labels', { body: { name, color: '#123456' } })).body.label.id as string),
    );
    const { conversation } = await app.services.conversations.ingestInbound({ inboxId, identity: { kind: 'EMAIL', value: 'labelled@example.test' }, text: 'hi' });
    const socket = await connectAgent(app.url, supervisor);
    const updated = nextEvent(socket, 'conversation:updated', (payload: { conversation: { id: string; labelIds?: string[] } }) => payload.conversation.labelIds?.length === 2);

    const first = await call(agent, `/api/conversations/${conversation.id}/labels`, { body: { labelIds: [billing, vip] } });
    expect(first.status).toBe(200);
    expect(first.body.conversation.labelIds).toEqual([billing, vip]);
    expect((await updated).conversation.id).toBe(conversation.id);

    const second = await call(agent, `/api/conversations/${conversation.id}/labels`, { body: { labelIds: [vip] } });
    expect(second.body.conversation.labelIds).toEqual([vip]);
    const events = await app.db.timelineEvent.findMany({ where: { conversationId: conversation.id, kind: 'labels_changed' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((event) => event.data)).toEqual([
      { added: [billing, vip], removed: [] },
      { added: [], removed: [billing] },
    ]);
    const detail = await call(agent, `/api/conversations/${conversation.id}`);
    expect(detail.body.conversation.labelIds).toEqual([vip]);

    const unknown = await call(agent, `/api/conversations/${conversation.id}/labels`, { body: { labelIds: [randomUUID()] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/No label/);
    expect((await call(agent, `/api/conversations/${randomUUID()}/labels`, { body: { labelIds: [vip] } })).status).toBe(404);
    expect((await call(agent, `/api/conversations/${conversation.id}/labels`, { body: { labelIds: 'vip' } })).status).toBe(400);
  });
});

describe('canned responses', () => {
  it('lets supervisors and admins write them and everyone find them by short code or words', async () => {
    const created = await call(supervisor, '/api/canned-responses', {
      body: { shortCode: 'thanks', title: 'Thank you', content: 'Thanks {{customer.name}}, this is {{agent.name}}.' },
    });
    expect(created.status).toBe(201);
    expect(created.body.cannedResponse.content).toBe('Thanks {{customer.name}}, this is {{agent.name}}.');
    expect((await call(admin, '/api/canned-responses', { body: { shortCode: 'refund_policy', title: 'Refunds', content: 'Our refund policy: 30 days.' } })).status).toBe(201);

    const byCode = await call(agent, '/api/canned-responses?q=than');
    expect(byCode.body.items.map((item: { shortCode: string }) => item.shortCode)).toEqual(['thanks']);
    const byWord = await call(agent, '/api/canned-responses?q=POLICY');
    expect(byWord.body.items.map((item: { shortCode: string }) => item.shortCode)).toEqual(['refund_policy']);
    expect((await call(agent, '/api/canned-responses')).body.items).toHaveLength(2);

    const edited = await call(admin, `/api/canned-responses/${created.body.cannedResponse.id}`, { method: 'PATCH', body: { title: 'Thanks!' } });
    expect(edited.body.cannedResponse).toMatchObject({ shortCode: 'thanks', title: 'Thanks!' });
    expect((await call(supervisor, `/api/canned-responses/${created.body.cannedResponse.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await app.db.cannedResponse.count({ where: { shortCode: 'thanks' } })).toBe(0);
  });

  it('refuses agents (403), bad short codes and long texts (400), duplicates (409), unknown ids (404)', async () => {
    expect((await call(agent, '/api/canned-responses', { body: { shortCode: 'hi', title: 'Hi', content: 'Hi' } })).status).toBe(403);
    const badCode = await call(admin, '/api/canned-responses', { body: { shortCode: 'Hello There', title: 'Hi', content: 'Hi' } });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.message).toMatch(/short code/);
    expect((await call(admin, '/api/canned-responses', { body: { shortCode: 'long', title: 'Long', content: 'x'.repeat(5001) } })).status).toBe(400);
    expect((await call(admin, '/api/canned-responses', { body: { shortCode: 'dup', title: 'A', content: 'A' } })).status).toBe(201);
    expect((await call(admin, '/api/canned-responses', { body: { shortCode: 'dup', title: 'B', content: 'B' } })).status).toBe(409);
    expect((await call(admin, `/api/canned-responses/${randomUUID()}`, { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
    expect((await call(admin, `/api/canned-responses/${randomUUID()}`, { method: 'DELETE' })).status).toBe(404);
  });
});
