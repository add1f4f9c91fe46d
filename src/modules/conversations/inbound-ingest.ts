import { randomUUID } from 'node:crypto';
import type { Conversation, Message, Prisma } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { CustomerIdentityInput } from '../../domain/identity.js';
import { isUniqueViolation, type Db } from '../../infra/db.js';
import { runWithEvents, type Emit } from '../../infra/events-in-transaction.js';
import { recordAttachments } from '../attachments/attachment-records.js';
import { recordTimelineEvents } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import { findInbox, type AttachmentInput, type ConversationsDeps } from './conversations.deps.js';
import type { ConversationView, MessageView } from '../../contracts/conversation.views.js';
import { assertCustomersNotMerged, CustomerMergedMeanwhile } from './merged-customers.js';
import { messageViewInclude, toConversationView, toMessageView } from './conversation.views.js';

type Tx = Prisma.TransactionClient;

export interface InboundMessageInput {
  inboxId: string;
  identity: CustomerIdentityInput;
  /**
   * Set when the channel already knows whose message this is (an e-mail answer carrying a web-chat
   * conversation's reply token, a participant on a thread): identity is then not resolved again.
   */
  customerId?: string;
  customerName?: string;
  text: string;
  html?: string;
  subject?: string;
  /** The channel's own id for this message; a repeat is a no-op. */
  channelMessageId?: string;
  /** The sending client's id for this message; a resend after a lost ack is a no-op. */
  clientMessageId?: string;
  /**
   * Which conversation the message belongs to, for channels that thread by themselves (e-mail).
   * Unset: the customer's open conversation in this inbox, opened when there is none (chat).
   * An id: that conversation, which must be this customer's in this inbox; reopened when resolved.
   * Null: always a new conversation.
   */
  threadConversationId?: string | null;
  /** Files already in storage that came with the message. */
  attachments?: AttachmentInput[];
  /** What the channel needs later about this message (addresses, reference chains). */
  channelData?: Prisma.InputJsonObject;
}

export interface IngestResult {
  message: MessageView;
  conversation: ConversationView;
  customerId: string;
  /** True when this message was stored before: nothing was written or published. */
  duplicate: boolean;
  /** True when this message opened its conversation. */
  opened: boolean;
}

interface InboundItem {
  input: InboundMessageInput;
  customerId: string;
  teamId: string | null;
}

type StoredWithConversation = Message & { conversation: Conversation };

/** The one way in for every channel: identity -> customer, find or open the conversation, store the message once. */
export function createInboundIngest({ db, bus, customers, admin }: Pick<ConversationsDeps, 'db' | 'bus' | 'customers' | 'admin'>) {
  /**
   * The one way in for every channel: identity -> customer, find or open the
   * conversation, store the message once, record it on the timeline, publish.
   */
  async function ingestInbound(input: InboundMessageInput): Promise<IngestResult> {
    const inbox = await findInbox(admin, input.inboxId);
    const customer = { id: input.customerId ?? (await customers.resolveCustomer({ identity: input.identity, name: input.customerName })).id };
    const stored = await findStoredInbound(db, input, customer.id);
    if (stored) return duplicateResult(stored, customer.id);
    try {
      const [result] = await runWithEvents(db, bus, async (tx, emit) => {
        // One writer per customer and inbox at a time, so two first messages open one conversation.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${customer.id}), hashtext(${input.inboxId}))`;
        await assertCustomersNotMerged(tx, [customer.id]);
        return storeInbound(tx, emit, [{ input, customerId: customer.id, teamId: inbox.teamId }]);
      });
      return result!;
    } catch (error) {
      if (error instanceof CustomerMergedMeanwhile) return ingestInbound({ ...input, customerId: error.liveCustomerOf(customer.id) });
      if (!isUniqueViolation(error)) throw error;
      // The same message arrived twice at once; the other request stored it.
      const winner = await findStoredInbound(db, input, customer.id);
      if (!winner) throw error;
      return duplicateResult(winner, customer.id);
    }
  }

  /** The customer of each input: the one the channel named, else the one behind the identity. */
  async function customersOfInputs(inputs: InboundMessageInput[]): Promise<{ id: string }[]> {
    const unnamed = inputs.filter((input) => !input.customerId);
    const resolved = unnamed.length
      ? await customers.resolveCustomers(unnamed.map((input) => ({ identity: input.identity, name: input.customerName })))
      : [];
    let next = 0;
    return inputs.map((input) => (input.customerId ? { id: input.customerId } : resolved[next++]!));
  }

  /**
   * Many inbound messages in one transaction, each by the rules of ingestInbound and in the
   * given order: what a channel reading a backlog uses (a transaction per message costs more
   * than the message). Results come back in input order; a repeat is reported as a duplicate.
   */
  async function ingestInboundBatch(inputs: InboundMessageInput[]): Promise<IngestResult[]> {
    const inboxes = await admin.findInboxes(inputs.map((input) => input.inboxId));
    const teamOf = new Map(inboxes.map((inbox) => [inbox.id, inbox.teamId]));
    if (inputs.some((input) => !teamOf.has(input.inboxId))) throw new AppError('not_found', 'No inbox with this id.');
    const resolved = await customersOfInputs(inputs);
    const results = await findStoredInbounds(db, inputs, resolved.map((customer) => customer.id));
    // Locks in customer order, so two batches never wait on each other in a cycle; a customer's own messages keep their order.
    const pending = inputs
      .map((input, index) => ({ input, index, customerId: resolved[index]!.id }))
      .filter(({ index }) => !results[index])
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.index - b.index));
    let stored: IngestResult[];
    try {
      stored = await runWithEvents(
        db,
        bus,
        async (tx, emit) => {
          const keys = pending.map(({ input, customerId }) => `${customerId}|${input.inboxId}`);
          await tx.$executeRaw`
            SELECT pg_advisory_xact_lock(hashtext(split_part(key, '|', 1)), hashtext(split_part(key, '|', 2)))
            FROM unnest(${keys}::text[]) WITH ORDINALITY AS locks(key, position) ORDER BY position`;
          await assertCustomersNotMerged(tx, pending.map(({ customerId }) => customerId));
          return storeInbound(
            tx,
            emit,
            pending.map(({ input, customerId }) => ({ input, customerId, teamId: teamOf.get(input.inboxId) ?? null })),
          );
        },
        { timeout: 60_000 },
      );
    } catch (error) {
      if (error instanceof CustomerMergedMeanwhile) {
        return ingestInboundBatch(inputs.map((input, index) => ({ ...input, customerId: error.liveCustomerOf(resolved[index]!.id) })));
      }
      // A message of the batch was stored meanwhile (or is in it twice): one by one sorts out which.
      if (!isUniqueViolation(error)) throw error;
      const oneByOne: IngestResult[] = [];
      for (const input of inputs) oneByOne.push(await ingestInbound(input));
      return oneByOne;
    }
    pending.forEach(({ index }, position) => (results[index] = stored[position]));
    return results as IngestResult[];
  }

  return { ingestInbound, ingestInboundBatch };
}

