import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, createUser, eventually, login, nextEvent } from '../helpers/fixtures.js';
import {
  agentOf,
  resolve,
  setPresence,
  startChat,
  teamWithInbox,
  waitForAssignee,
  waitForTimeline,
} from '../helpers/routing-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let supervisorCookie: string;

beforeAll(async () => {
  // Sweeps (heartbeats, overflow) are tested in their own file; here they stay out of the way.
  app = await startTestApp({ ROUTING_SWEEP_INTERVAL_MS: '600000' });
  supervisorCookie = await login(app.url, (await createUser(app.db, { role: 'SUPERVISOR', name: 'Sam Supervisor' })).email);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

const assigneeOf = async (conversationId: string) =>
  (await app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).assigneeId;

describe('routing', () => {
  it('keeps work waiting while nobody is online, then serves it by priority, then arrival', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const first = await startChat(app, inbox.publicToken);
    const second = await startChat(app, inbox.publicToken);
    const keyCustomer = await startChat(app, inbox.publicToken, { customerPriority: 5 });
    expect(await assigneeOf(first.conversationId)).toBeNull();

    // Capacity 2: one chat at a time, so the order is visible.
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    await waitForAssignee(app, keyCustomer.conversationId, agent.id);
    expect(await assigneeOf(first.conversationId)).toBeNull();

    await resolve(app, agent.cookie, keyCustomer.conversationId);
    await waitForAssignee(app, first.conversationId, agent.id);
    expect(await assigneeOf(second.conversationId)).toBeNull();

    await resolve(app, agent.cookie, first.conversationId);
    await waitForAssignee(app, second.conversationId, agent.id);

    const assigned = await app.db.timelineEvent.findFirstOrThrow({ where: { conversationId: second.conversationId, kind: 'routing.assigned' } });
    expect(assigned.data).toEqual({ agentId: agent.id, rule: 'LEAST_BUSY' });
    const row = await app.db.conversation.findUniqueOrThrow({ where: { id: second.conversationId } });
    expect(row.queuedAt).toBeNull();
    expect(row.assignedAt).not.toBeNull();
  });

  it('assigns new work at once to an online agent and tells them', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id]);
    const console = await connectAgent(app.url, agent.cookie);
    const told = nextEvent(console, 'conversation:assigned');
    const chat = await startChat(app, inbox.publicToken);
    const { conversation, rule } = await told;
    expect(conversation).toMatchObject({ id: chat.conversationId, assigneeId: agent.id });
    expect(rule).toBe('LEAST_BUSY');
  });

  it('spreads work to the least busy agent and never past capacity', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const small = await agentOf(app, [team.id], { capacity: 2 });
    const large = await agentOf(app, [team.id], { capacity: 4 });
    const chats = [];
    for (let index = 0; index < 5; index++) chats.push(await startChat(app, inbox.publicToken));
    const ids = chats.map((chat) => chat.conversationId);
    await eventually(
      async () => (await app.db.timelineEvent.count({ where: { conversationId: { in: ids }, kind: 'routing.assigned' } })) === 3,
      'three assignments',
    );
    const rows = await app.db.conversation.findMany({ where: { id: { in: chats.map((chat) => chat.conversationId) } } });
    const loadOf = (agentId: string) => rows.filter((row) => row.assigneeId === agentId).length * 2;
    expect(loadOf(small.id)).toBe(2);
    expect(loadOf(large.id)).toBe(4);
    expect(rows.filter((row) => row.assigneeId === null)).toHaveLength(2);
  });

  it('gives skilled work only to agents with every required skill', async () => {
    const { team, inbox } = await teamWithInbox(app, {}, ['lang:zh']);
    const unskilled = await agentOf(app, [team.id]);
    const chat = await startChat(app, inbox.publicToken);
    expect(await assigneeOf(chat.conversationId)).toBeNull();
    const skilled = await agentOf(app, [team.id], { skills: ['lang:zh', 'billing'] });
    await waitForAssignee(app, chat.conversationId, skilled.id);
    expect(await app.db.conversation.count({ where: { assigneeId: unskilled.id } })).toBe(0);
  });

  it('hands live chats back, at the front of the line, when their agent goes offline', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const leaving = await agentOf(app, [team.id], { capacity: 2 });
    const handedBack = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, handedBack.conversationId, leaving.id);
    const newer = await startChat(app, inbox.publicToken);

    await setPresence(app, leaving.cookie, 'OFFLINE');
    await waitForTimeline(app, handedBack.conversationId, 'routing.requeued');
    expect(await assigneeOf(handedBack.conversationId)).toBeNull();

    const next = await agentOf(app, [team.id], { capacity: 2 });
    await waitForAssignee(app, handedBack.conversationId, next.id);
    expect(await assigneeOf(newer.conversationId)).toBeNull();
  });

  it('keeps e-mail with an agent who goes offline unless the team says otherwise', async () => {
    const { team } = await teamWithInbox(app);
    const emailInbox = await app.db.inbox.create({
      data: { name: 'Mail', channel: 'EMAIL', teamId: team.id, publicToken: `mail-${team.id}` },
    });
    const agent = await agentOf(app, [team.id]);
    const customer = await app.db.customer.create({ data: { name: 'Mail customer' } });
    const mail = await app.db.conversation.create({ data: { inboxId: emailInbox.id, customerId: customer.id, teamId: team.id } });
    await app.services.routing.enqueue(mail.id);
    await waitForAssignee(app, mail.id, agent.id);

    await setPresence(app, agent.cookie, 'OFFLINE');
    expect(await assigneeOf(mail.id)).toBe(agent.id);

    await app.db.team.update({ where: { id: team.id }, data: { requeueAsyncOnOffline: true } });
    await setPresence(app, agent.cookie, 'ONLINE');
    await setPresence(app, agent.cookie, 'OFFLINE');
    await waitForAssignee(app, mail.id, null);
  });

  it('serves a round-robin team in turns', async () => {
    const { team, inbox } = await teamWithInbox(app, { routingPolicy: 'ROUND_ROBIN' });
    const first = await agentOf(app, [team.id], { name: 'First' });
    const second = await agentOf(app, [team.id], { name: 'Second' });
    const assignees = [];
    for (let index = 0; index < 4; index++) {
      const chat = await startChat(app, inbox.publicToken);
      await waitForTimeline(app, chat.conversationId, 'routing.assigned');
      assignees.push(await assigneeOf(chat.conversationId));
    }
    expect(new Set([assignees[0], assignees[1]])).toEqual(new Set([first.id, second.id]));
    expect(assignees[2]).toBe(assignees[0]);
    expect(assignees[3]).toBe(assignees[1]);
  });

  it('transfers to another team with a note, freeing the agent for the next chat', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const { team: billing } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    const transferred = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, transferred.conversationId, agent.id);
    const waiting = await startChat(app, inbox.publicToken);

    const response = await api(app.url, agent.cookie, `/api/conversations/${transferred.conversationId}/transfer`, {
      body: { toTeamId: billing.id, note: 'Refund question, over to billing' },
    });
    expect(response.status).toBe(200);
    expect(response.body.conversation).toMatchObject({ teamId: billing.id, assigneeId: null });
    await waitForAssignee(app, waiting.conversationId, agent.id);

    const billingAgent = await agentOf(app, [billing.id]);
    await waitForAssignee(app, transferred.conversationId, billingAgent.id);
    const note = await app.db.message.findFirstOrThrow({ where: { conversationId: transferred.conversationId, isPrivate: true } });
    expect(note.text).toBe('Refund question, over to billing');
    await waitForTimeline(app, transferred.conversationId, 'routing.transferred');
  });

  it('refuses to push an agent past capacity by hand, and refuses bad transfers', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const full = await agentOf(app, [team.id], { capacity: 2 });
    const chat = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, chat.conversationId, full.id);
    const other = await startChat(app, inbox.publicToken);

    const assign = await api(app.url, supervisorCookie, `/api/conversations/${other.conversationId}/assignee`, { body: { assigneeId: full.id } });
    expect(assign.status).toBe(409);
    expect(assign.body.error.message).toMatch(/no free capacity/);
    expect(await assigneeOf(other.conversationId)).toBeNull();

    const toFull = await api(app.url, supervisorCookie, `/api/conversations/${other.conversationId}/transfer`, { body: { toAgentId: full.id } });
    expect(toFull.status).toBe(409);
    const both = await api(app.url, supervisorCookie, `/api/conversations/${other.conversationId}/transfer`, {
      body: { toAgentId: full.id, toTeamId: team.id },
    });
    expect(both.status).toBe(400);
    const notMine = await api(app.url, (await agentOf(app, [team.id], { online: false })).cookie, `/api/conversations/${chat.conversationId}/transfer`, {
      body: { toTeamId: team.id },
    });
    expect(notMine.status).toBe(403);
  });

  it('lets a supervisor put work back in line and see the queues', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    const chat = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, chat.conversationId, agent.id);
    await setPresence(app, agent.cookie, 'AWAY');

    const requeued = await api(app.url, supervisorCookie, `/api/conversations/${chat.conversationId}/requeue`, { method: 'POST' });
    expect(requeued.status).toBe(200);
    expect(requeued.body.conversation.assigneeId).toBeNull();
    const denied = await api(app.url, agent.cookie, `/api/conversations/${chat.conversationId}/requeue`, { method: 'POST' });
    expect(denied.status).toBe(403);

    const queues = await api(app.url, supervisorCookie, '/api/queues');
    const mine = queues.body.items.find((item: { teamId: string | null }) => item.teamId === team.id);
    expect(mine).toMatchObject({ depth: 1 });
    expect(mine.longestWaitSeconds).toBeGreaterThanOrEqual(0);

    const position = await api(app.url, agent.cookie, `/api/conversations/${chat.conversationId}/queue-position`);
    expect(position.body).toMatchObject({ waiting: true, position: 1 });
  });

  it("tells a waiting customer their place and wait, and supervisors the queue's depth", async () => {
    const { team, inbox } = await teamWithInbox(app);
    const supervisor = await connectAgent(app.url, supervisorCookie);
    const stats = nextEvent(supervisor, 'queue:stats', (payload) => payload.teamId === team.id && payload.depth === 2);
    const first = await startChat(app, inbox.publicToken);
    const second = await startChat(app, inbox.publicToken);
    expect(await stats).toMatchObject({ teamId: team.id, depth: 2 });

    const moved = nextEvent(second.visitor.socket, 'queue:position', (payload) => payload.position === 1);
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    const update = await moved;
    expect(update).toMatchObject({ conversationId: second.conversationId, position: 1 });
    expect(update.estimatedWaitSeconds).toBeGreaterThan(0);
    // The second customer moved up because the first one was taken.
    expect(await assigneeOf(first.conversationId)).toBe(agent.id);
  });
});
