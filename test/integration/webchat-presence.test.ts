import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSockets, connectVisitor, eventually, nextEvent, request, type WidgetConnection } from '../helpers/fixtures.js';
import { agentOf, setPresence, startChat, teamWithInbox, waitForAssignee } from '../helpers/routing-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function loadOf(agentId: string): Promise<number | undefined> {
  return (await app.services.routing.getPresence(agentId))?.load;
}

async function waitForLoad(agentId: string, load: number): Promise<void> {
  await eventually(async () => (await loadOf(agentId)) === load, `agent load ${load} (is ${await loadOf(agentId)})`, 10_000);
}

describe('what a chat weighs while its customer is away', () => {
  it('drops to an e-mail weight when the last tab closes and comes back with the customer', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 6 });
    const chat = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, chat.conversationId, agent.id);
    await waitForLoad(agent.id, 2);

    const secondTab = await connectVisitor(app.url, inbox.publicToken, chat.visitor.visitorToken);
    chat.visitor.socket.close();
    // Another tab is still open: still a live chat.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await loadOf(agent.id)).toBe(2);

    secondTab.socket.close();
    await waitForLoad(agent.id, 1);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } })).assigneeId).toBe(agent.id);

    await connectVisitor(app.url, inbox.publicToken, chat.visitor.visitorToken);
    await waitForLoad(agent.id, 2);
  });

  it('lets a returning customer raise a full agent over capacity only by what they already hold', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    const first = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, first.conversationId, agent.id);
    first.visitor.socket.close();
    await waitForLoad(agent.id, 1);
    const second = await startChat(app, inbox.publicToken);
    second.visitor.socket.close();
    // The second customer left before anyone took the chat: it is routed at an e-mail's weight.
    await waitForAssignee(app, second.conversationId, agent.id);
    await waitForLoad(agent.id, 2);

    await connectVisitor(app.url, inbox.publicToken, first.visitor.visitorToken);
    await waitForLoad(agent.id, 3);
    const third = await startChat(app, inbox.publicToken);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: third.conversationId } })).assigneeId).toBeNull();
  });

  it('takes three offline messages without filling an agent', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 6, online: false });
    const conversationIds: string[] = [];
    for (const email of ['a@example.test', 'b@example.test', 'c@example.test']) {
      const visitor = await connectVisitor(app.url, inbox.publicToken);
      const ack = await request(visitor.socket, 'offline:message', { clientMessageId: randomUUID(), email, text: 'Call me back' });
      expect(ack.ok).toBe(true);
      conversationIds.push(ack.conversationId);
    }
    await setPresence(app, agent.cookie, 'ONLINE');
    for (const id of conversationIds) await waitForAssignee(app, id, agent.id);
    await waitForLoad(agent.id, 3);

    const live = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, live.conversationId, agent.id);
    await waitForLoad(agent.id, 5);
  });

  it('weighs chats written while nobody was available by whether their customers stayed', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id], { capacity: 6, online: false });
    const stayed = await startChat(app, inbox.publicToken);
    const left = await startChat(app, inbox.publicToken);
    left.visitor.socket.close();
    await eventually(async () => (await app.redis.exists(`${app.redisPrefix}:routing:customer-away:${left.conversationId}`)) === 1, 'the away mark');
    await setPresence(app, agent.cookie, 'ONLINE');
    await waitForAssignee(app, stayed.conversationId, agent.id);
    await waitForAssignee(app, left.conversationId, agent.id);
    await waitForLoad(agent.id, 3);
  });
});

describe('availability pushed to open widgets', () => {
  it('tells the widget when the first agent comes online and the last one leaves, without reconnecting', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const first = await agentOf(app, [team.id], { online: false });
    const second = await agentOf(app, [team.id], { online: false });
    const visitor = (await connectVisitor(app.url, inbox.publicToken)) as WidgetConnection & { availability: unknown };
    expect(visitor.availability).toEqual({ online: false, reason: 'no_agents' });

    const online = nextEvent(visitor.socket, 'availability', (payload) => payload.online === true, 10_000);
    await setPresence(app, first.cookie, 'ONLINE');
    await online;

    const pushes: unknown[] = [];
    visitor.socket.on('availability', (payload) => pushes.push(payload));
    await setPresence(app, second.cookie, 'ONLINE');
    await setPresence(app, first.cookie, 'OFFLINE');
    const offline = nextEvent(visitor.socket, 'availability', (payload) => payload.online === false, 10_000);
    await setPresence(app, second.cookie, 'AWAY');
    expect(await offline).toEqual({ online: false, reason: 'no_agents' });
    // Only the changes reach the widget: a second agent coming and the first leaving changed nothing.
    expect(pushes).toEqual([{ online: false, reason: 'no_agents' }]);
    // A message written now is still taken (answered later).
    const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'Anyone there?' });
    expect(ack.ok).toBe(true);
  });
});