/**
 * Stores inbound messages set-wise (a handful of statements however many messages), each
 * joining the conversation the rules of threadConversationId give it, in order: a
 * customer's second message joins the conversation their first one opened. The caller
 * holds the (customer, inbox) locks.
 */
async function storeInbound(tx: Tx, emit: Emit<ConversationEvents>, items: InboundItem[]): Promise<IngestResult[]> {
  const plans = await planInboundConversations(tx, items);
  // Explicit times keep a batch in order: 2 ms per message, the first for an opened/reopened event.
  const start = Date.now();
  const lastMessageAt = new Date(start + 2 * items.length - 1);
  const opened = plans.filter((plan) => plan.opened);
  if (opened.length > 0) {
    await tx.conversation.createMany({
      data: opened.map(({ conversationId, item }) => ({
        id: conversationId,
        inboxId: item.input.inboxId,
        customerId: item.customerId,
        teamId: item.teamId,
        subject: item.input.subject ?? '',
        lastMessageAt,
      })),
    });
  }
  const continued = [...new Set(plans.filter((plan) => !plan.opened).map((plan) => plan.conversationId))];
  if (continued.length > 0) {
    await tx.conversation.updateMany({
      where: { id: { in: continued } },
      data: { lastMessageAt, status: 'OPEN', snoozedUntil: null, resolvedAt: null },
    });
  }
  const conversations = new Map(
    (await tx.conversation.findMany({ where: { id: { in: [...new Set(plans.map((plan) => plan.conversationId))] } } })).map((row) => [row.id, row]),
  );
  const messages = await tx.message.createManyAndReturn({
    data: plans.map(({ conversationId, item: { input } }, position) => ({
      id: randomUUID(),
      conversationId,
      inboxId: input.inboxId,
      direction: 'INBOUND' as const,
      senderType: 'CUSTOMER' as const,
      text: input.text,
      html: input.html,
      channelMessageId: input.channelMessageId,
      clientMessageId: input.clientMessageId,
      deliveryStatus: 'RECEIVED' as const,
      channelData: input.channelData,
      createdAt: new Date(start + 2 * position + 1),
    })),
  });
  const attachments = await recordAttachments(
    tx,
    plans.flatMap(({ item }, position) => (item.input.attachments ?? []).map((attachment) => ({ ...attachment, messageId: messages[position]!.id }))),
  );
  await recordTimelineEvents(
    tx,
    plans.flatMap(({ conversationId, item, opened, reopenedFrom }, position) => [
      ...(opened || reopenedFrom
        ? [{ customerId: item.customerId, conversationId, kind: opened ? ('conversation.opened' as const) : ('conversation.reopened' as const), actorType: 'CUSTOMER' as const, at: new Date(start + 2 * position) }]
        : []),
      { customerId: item.customerId, conversationId, messageId: messages[position]!.id, kind: 'message.received' as const, actorType: 'CUSTOMER' as const, at: messages[position]!.createdAt },
    ]),
  );
  return plans.map(({ conversationId, item, opened, reopenedFrom }, position) => {
    const stored = messages[position]!;
    const conversation = toConversationView(conversations.get(conversationId)!);
    const message = toMessageView({ ...stored, attachments: attachments.filter((attachment) => attachment.messageId === stored.id) });
    if (opened) emit('conversation.opened', { conversation });
    if (reopenedFrom) emit('conversation.updated', { conversation, previous: toConversationView(reopenedFrom) });
    emit('message.created', { message, conversation });
    return { message, conversation, customerId: item.customerId, duplicate: false, opened };
  });
}

