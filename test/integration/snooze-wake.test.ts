import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../src/app.js';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, login, nextEvent } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let peer: RunningApp;
let inboxId: string;
let cookie: string;

beforeAll(async () => {
  // Sweeps run when a test calls them, at a time the shared test clock decides; the interval never fires.
  app = await startTestApp({ SNOOZE_SWEEP_INTERVAL_MS: '3600000' });
  app.clock.freeze(); // snoozes end only when a test moves the clock, however slow this machine is
  peer = await app.startPeer(); // a second process sweeps the same database
  const team = await createTeam(app.db);
  inboxId = (await createWebchatInbox(app.db, { teamId: team.id })).id;
  cookie = await login(app.url, (await createUser(app.db, { role: 'SUPERVISOR', teamIds: [team.id] })).email);
});

afterAll(async () => {
  closeSockets();
  await peer?.stop();
  await app?.close();
});

async function conversation() {
  const result = await app.services.conversations.ingestInbound({
    inboxId,
    identity: { kind: 'EMAIL', value: `${randomBytes(4).toString('hex')}@example.test` },
    text: 'hi',
  });
  return result.conversation.id;
}

const snooze = (id: string, snoozedUntil: string | undefined) =>
  api(app.url, cookie, `/api/conversations/${id}/status`, { body: { status: 'SNOOZED', ...(snoozedUntil && { snoozedUntil }) } });

describe('snoozed conversations', () => {
  it('reopen once when their time has come, even with two processes sweeping, and the consoles hear it', async () => {
    const ids = await Promise.all([conversation(), conversation(), conversation()]);
    const wakeAt = new Date(app.clock.now() + 600_000).toISOString();
    for (const id of ids) expect((await snooze(id, wakeAt)).status).toBe(200);
    const socket = await connectAgent(app.url, cookie);
    const reopened = nextEvent(socket, 'conversation:updated', (payload: { conversation: { id: string; status: string } }) => payload.conversation.id === ids[0] && payload.conversation.status === 'OPEN');

    app.clock.advance(601_000);
    const woken = await Promise.all([app.services.snoozes.wakeDue(), peer.services.snoozes.wakeDue()]);
    expect(woken[0] + woken[1]).toBe(3);
    await reopened;
    expect(await app.db.conversation.count({ where: { id: { in: ids }, status: 'OPEN', snoozedUntil: null } })).toBe(3);
    const events = await app.db.timelineEvent.findMany({ where: { conversationId: { in: ids }, kind: 'conversation.reopened' } });
    expect(events).toHaveLength(3);
    expect(events.every((event) => (event.data as { reason?: string }).reason === 'snooze_ended')).toBe(true);
  });

  it('stay snoozed until then', async () => {
    const id = await conversation();
    expect((await snooze(id, new Date(app.clock.now() + 600_000).toISOString())).status).toBe(200);
    app.clock.advance(599_000);
    await app.services.snoozes.wakeDue();
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id } })).status).toBe('SNOOZED');
    app.clock.advance(2000);
    expect(await app.services.snoozes.wakeDue()).toBe(1);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id } })).status).toBe('OPEN');
  });

  it.each([
    ['without a time', undefined],
    ['with a time in the past', new Date(Date.now() - 60_000).toISOString()],
  ])('cannot be snoozed %s (400)', async (_what, snoozedUntil) => {
    const id = await conversation();
    const response = await snooze(id, snoozedUntil);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/snoozedUntil/);
  });
});
