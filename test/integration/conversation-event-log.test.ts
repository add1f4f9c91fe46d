import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/infra/event-bus.js';
import { runWithEvents } from '../../src/infra/events-in-transaction.js';
import { createLogger } from '../../src/infra/logger.js';
import { AdminService } from '../../src/modules/admin/admin.service.js';
import type { ConversationEvents } from '../../src/modules/conversations/conversation.events.js';
import { createConversationsService, type ConversationsService } from '../../src/modules/conversations/conversations.service.js';
import { toConversationView } from '../../src/modules/conversations/conversation.views.js';
import { CustomersService } from '../../src/modules/customers/customers.service.js';
import { OutboundQueues } from '../../src/modules/outbound/outbound.queue.js';
import { createTeam, createUser, createWebchatInbox, noSignedInUsers } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Heard = { name: keyof ConversationEvents; payload: unknown };

let app: TestApp;
let bus: EventBus<ConversationEvents>;
let conversations: ConversationsService;
let outbound: OutboundQueues;
let inboxId: string;
const heard: Heard[] = [];

beforeAll(async () => {
  app = await startTestApp();
  bus = new EventBus<ConversationEvents>(createLogger('silent'));
  for (const name of ['conversation.opened', 'conversation.updated', 'message.created', 'message.updated'] as const) {
    bus.on(name, (payload) => void heard.push({ name, payload }));
  }
  outbound = new OutboundQueues({ connection: app.redis, prefix: `${app.redisPrefix}:bull`, attempts: 1, backoffMs: 1000 });
  const admin = new AdminService(app.db, noSignedInUsers);
  conversations = createConversationsService({ db: app.db, bus, customers: new CustomersService(app.db), admin, outbound });
  inboxId = (await createWebchatInbox(app.db)).id;
});

afterAll(async () => {
  await outbound?.close();
  await app?.close();
});

/** The logged events about one conversation, oldest first, with their transaction ids. */
async function loggedFor(conversationId: string) {
  const rows = await app.db.domainEvent.findMany({ orderBy: { id: 'asc' } });
  return rows
    .filter((row) => (row.payload as { conversation: { id: string } }).conversation.id === conversationId)
    .map((row) => ({ name: row.name, payload: row.payload, txId: row.txId }));
}

/** The transaction that last wrote the conversation row (PostgreSQL's 32-bit xmin of the row). */
async function lastWriterOf(conversationId: string): Promise<bigint> {
  const [row] = await app.db.$queryRaw<{ xmin: string }[]>`SELECT xmin::text AS xmin FROM "Conversation" WHERE id = ${conversationId}::uuid`;
  return BigInt(row!.xmin);
}

const heardAbout = (conversationId: string) =>
  heard.filter((event) => (event.payload as { conversation: { id: string } }).conversation.id === conversationId);

describe('conversation events in the durable log', () => {
  it('writes every event in the transaction of its change, with the payload the bus carries', async () => {
    const agent = await createUser(app.db);
    const team = await createTeam(app.db);
    const ingested = await conversations.ingestInbound({ inboxId, identity: { kind: 'WIDGET_VISITOR', value: 'log-1' }, text: 'hello', clientMessageId: 'c1' });
    const conversationId = ingested.conversation.id;
    await conversations.ingestInbound({ inboxId, identity: { kind: 'WIDGET_VISITOR', value: 'log-1' }, text: 'hello', clientMessageId: 'c1' });
    await conversations.changeStatus(conversationId, 'PENDING', { userId: agent.id });
    const openedAndCreated = (await loggedFor(conversationId)).slice(0, 2);
    const statusChange = (await loggedFor(conversationId))[2]!;
    expect(statusChange.txId % 2n ** 32n).toBe(await lastWriterOf(conversationId));

    await conversations.transferConversation({ conversationId, actor: { userId: agent.id }, toTeamId: team.id, note: 'billing question' });
    const logged = await loggedFor(conversationId);

    // A repeat of a message is a no-op: nothing logged for it.
    expect(logged.map((event) => event.name)).toEqual([
      'conversation.opened',
      'message.created',
      'conversation.updated',
      'conversation.updated',
      'message.created',
    ]);
    expect(openedAndCreated[0]!.txId).toBe(openedAndCreated[1]!.txId);
    // The transfer, its note and both events are one transaction.
    const [transfer, note] = logged.slice(3);
    expect(note!.txId).toBe(transfer!.txId);
    expect(transfer!.txId % 2n ** 32n).toBe(await lastWriterOf(conversationId));
    expect(note!.payload).toMatchObject({ message: { text: 'billing question', isPrivate: true, senderUserId: agent.id } });
    expect(transfer!.payload).toMatchObject({ conversation: { teamId: team.id, assigneeId: null }, actorUserId: agent.id });
    // The bus heard the same events, in the same order, with the same payloads (as JSON).
    const live = heardAbout(conversationId);
    expect(live.map(({ name, payload }) => ({ name, payload: JSON.parse(JSON.stringify(payload)) as unknown }))).toEqual(
      logged.map(({ name, payload }) => ({ name, payload })),
    );
  });

  it('leaves neither the change nor its event when the transaction rolls back', async () => {
    const ingested = await conversations.ingestInbound({ inboxId, identity: { kind: 'WIDGET_VISITOR', value: 'log-2' }, text: 'hi' });
    const conversationId = ingested.conversation.id;
    const loggedBefore = await loggedFor(conversationId);
    const heardBefore = heardAbout(conversationId).length;

    const change = runWithEvents(app.db, bus, async (tx, emit) => {
      const before = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      const after = await tx.conversation.update({ where: { id: conversationId }, data: { priority: 'URGENT' } });
      emit('conversation.updated', { conversation: toConversationView(after), previous: toConversationView(before) });
      throw new Error('the change fails after emitting');
    });
    await expect(change).rejects.toThrow('the change fails after emitting');

    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).priority).toBe('NONE');
    expect(await loggedFor(conversationId)).toEqual(loggedBefore);
    await bus.idle();
    expect(heardAbout(conversationId)).toHaveLength(heardBefore);
  });
});
