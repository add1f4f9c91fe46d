import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, request } from '../helpers/fixtures.js';
import { agentOf, startChat, teamWithInbox, waitForAssignee, waitForTimeline } from '../helpers/routing-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const HEARTBEAT_TIMEOUT_MS = 45_000;
let app: TestApp;

beforeAll(async () => {
  // Sweeps run when a test calls them, at a time the test's frozen clock decides; the interval never fires.
  app = await startTestApp({ ROUTING_HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_MS / 1000), ROUTING_SWEEP_INTERVAL_MS: '3600000' });
  app.clock.freeze(); // however slow this machine is, heartbeats age only when a test says so
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

describe('routing sweeps', () => {
  it('takes an agent whose console stopped sending heartbeats offline and re-queues their chats', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const vanished = await agentOf(app, [team.id]);
    const alive = await agentOf(app, [team.id], { online: false });
    const chat = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, chat.conversationId, vanished.id);
    const console = await connectAgent(app.url, alive.cookie);
    expect((await request(console, 'presence:set', { status: 'ONLINE' })).presence.status).toBe('ONLINE');

    // A sweep before the timeout leaves both online.
    app.clock.advance(HEARTBEAT_TIMEOUT_MS - 5000);
    await app.services.routing.sweep();
    expect((await api(app.url, vanished.cookie, '/api/presence')).body.presence.status).toBe('ONLINE');

    // Past the timeout: one console kept heartbeating, the other's is gone.
    app.clock.advance(10_000);
    expect(await request(console, 'presence:heartbeat', {})).toMatchObject({ ok: true, online: true });
    await app.services.routing.sweep();

    await waitForTimeline(app, chat.conversationId, 'routing.requeued');
    await waitForAssignee(app, chat.conversationId, alive.id);
    expect((await api(app.url, vanished.cookie, '/api/presence')).body.presence.status).toBe('OFFLINE');
    expect((await api(app.url, alive.cookie, '/api/presence')).body.presence.status).toBe('ONLINE');
    const heartbeat = await api(app.url, vanished.cookie, '/api/presence/heartbeat', { method: 'POST' });
    expect(heartbeat.status).toBe(409);
  });

  it('spills work that waited too long to the overflow team', async () => {
    const { team: overflow } = await teamWithInbox(app);
    const { team, inbox } = await teamWithInbox(app, { overflowAfterSeconds: 60, overflowTeam: { connect: { id: overflow.id } } });
    const chat = await startChat(app, inbox.publicToken);
    const helper = await agentOf(app, [overflow.id]);

    app.clock.advance(30_000);
    await app.services.routing.sweep();
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } })).teamId).toBe(team.id);

    app.clock.advance(31_000);
    expect((await api(app.url, helper.cookie, '/api/presence/heartbeat', { method: 'POST' })).status).toBe(204);
    await app.services.routing.sweep();
    await waitForAssignee(app, chat.conversationId, helper.id);
    const row = await app.db.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } });
    expect(row.teamId).toBe(overflow.id);
    const queued = await app.db.timelineEvent.findMany({ where: { conversationId: chat.conversationId, kind: 'routing.queued' } });
    expect(queued.map((event) => (event.data as { reason?: string }).reason)).toContain(`waited over 60 s in ${team.name}`);
  });
});
