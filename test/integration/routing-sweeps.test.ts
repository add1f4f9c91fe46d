import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, request } from '../helpers/fixtures.js';
import { agentOf, startChat, teamWithInbox, waitForAssignee, waitForTimeline } from '../helpers/routing-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '2', ROUTING_SWEEP_INTERVAL_MS: '200' });
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

    // One agent keeps heartbeating over the socket, the other's console is gone.
    const console = await connectAgent(app.url, alive.cookie);
    expect((await request(console, 'presence:set', { status: 'ONLINE' })).presence.status).toBe('ONLINE');
    const beat = setInterval(() => console.emit('presence:heartbeat', {}), 250);
    try {
      // Generous waits: the heartbeat timeout is 2 s and this machine may be busy.
      await waitForTimeline(app, chat.conversationId, 'routing.requeued', 15_000);
      await waitForAssignee(app, chat.conversationId, alive.id, 15_000);
    } finally {
      clearInterval(beat);
    }
    const presence = await api(app.url, vanished.cookie, '/api/presence');
    expect(presence.body.presence.status).toBe('OFFLINE');
    const heartbeat = await api(app.url, vanished.cookie, '/api/presence/heartbeat', { method: 'POST' });
    expect(heartbeat.status).toBe(409);
  });

  it('spills work that waited too long to the overflow team', async () => {
    const { team: overflow } = await teamWithInbox(app);
    const { team, inbox } = await teamWithInbox(app, { overflowAfterSeconds: 1, overflowTeam: { connect: { id: overflow.id } } });
    const chat = await startChat(app, inbox.publicToken);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } })).teamId).toBe(team.id);

    const helper = await agentOf(app, [overflow.id]);
    const console = await connectAgent(app.url, helper.cookie);
    const beat = setInterval(() => console.emit('presence:heartbeat', {}), 250);
    try {
      await waitForAssignee(app, chat.conversationId, helper.id, 15_000);
    } finally {
      clearInterval(beat);
    }
    const row = await app.db.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } });
    expect(row.teamId).toBe(overflow.id);
    const queued = await app.db.timelineEvent.findMany({ where: { conversationId: chat.conversationId, kind: 'routing.queued' } });
    expect(queued.map((event) => (event.data as { reason?: string }).reason)).toContain(`waited over 1 s in ${team.name}`);
  });
});
