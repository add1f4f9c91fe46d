import { randomUUID } from 'node:crypto';
import type { Conversation } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, type EventToLog } from '../../src/infra/event-log.js';
import { toConversationView } from '../../src/modules/conversations/conversation.views.js';
import { ROUTING_REPAIR_CONSUMER, type RoutingRepairEvents } from '../../src/modules/routing/routing-repair.js';
import { closeSockets, eventually } from '../helpers/fixtures.js';
import { agentOf, startChat, teamWithInbox, waitForAssignee } from '../helpers/routing-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  // Sweeps stay out of the way (their own queue repair would hide what the event log does).
  app = await startTestApp({ ROUTING_SWEEP_INTERVAL_MS: '600000', ROUTING_REPAIR_MIN_AGE_SECONDS: '1', ROUTING_REPAIR_POLL_MS: '200' });
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

type Change = (tx: Parameters<Parameters<TestApp['db']['$transaction']>[0]>[0]) => Promise<EventToLog<RoutingRepairEvents>[]>;

/**
 * Commits a change with its events in the log and publishes nothing on the bus: the process
 * "died after commit". Resolves once the repair consumer has read past those events.
 */
async function commitWithoutPublishing(change: Change): Promise<void> {
  const last = await app.db.$transaction(async (tx) => {
    await appendEvents<RoutingRepairEvents>(tx, await change(tx));
    return tx.domainEvent.findFirstOrThrow({ orderBy: { id: 'desc' }, select: { id: true, txId: true } });
  });
  await eventually(
    async () => {
      const cursor = await app.db.eventCursor.findUnique({ where: { consumer: ROUTING_REPAIR_CONSUMER } });
      return cursor !== null && (cursor.txId > last.txId || (cursor.txId === last.txId && cursor.eventId >= last.id));
    },
    'routing repair to read the events',
    15_000,
  );
}

const loadOf = async (agentId: string) => (await app.services.routing.getPresence(agentId))?.load;

async function conversationRow(conversationId: string): Promise<Conversation> {
  return app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

describe('routing repair from the event log', () => {
  it('queues and assigns a conversation whose opening committed but was never published', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id]);
    let conversationId = '';
    await commitWithoutPublishing(async (tx) => {
      const customer = await tx.customer.create({ data: {} });
      const row = await tx.conversation.create({ data: { inboxId: inbox.id, customerId: customer.id, teamId: team.id } });
      conversationId = row.id;
      return [{ name: 'conversation.opened', payload: { conversation: toConversationView(row) } }];
    });

    await waitForAssignee(app, conversationId, agent.id, 15_000);
    const queued = await app.db.timelineEvent.findMany({ where: { conversationId, kind: 'routing.queued' } });
    expect(queued.map((event) => (event.data as { reason?: string }).reason)).toEqual(['repaired']);
    expect(await loadOf(agent.id)).toBe(2);
  });

  it('releases the capacity of a conversation resolved while nobody heard of it, and leaves it assigned', async () => {
    const { team, inbox } = await teamWithInbox(app);
    const agent = await agentOf(app, [team.id]);
    const chat = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, chat.conversationId, agent.id);
    expect(await loadOf(agent.id)).toBe(2);

    await commitWithoutPublishing(async (tx) => {
      const previous = await tx.conversation.findUniqueOrThrow({ where: { id: chat.conversationId } });
      const resolved = await tx.conversation.update({ where: { id: previous.id }, data: { status: 'RESOLVED', resolvedAt: new Date() } });
      return [{ name: 'conversation.updated', payload: { conversation: toConversationView(resolved), previous: toConversationView(previous) } }];
    });

    expect(await loadOf(agent.id)).toBe(0);
    expect((await conversationRow(chat.conversationId)).assigneeId).toBe(agent.id);
  });

  it('takes a snoozed conversation out of its queue', async () => {
    const { inbox } = await teamWithInbox(app);
    const chat = await startChat(app, inbox.publicToken); // nobody online: it waits
    const waiting = toConversationView(await conversationRow(chat.conversationId));
    // The timeline entry that startChat waits for is written just before the job reaches Redis.
    await eventually(async () => (await app.services.routing.positionOf(waiting)) !== null, 'the chat to wait in its queue');

    await commitWithoutPublishing(async (tx) => {
      const snoozed = await tx.conversation.update({
        where: { id: chat.conversationId },
        data: { status: 'SNOOZED', snoozedUntil: new Date(Date.now() + 3_600_000) },
      });
      return [{ name: 'conversation.updated', payload: { conversation: toConversationView(snoozed), previous: waiting } }];
    });

    expect(await app.services.routing.positionOf(waiting)).toBeNull();
  });

  it('changes nothing when the live path already did the work, and passes over conversations that are gone', async () => {
    const { team, inbox } = await teamWithInbox(app);
    // Room for one chat: the first is assigned, the second waits in line.
    const agent = await agentOf(app, [team.id], { capacity: 2 });
    const served = await startChat(app, inbox.publicToken);
    await waitForAssignee(app, served.conversationId, agent.id);
    const waiting = await startChat(app, inbox.publicToken);
    const ids = [served.conversationId, waiting.conversationId];
    const timelineBefore = await app.db.timelineEvent.count({ where: { conversationId: { in: ids } } });

    await commitWithoutPublishing(async (tx) => {
      const rows = await tx.conversation.findMany({ where: { id: { in: ids } } });
      const gone = { ...toConversationView(rows[0]!), id: randomUUID() };
      return [gone, ...rows.map(toConversationView)].map((conversation) => ({ name: 'conversation.opened' as const, payload: { conversation } }));
    });

    expect(await loadOf(agent.id)).toBe(2);
    expect((await conversationRow(served.conversationId)).assigneeId).toBe(agent.id);
    expect((await conversationRow(waiting.conversationId)).assigneeId).toBeNull();
    expect(await app.services.routing.positionOf(toConversationView(await conversationRow(waiting.conversationId)))).toMatchObject({ position: 1 });
    expect(await app.db.timelineEvent.count({ where: { conversationId: { in: ids } } })).toBe(timelineBefore);
  });
});
