import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/infra/event-bus.js';
import { createLogger } from '../../src/infra/logger.js';
import type { ConversationEvents } from '../../src/modules/conversations/conversation.events.js';
import { AdminService } from '../../src/modules/admin/admin.service.js';
import {
  createConversationsService,
  type ConversationsService,
  type InboundMessageInput,
} from '../../src/modules/conversations/conversations.service.js';
import { CustomersService } from '../../src/modules/customers/customers.service.js';
import { OutboundQueues } from '../../src/modules/outbound/outbound.queue.js';
import { createWebchatInbox, noSignedInUsers } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let conversations: ConversationsService;
let outbound: OutboundQueues;
let inboxId: string;
const published: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const bus = new EventBus<ConversationEvents>(createLogger('silent'));
  for (const name of ['conversation.opened', 'conversation.updated', 'message.created'] as const) bus.on(name, () => void published.push(name));
  outbound = new OutboundQueues({ connection: app.redis, prefix: `${app.redisPrefix}:bull`, attempts: 1, backoffMs: 1000 });
  conversations = createConversationsService({
    db: app.db,
    bus,
    customers: new CustomersService(app.db),
    admin: new AdminService(app.db, noSignedInUsers),
    outbound,
  });
  inboxId = (await createWebchatInbox(app.db)).id;
});

afterAll(async () => {
  await outbound?.close();
  await app?.close();
});

const from = (visitor: string, text: string, extra: Partial<InboundMessageInput> = {}): InboundMessageInput => ({
  inboxId,
  identity: { kind: 'WIDGET_VISITOR', value: visitor },
  text,
  ...extra,
});

describe('ingestInboundBatch', () => {
  it('stores many messages in order, by the same rules as one at a time', async () => {
    const results = await conversations.ingestInboundBatch([
      from('v1', 'first', { clientMessageId: 'a1' }),
      from('v2', 'other customer'),
      from('v1', 'second', { clientMessageId: 'a2' }),
    ]);
    expect(results.map((result) => [result.message.text, result.opened, result.duplicate])).toEqual([
      ['first', true, false],
      ['other customer', true, false],
      ['second', false, false],
    ]);
    expect(results[2]!.conversation.id).toBe(results[0]!.conversation.id);
    expect(results[1]!.conversation.id).not.toBe(results[0]!.conversation.id);

    const page = await conversations.listMessages(results[0]!.conversation.id, { limit: 10, includePrivate: false });
    expect(page.items.map((message) => message.text)).toEqual(['first', 'second']);
    const events = await app.db.timelineEvent.findMany({ where: { conversationId: results[0]!.conversation.id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((event) => event.kind)).toEqual(['conversation.opened', 'message.received', 'message.received']);
    await expect.poll(() => published.filter((name) => name === 'message.created').length, { timeout: 15_000 }).toBe(3);
    expect(published.filter((name) => name === 'conversation.opened')).toHaveLength(2);
  });

  it('reports repeats as duplicates, also within one batch', async () => {
    const [first] = await conversations.ingestInboundBatch([from('v3', 'hello', { channelMessageId: 'm-1' })]);
    const again = await conversations.ingestInboundBatch([
      from('v3', 'hello', { channelMessageId: 'm-1' }),
      from('v3', 'twice', { channelMessageId: 'm-2' }),
      from('v3', 'twice', { channelMessageId: 'm-2' }),
    ]);
    expect(again.map((result) => result.duplicate)).toEqual([true, false, true]);
    expect(again[0]!.message.id).toBe(first!.message.id);
    expect(await app.db.message.count({ where: { inboxId, channelMessageId: 'm-2' } })).toBe(1);
  });

  it('opens a new conversation when asked, and refuses a thread of another customer', async () => {
    const [mine] = await conversations.ingestInboundBatch([from('v4', 'one')]);
    const [fresh] = await conversations.ingestInboundBatch([from('v4', 'two', { threadConversationId: null })]);
    expect(fresh!.conversation.id).not.toBe(mine!.conversation.id);
    await expect(conversations.ingestInboundBatch([from('v5', 'sneak', { threadConversationId: mine!.conversation.id })])).rejects.toThrow(
      /not this customer's/,
    );
    await expect(conversations.ingestInbound(from('v5', 'sneak', { threadConversationId: mine!.conversation.id }))).rejects.toThrow(
      /not this customer's/,
    );
  });

  it('reopens a resolved conversation it is told to continue', async () => {
    const [first] = await conversations.ingestInboundBatch([from('v6', 'help')]);
    await conversations.changeStatus(first!.conversation.id, 'RESOLVED', { userId: (await app.db.user.create({ data: { email: 'r@x.test', name: 'R', passwordHash: 'x' } })).id });
    const [again] = await conversations.ingestInboundBatch([from('v6', 'again', { threadConversationId: first!.conversation.id })]);
    expect(again!.conversation).toMatchObject({ id: first!.conversation.id, status: 'OPEN', resolvedAt: null });
    const kinds = (await app.db.timelineEvent.findMany({ where: { conversationId: first!.conversation.id }, orderBy: { createdAt: 'asc' } })).map((event) => event.kind);
    expect(kinds.slice(-2)).toEqual(['conversation.reopened', 'message.received']);
  });

  it('resolves one new identity asked for by two batches at once to one customer, leaving no spare', async () => {
    const customers = new CustomersService(app.db);
    const asks = Array.from({ length: 4 }, (_, index) =>
      customers.resolveCustomers([
        { identity: { kind: 'EMAIL', value: index % 2 ? 'Race@Customer.test' : 'race@customer.test' }, name: 'Racer' },
        { identity: { kind: 'EMAIL', value: `solo${index}@customer.test` } },
      ]),
    );
    const resolved = await Promise.all(asks);
    expect(new Set(resolved.map(([racer]) => racer!.id)).size).toBe(1);
    expect(await app.db.customer.count({ where: { identities: { none: {} } } })).toBe(0);
    expect(await app.db.customer.count({ where: { name: 'Racer' } })).toBe(1);
  });
});