/** Which conversation each inbound message joins (see threadConversationId), in one read. */
async function planInboundConversations(tx: Tx, items: InboundItem[]) {
  const named = items.flatMap(({ input }) => (typeof input.threadConversationId === 'string' ? [input.threadConversationId] : []));
  const chatKeys = items.filter(({ input }) => input.threadConversationId === undefined);
  const where: Prisma.ConversationWhereInput[] = [
    ...(named.length ? [{ id: { in: named } }] : []),
    ...chatKeys.map(({ input, customerId }) => ({ customerId, inboxId: input.inboxId, status: { not: 'RESOLVED' as const } })),
  ];
  const existing = where.length ? await tx.conversation.findMany({ where: { OR: where }, orderBy: { createdAt: 'desc' } }) : [];
  const byId = new Map(existing.map((row) => [row.id, row]));
  const openByKey = new Map<string, string>();
  for (const row of existing) {
    const key = `${row.customerId}|${row.inboxId}`;
    if (row.status !== 'RESOLVED' && !openByKey.has(key)) openByKey.set(key, row.id);
  }
  const seen = new Set<string>();
  return items.map((item) => {
    const { input, customerId } = item;
    const key = `${customerId}|${input.inboxId}`;
    let conversationId = input.threadConversationId === undefined ? openByKey.get(key) : (input.threadConversationId ?? undefined);
    if (typeof input.threadConversationId === 'string') {
      const thread = byId.get(input.threadConversationId);
      // A channel's threading must never put a message on another customer's conversation.
      if (!thread || thread.customerId !== customerId || thread.inboxId !== input.inboxId) {
        throw new AppError('invalid_input', "The thread conversation is not this customer's in this inbox.");
      }
    }
    const opened = !conversationId;
    if (!conversationId) {
      conversationId = randomUUID();
      if (input.threadConversationId === undefined) openByKey.set(key, conversationId);
    }
    const before = byId.get(conversationId);
    const reopenedFrom = before && !seen.has(conversationId) && before.status !== 'OPEN' ? before : null;
    seen.add(conversationId);
    return { item, conversationId, opened, reopenedFrom };
  });
}

// A duplicate's view carries its sender and files through relation includes: one read, not three.
const storedInboundInclude = { ...messageViewInclude, conversation: true } as const;

async function findStoredInbound(db: Db, input: InboundMessageInput, customerId: string): Promise<StoredWithConversation | null> {
  if (input.channelMessageId) {
    return db.message.findUnique({
      where: { inboxId_channelMessageId: { inboxId: input.inboxId, channelMessageId: input.channelMessageId } },
      include: storedInboundInclude,
    });
  }
  if (input.clientMessageId) {
    // Scoped to this customer: another customer's id must never reveal their message.
    return db.message.findFirst({
      where: { clientMessageId: input.clientMessageId, inboxId: input.inboxId, direction: 'INBOUND', conversation: { customerId } },
      include: storedInboundInclude,
    });
  }
  return null;
}

/** findStoredInbound for a batch: one read for the messages with a channel id. */
async function findStoredInbounds(db: Db, inputs: InboundMessageInput[], customerIds: string[]): Promise<(IngestResult | undefined)[]> {
  const idsByInbox = new Map<string, string[]>();
  for (const { inboxId, channelMessageId } of inputs) {
    if (channelMessageId) idsByInbox.set(inboxId, [...(idsByInbox.get(inboxId) ?? []), channelMessageId]);
  }
  const byChannelId = await db.message.findMany({
    where: { OR: [...idsByInbox].map(([inboxId, ids]) => ({ inboxId, channelMessageId: { in: ids } })) },
    include: storedInboundInclude,
  });
  const stored = new Map(byChannelId.map((message) => [`${message.inboxId}|${message.channelMessageId}`, message]));
  return Promise.all(
    inputs.map(async (input, index) => {
      const found = input.channelMessageId
        ? stored.get(`${input.inboxId}|${input.channelMessageId}`)
        : await findStoredInbound(db, input, customerIds[index]!);
      return found ? duplicateResult(found, customerIds[index]!) : undefined;
    }),
  );
}

function duplicateResult(stored: StoredWithConversation, customerId: string): IngestResult {
  return { message: toMessageView(stored), conversation: toConversationView(stored.conversation), customerId, duplicate: true, opened: false };
}
