import { randomUUID } from 'node:crypto';
import { Prisma, type ChannelKind, type Conversation, type ConversationPriority, type DeliveryStatus, type Message } from '@prisma/client';
import { deliveryStatusesAfter } from '../../domain/delivery-status.js';
import { canChangeStatus, type ConversationStatus } from '../../domain/conversation-status.js';
import { AppError } from '../../domain/errors.js';
import type { CustomerIdentityInput } from '../../domain/identity.js';
import { isUniqueViolation, type Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import { olderThan } from '../../infra/keyset.js';
import type { CustomersService } from '../customers/customers.service.js';
import { recordTimelineEvent, recordTimelineEvents } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import { resolveMentions } from './mentions.js';
import type { ConversationView, MessageView } from '../../contracts/conversation.views.js';
import { messageViewInclude, toConversationView, toMessageView, type MessageWithSender } from './conversation.views.js';

type Tx = Prisma.TransactionClient;

interface InboundItem {
  input: InboundMessageInput;
  customerId: string;
  teamId: string | null;
}

interface InboundOutcome {
  message: MessageWithSender;
  conversation: Conversation;
  opened: boolean;
  /** The conversation as it was, when this message reopened it. */
  reopenedFrom: Conversation | null;
}

export interface InboundMessageInput {
  inboxId: string;
  identity: CustomerIdentityInput;
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

/** Turns an agent's upload tokens into the files to attach (refusing tokens that are not theirs). */
export type RedeemUploads = (agentId: string, tokens: string[]) => AttachmentInput[];

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  byteSize: number;
  storageKey: string;
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

export interface AgentMessageInput {
  conversationId: string;
  agentId: string;
  text: string;
  isPrivate: boolean;
  clientMessageId?: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
  /** Users a private note names; each is told (notifications listen for message.created). */
  mentions?: string[];
}

export interface SystemMessageInput {
  conversationId: string;
  text: string;
  channelData?: Prisma.InputJsonObject;
}

export interface AgentConversationInput {
  inboxId: string;
  customerId: string;
  agentId: string;
  subject: string;
  text: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
}

interface OutboundFields {
  senderType: 'AGENT' | 'SYSTEM';
  agentId?: string;
  text: string;
  isPrivate: boolean;
  clientMessageId?: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
}

export interface Actor {
  userId: string;
}

/** Hands a stored outbound message to its channel's delivery queue. */
export interface OutboundDispatcher {
  dispatch(message: { id: string; channel: ChannelKind }): Promise<void>;
}

export class ConversationsService {
  private outbound?: OutboundDispatcher;

  constructor(
    private readonly db: Db,
    private readonly customers: CustomersService,
    private readonly bus: EventBus<ConversationEvents>,
  ) {}

  /** Set once at start-up; the outbound module depends on this service too. */
  useOutbound(dispatcher: OutboundDispatcher): void {
    this.outbound = dispatcher;
  }

  /**
   * The one way in for every channel: identity -> customer, find or open the
   * conversation, store the message once, record it on the timeline, publish.
   */
  async ingestInbound(input: InboundMessageInput): Promise<IngestResult> {
    const inbox = await this.findInbox(input.inboxId);
    const customer = await this.customers.resolveCustomer({ identity: input.identity, name: input.customerName });
    const stored = await this.findStoredInbound(input, customer.id);
    if (stored) return this.duplicateResult(stored, customer.id);

    let outcome: InboundOutcome | undefined;
    try {
      [outcome] = await this.db.$transaction(async (tx) => {
        // One writer per customer and inbox at a time, so two first messages open one conversation.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${customer.id}), hashtext(${input.inboxId}))`;
        return this.storeInbound(tx, [{ input, customerId: customer.id, teamId: inbox.teamId }]);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same message arrived twice at once; the other request stored it.
      const winner = await this.findStoredInbound(input, customer.id);
      if (!winner) throw error;
      return this.duplicateResult(winner, customer.id);
    }
    return this.publishInbound(outcome!, customer.id);
  }

  /**
   * Many inbound messages in one transaction, each by the rules of ingestInbound and in the
   * given order: what a channel reading a backlog uses (a transaction per message costs more
   * than the message). Results come back in input order; a repeat is reported as a duplicate.
   */
  async ingestInboundBatch(inputs: InboundMessageInput[]): Promise<IngestResult[]> {
    const inboxes = await this.db.inbox.findMany({ where: { id: { in: [...new Set(inputs.map((input) => input.inboxId))] } } });
    const teamOf = new Map(inboxes.map((inbox) => [inbox.id, inbox.teamId]));
    if (inputs.some((input) => !teamOf.has(input.inboxId))) throw new AppError('not_found', 'No inbox with this id.');
    const customers = await this.customers.resolveCustomers(inputs.map((input) => ({ identity: input.identity, name: input.customerName })));
    const results = await this.findStoredInbounds(inputs, customers.map((customer) => customer.id));
    // Locks in customer order, so two batches never wait on each other in a cycle; a customer's own messages keep their order.
    const pending = inputs
      .map((input, index) => ({ input, index, customerId: customers[index]!.id }))
      .filter(({ index }) => !results[index])
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.index - b.index));
    let outcomes: InboundOutcome[];
    try {
      outcomes = await this.db.$transaction(
        async (tx) => {
          const keys = pending.map(({ input, customerId }) => `${customerId}|${input.inboxId}`);
          await tx.$executeRaw`
            SELECT pg_advisory_xact_lock(hashtext(split_part(key, '|', 1)), hashtext(split_part(key, '|', 2)))
            FROM unnest(${keys}::text[]) WITH ORDINALITY AS locks(key, position) ORDER BY position`;
          return this.storeInbound(
            tx,
            pending.map(({ input, customerId }) => ({ input, customerId, teamId: teamOf.get(input.inboxId) ?? null })),
          );
        },
        { timeout: 60_000 },
      );
    } catch (error) {
      // A message of the batch was stored meanwhile (or is in it twice): one by one sorts out which.
      if (!isUniqueViolation(error)) throw error;
      return this.ingestOneByOne(inputs);
    }
    pending.forEach(({ index, customerId }, position) => (results[index] = this.publishInbound(outcomes[position]!, customerId)));
    return results as IngestResult[];
  }

  private async ingestOneByOne(inputs: InboundMessageInput[]): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    for (const input of inputs) results.push(await this.ingestInbound(input));
    return results;
  }

  private publishInbound(outcome: InboundOutcome, customerId: string): IngestResult {
    const conversation = toConversationView(outcome.conversation);
    const message = toMessageView(outcome.message);
    if (outcome.opened) this.bus.publish('conversation.opened', { conversation });
    if (outcome.reopenedFrom) {
      this.bus.publish('conversation.updated', { conversation, previous: toConversationView(outcome.reopenedFrom) });
    }
    this.bus.publish('message.created', { message, conversation });
    return { message, conversation, customerId, duplicate: false, opened: outcome.opened };
  }

  /** Stores an agent's reply (then hands it to its channel) or a private note. */
  async postAgentMessage(input: AgentMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
    const current = await this.getConversationRow(input.conversationId);
    if (input.clientMessageId) {
      const stored = await this.db.message.findUnique({
        where: { conversationId_clientMessageId: { conversationId: current.id, clientMessageId: input.clientMessageId } },
        include: messageViewInclude,
      });
      if (stored) return { message: toMessageView(stored), duplicate: true };
    }
    const mentions = await resolveMentions(this.db, input.mentions ?? []);
    const channelData = mentions.length ? { ...input.channelData, mentions: mentions.map((mention) => ({ ...mention })) } : input.channelData;
    const { message, conversation } = await this.db.$transaction((tx) =>
      this.writeOutbound(tx, current, { ...input, channelData, senderType: 'AGENT' }),
    );
    return { message: await this.publishOutbound(message, conversation, input.isPrivate), duplicate: false };
  }

  /** A message the system sends on the conversation's channel (an automatic acknowledgement). */
  async postSystemMessage(input: SystemMessageInput): Promise<MessageView> {
    const current = await this.getConversationRow(input.conversationId);
    const { message, conversation } = await this.db.$transaction((tx) =>
      this.writeOutbound(tx, current, { ...input, senderType: 'SYSTEM', isPrivate: false }),
    );
    return this.publishOutbound(message, conversation, false);
  }

  /** An agent writes first: opens a conversation with the customer and sends its first message. */
  async startAgentConversation(input: AgentConversationInput): Promise<{ conversation: ConversationView; message: MessageView }> {
    const inbox = await this.findInbox(input.inboxId);
    const { message, conversation } = await this.db.$transaction(async (tx) => {
      // The agent who writes first owns the conversation; routing never queues it.
      const opened = await tx.conversation.create({
        data: {
          inboxId: inbox.id,
          customerId: input.customerId,
          teamId: inbox.teamId,
          subject: input.subject,
          assigneeId: input.agentId,
          assignedAt: new Date(),
        },
      });
      await recordTimelineEvent(tx, {
        customerId: input.customerId,
        conversationId: opened.id,
        kind: 'conversation.opened',
        actorType: 'AGENT',
        actorUserId: input.agentId,
      });
      return this.writeOutbound(tx, opened, { ...input, senderType: 'AGENT', isPrivate: false });
    });
    const view = toConversationView(conversation);
    this.bus.publish('conversation.opened', { conversation: view });
    return { conversation: view, message: await this.publishOutbound(message, conversation, false) };
  }

  async changeStatus(conversationId: string, status: ConversationStatus, actor: Actor, snoozedUntil?: Date) {
    const current = await this.getConversationRow(conversationId);
    if (current.status === status && status !== 'SNOOZED') return toConversationView(current);
    if (!canChangeStatus(current.status, status)) {
      throw new AppError('conflict', `A ${current.status.toLowerCase()} conversation cannot become ${status.toLowerCase()}.`);
    }
    if (status === 'SNOOZED' && (!snoozedUntil || snoozedUntil <= new Date())) {
      throw new AppError('invalid_input', 'Snoozing needs a "snoozedUntil" time in the future.');
    }
    return this.updateConversation(current, actor, 'status.changed', {
      status,
      snoozedUntil: status === 'SNOOZED' ? snoozedUntil : null,
      resolvedAt: status === 'RESOLVED' ? new Date() : null,
    });
  }

  async assignConversation(conversationId: string, assigneeId: string | null, actor: Actor) {
    const current = await this.getConversationRow(conversationId);
    if (assigneeId) {
      const agent = await this.db.user.findUnique({ where: { id: assigneeId } });
      if (!agent || !agent.active) throw new AppError('invalid_input', 'The assignee is not an active user.');
    }
    if (current.assigneeId === assigneeId) return toConversationView(current);
    return this.updateConversation(current, actor, 'assignee.changed', { assigneeId });
  }

  async changeTeam(conversationId: string, teamId: string | null, actor: Actor) {
    const current = await this.getConversationRow(conversationId);
    if (teamId && !(await this.db.team.findUnique({ where: { id: teamId } }))) {
      throw new AppError('invalid_input', 'No team with this id.');
    }
    if (current.teamId === teamId) return toConversationView(current);
    return this.updateConversation(current, actor, 'team.changed', { teamId });
  }

  async setPriority(conversationId: string, priority: ConversationPriority, actor: Actor) {
    const current = await this.getConversationRow(conversationId);
    if (current.priority === priority) return toConversationView(current);
    return this.updateConversation(current, actor, 'priority.changed', { priority });
  }

  async getConversation(conversationId: string): Promise<ConversationView> {
    return toConversationView(await this.getConversationRow(conversationId));
  }

  /** Messages newest first, a page at a time; `before` is a message id. */
  async listMessages(conversationId: string, options: { before?: string; limit: number; includePrivate: boolean }) {
    await this.getConversationRow(conversationId);
    const anchor = options.before
      ? await this.db.message.findFirst({ where: { id: options.before, conversationId } })
      : undefined;
    if (options.before && !anchor) throw new AppError('invalid_input', 'The "before" message is not in this conversation.');
    const rows = await this.db.message.findMany({
      where: {
        conversationId,
        ...(!options.includePrivate && { isPrivate: false }),
        ...olderThan('createdAt', anchor ? { at: anchor.createdAt, id: anchor.id } : undefined),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
      include: messageViewInclude,
    });
    const page = rows.slice(0, options.limit);
    return {
      items: page.map(toMessageView).reverse(),
      hasOlder: rows.length > options.limit,
    };
  }

  /** The latest conversation a customer has in an inbox, if any. */
  async findLatestConversation(customerId: string, inboxId: string): Promise<ConversationView | null> {
    const row = await this.db.conversation.findFirst({
      where: { customerId, inboxId },
      orderBy: { createdAt: 'desc' },
    });
    return row ? toConversationView(row) : null;
  }

  /** Loads an outbound message for its channel, with what delivery needs to address it. */
  async getOutboundMessage(messageId: string) {
    const message = await this.db.message.findUnique({
      where: { id: messageId },
      include: { ...messageViewInclude, conversation: true, inbox: true },
    });
    if (!message || message.direction !== 'OUTBOUND' || message.isPrivate) return null;
    return { message, view: toMessageView(message) };
  }

  /**
   * Records what a channel said about an outbound message and tells everyone watching;
   * channelMessageId is the id the channel gave it, which later replies refer to.
   */
  async markDelivery(messageId: string, status: DeliveryStatus, error?: string, channelMessageId?: string): Promise<MessageView> {
    const { message, changed } = await this.db.$transaction(async (tx) => {
      // A receipt (delivered, read) can overtake the channel's own report: never move a message back.
      const { count } = await tx.message.updateMany({
        where: { id: messageId, NOT: { deliveryStatus: { in: deliveryStatusesAfter(status) } } },
        data: {
          deliveryStatus: status,
          deliveryError: status === 'FAILED' ? (error ?? 'Delivery failed.') : null,
          ...(channelMessageId && { channelMessageId }),
        },
      });
      const message = await tx.message.findUniqueOrThrow({
        where: { id: messageId },
        include: { ...messageViewInclude, conversation: true },
      });
      if (count > 0 && status === 'FAILED') {
        await recordTimelineEvent(tx, {
          customerId: message.conversation.customerId,
          conversationId: message.conversationId,
          messageId,
          kind: 'delivery.failed',
          actorType: 'SYSTEM',
          data: { error: error ?? '' },
        });
      }
      return { message, changed: count > 0 };
    });
    const view = toMessageView(message);
    if (changed) this.bus.publish('message.updated', { message: view, conversation: toConversationView(message.conversation) });
    return view;
  }

  /** An agent asks to send a failed message again. */
  async retryDelivery(messageId: string): Promise<MessageView> {
    const message = await this.db.message.findUnique({ where: { id: messageId } });
    if (!message) throw new AppError('not_found', 'No message with this id.');
    if (message.deliveryStatus !== 'FAILED') throw new AppError('conflict', 'Only a failed message can be sent again.');
    const view = await this.markDelivery(messageId, 'QUEUED');
    await this.dispatchOutbound(messageId, message.inboxId);
    return view;
  }

  /** Outbound messages stored but not handed over (a crash between commit and enqueue). */
  async findUndispatchedMessages(): Promise<{ id: string; inboxId: string }[]> {
    return this.db.message.findMany({ where: { deliveryStatus: 'QUEUED' }, select: { id: true, inboxId: true } });
  }

  async dispatchOutbound(messageId: string, inboxId: string): Promise<void> {
    if (!this.outbound) throw new Error('Outbound delivery is not wired.');
    const inbox = await this.findInbox(inboxId);
    await this.outbound.dispatch({ id: messageId, channel: inbox.channel });
  }

  /** What routing needs to queue a conversation: channel, team, skills and the inputs of its priority. */
  async getRoutingFacts(conversationId: string) {
    const row = await this.db.conversation.findUnique({
      where: { id: conversationId },
      include: { inbox: true, customer: { select: { priority: true } } },
    });
    if (!row) throw new AppError('not_found', 'No conversation with this id.');
    return {
      conversation: toConversationView(row),
      channel: row.inbox.channel,
      customerPriority: row.customer.priority,
      requiredSkills: [...new Set([...row.inbox.requiredSkills, ...row.requiredSkills])],
      queuedAt: row.queuedAt,
    };
  }

  /**
   * Records that an open conversation waits for an agent, unassigned, on its team's queue.
   * Work someone holds is taken from them only with takeFromAssignee (they went offline, a
   * supervisor said so); otherwise, and for resolved or snoozed work, nothing changes (null).
   */
  async markWaiting(
    conversationId: string,
    options: {
      queuedAt: Date;
      requeued: boolean;
      takeFromAssignee: boolean;
      teamId?: string | null;
      actorUserId?: string;
      reason?: string;
    },
  ): Promise<ConversationView | null> {
    const current = await this.getConversationRow(conversationId);
    const updated = await this.db.$transaction(async (tx) => {
      const { count } = await tx.conversation.updateMany({
        where: {
          id: conversationId,
          status: { in: ['OPEN', 'PENDING'] },
          ...(!options.takeFromAssignee && { assigneeId: null }),
        },
        data: {
          queuedAt: options.queuedAt,
          assigneeId: null,
          assignedAt: null,
          ...(options.teamId !== undefined && { teamId: options.teamId }),
        },
      });
      if (count === 0) return null;
      await recordTimelineEvent(tx, {
        customerId: current.customerId,
        conversationId,
        kind: options.requeued ? 'routing.requeued' : 'routing.queued',
        actorType: options.actorUserId ? 'AGENT' : 'SYSTEM',
        actorUserId: options.actorUserId,
        data: { teamId: options.teamId !== undefined ? options.teamId : current.teamId, ...(options.reason && { reason: options.reason }) },
      });
      return tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    });
    if (!updated) return null;
    const conversation = toConversationView(updated);
    if (current.assigneeId !== updated.assigneeId || current.teamId !== updated.teamId) {
      this.bus.publish('conversation.updated', { conversation, previous: toConversationView(current) });
    }
    return conversation;
  }

  /**
   * Stores the router's matches in one statement. Only conversations still unassigned are
   * taken (someone may have assigned one by hand meanwhile); returns those that were.
   */
  async assignFromQueue(matches: { conversationId: string; agentId: string; rule: string }[]): Promise<ConversationView[]> {
    if (matches.length === 0) return [];
    const now = new Date();
    const rows = await this.db.$transaction(async (tx) => {
      const values = Prisma.join(matches.map((match) => Prisma.sql`(${match.conversationId}::uuid, ${match.agentId}::uuid)`));
      const assigned = await tx.$queryRaw<Conversation[]>`
        UPDATE "Conversation" AS c
        SET "assigneeId" = m.agent_id, "assignedAt" = ${now}, "queuedAt" = NULL, "updatedAt" = ${now}
        FROM (VALUES ${values}) AS m(conversation_id, agent_id)
        WHERE c.id = m.conversation_id AND c."assigneeId" IS NULL AND c.status <> 'RESOLVED'
        RETURNING c.*`;
      const ruleOf = new Map(matches.map((match) => [match.conversationId, match.rule]));
      await tx.timelineEvent.createMany({
        data: assigned.map((row) => ({
          customerId: row.customerId,
          conversationId: row.id,
          kind: 'routing.assigned',
          actorType: 'SYSTEM' as const,
          data: { agentId: row.assigneeId, rule: ruleOf.get(row.id) ?? '' },
        })),
      });
      return assigned;
    });
    const views = rows.map(toConversationView);
    for (const conversation of views) {
      this.bus.publish('conversation.updated', { conversation, previous: { ...conversation, assigneeId: null }, actorUserId: null });
    }
    return views;
  }

  /** Those of these conversations that still wait for an agent. */
  listWaitingByIds(conversationIds: string[]) {
    return this.db.conversation.findMany({
      where: { id: { in: conversationIds }, assigneeId: null, status: { in: ['OPEN', 'PENDING'] } },
      select: { id: true },
    });
  }

  /** conversationId -> customerId, for addressing customers. */
  async customersOf(conversationIds: string[]): Promise<Map<string, string>> {
    const rows = await this.db.conversation.findMany({
      where: { id: { in: conversationIds } },
      select: { id: true, customerId: true },
    });
    return new Map(rows.map((row) => [row.id, row.customerId]));
  }

  /** Moves a conversation to another agent or team with a note the next person reads. */
  async transferConversation(options: {
    conversationId: string;
    actor: Actor;
    toAgentId?: string;
    toTeamId?: string | null;
    note: string;
  }): Promise<ConversationView> {
    const current = await this.getConversationRow(options.conversationId);
    const now = new Date();
    const updated = await this.db.$transaction(async (tx) => {
      const updated = await tx.conversation.update({
        where: { id: current.id },
        data: {
          assigneeId: options.toAgentId ?? null,
          assignedAt: options.toAgentId ? now : null,
          queuedAt: options.toAgentId ? null : now,
          ...(options.toTeamId !== undefined && { teamId: options.toTeamId }),
        },
      });
      if (options.note) {
        await tx.message.create({
          data: {
            conversationId: current.id,
            inboxId: current.inboxId,
            direction: 'OUTBOUND',
            senderType: 'AGENT',
            senderUserId: options.actor.userId,
            text: options.note,
            isPrivate: true,
          },
        });
      }
      await recordTimelineEvent(tx, {
        customerId: current.customerId,
        conversationId: current.id,
        kind: 'routing.transferred',
        actorType: 'AGENT',
        actorUserId: options.actor.userId,
        data: { ...describeChange(current, updated), note: options.note },
      });
      return updated;
    });
    const conversation = toConversationView(updated);
    this.bus.publish('conversation.updated', { conversation, previous: toConversationView(current), actorUserId: options.actor.userId });
    return conversation;
  }

  /** Open work assigned to an agent, for their load and for handing back. */
  async listAssignedOpenWork(agentId: string) {
    return this.db.conversation.findMany({
      where: { assigneeId: agentId, status: { in: ['OPEN', 'PENDING'] } },
      select: { id: true, teamId: true, inbox: { select: { channel: true } } },
    });
  }

  /** Unassigned conversations that wait for an agent, oldest first (for overflow and repair). */
  async listWaiting(options: { teamId?: string | null; queuedBefore?: Date; limit: number }) {
    return this.db.conversation.findMany({
      where: {
        assigneeId: null,
        status: { in: ['OPEN', 'PENDING'] },
        queuedAt: { not: null, ...(options.queuedBefore && { lt: options.queuedBefore }) },
        ...(options.teamId !== undefined && { teamId: options.teamId }),
      },
      orderBy: { queuedAt: 'asc' },
      take: options.limit,
      select: { id: true, teamId: true, queuedAt: true },
    });
  }

  /** Open, unassigned conversations that never reached a queue (their queueing failed). */
  async listNeverQueued(options: { createdBefore: Date; limit: number }) {
    return this.db.conversation.findMany({
      where: { assigneeId: null, status: { in: ['OPEN', 'PENDING'] }, queuedAt: null, createdAt: { lt: options.createdBefore } },
      orderBy: { createdAt: 'asc' },
      take: options.limit,
      select: { id: true, teamId: true },
    });
  }

  /**
   * Stores inbound messages set-wise (a handful of statements however many messages), each
   * joining the conversation the rules of threadConversationId give it, in order: a
   * customer's second message joins the conversation their first one opened. The caller
   * holds the (customer, inbox) locks.
   */
  private async storeInbound(tx: Tx, items: InboundItem[]): Promise<InboundOutcome[]> {
    const plans = await this.planInboundConversations(tx, items);
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
    const attachmentRows = plans.flatMap(({ item }, position) =>
      (item.input.attachments ?? []).map((attachment) => ({ ...attachment, messageId: messages[position]!.id })),
    );
    const attachments = attachmentRows.length ? await tx.attachment.createManyAndReturn({ data: attachmentRows }) : [];
    await recordTimelineEvents(
      tx,
      plans.flatMap(({ conversationId, item, opened, reopenedFrom }, position) => [
        ...(opened || reopenedFrom
          ? [{ customerId: item.customerId, conversationId, kind: opened ? ('conversation.opened' as const) : ('conversation.reopened' as const), actorType: 'CUSTOMER' as const, at: new Date(start + 2 * position) }]
          : []),
        { customerId: item.customerId, conversationId, messageId: messages[position]!.id, kind: 'message.received' as const, actorType: 'CUSTOMER' as const, at: messages[position]!.createdAt },
      ]),
    );
    return plans.map(({ conversationId, opened, reopenedFrom }, position) => ({
      message: { ...messages[position]!, attachments: attachments.filter((attachment) => attachment.messageId === messages[position]!.id) },
      conversation: conversations.get(conversationId)!,
      opened,
      reopenedFrom,
    }));
  }

  /** Which conversation each inbound message joins (see threadConversationId), in one read. */
  private async planInboundConversations(tx: Tx, items: InboundItem[]) {
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

  /** Stores an outbound message or note and records it, inside the caller's transaction. */
  private async writeOutbound(tx: Tx, current: Conversation, fields: OutboundFields) {
    const now = new Date();
    const message = await tx.message.create({
      data: {
        conversationId: current.id,
        inboxId: current.inboxId,
        direction: 'OUTBOUND',
        senderType: fields.senderType,
        senderUserId: fields.agentId,
        text: fields.text,
        isPrivate: fields.isPrivate,
        clientMessageId: fields.clientMessageId,
        deliveryStatus: fields.isPrivate ? null : 'QUEUED',
        channelData: fields.channelData,
        attachments: fields.attachments?.length ? { create: fields.attachments } : undefined,
      },
      include: messageViewInclude,
    });
    // Only a person answering counts as the first response; an automatic one does not.
    const firstResponseAt = current.firstResponseAt ?? (fields.senderType === 'AGENT' ? now : null);
    const conversation = fields.isPrivate
      ? current
      : await tx.conversation.update({ where: { id: current.id }, data: { lastMessageAt: now, firstResponseAt } });
    await recordTimelineEvent(tx, {
      customerId: current.customerId,
      conversationId: current.id,
      messageId: message.id,
      kind: fields.isPrivate ? 'note.added' : 'message.sent',
      actorType: fields.senderType,
      actorUserId: fields.agentId,
    });
    return { message, conversation };
  }

  private async publishOutbound(message: MessageWithSender, conversation: Conversation, isPrivate: boolean) {
    const view = toMessageView(message);
    this.bus.publish('message.created', { message: view, conversation: toConversationView(conversation) });
    if (!isPrivate) await this.dispatchOutbound(message.id, conversation.inboxId);
    return view;
  }

  private async findStoredInbound(input: InboundMessageInput, customerId: string) {
    if (input.channelMessageId) {
      return this.db.message.findUnique({
        where: { inboxId_channelMessageId: { inboxId: input.inboxId, channelMessageId: input.channelMessageId } },
        include: { ...messageViewInclude, conversation: true },
      });
    }
    if (input.clientMessageId) {
      // Scoped to this customer: another customer's id must never reveal their message.
      return this.db.message.findFirst({
        where: {
          clientMessageId: input.clientMessageId,
          inboxId: input.inboxId,
          direction: 'INBOUND',
          conversation: { customerId },
        },
        include: { ...messageViewInclude, conversation: true },
      });
    }
    return null;
  }

  /** findStoredInbound for a batch: one read for the messages with a channel id. */
  private async findStoredInbounds(inputs: InboundMessageInput[], customerIds: string[]): Promise<(IngestResult | undefined)[]> {
    const idsByInbox = new Map<string, string[]>();
    for (const { inboxId, channelMessageId } of inputs) {
      if (channelMessageId) idsByInbox.set(inboxId, [...(idsByInbox.get(inboxId) ?? []), channelMessageId]);
    }
    const byChannelId = await this.db.message.findMany({
      where: { OR: [...idsByInbox].map(([inboxId, ids]) => ({ inboxId, channelMessageId: { in: ids } })) },
      include: { ...messageViewInclude, conversation: true },
    });
    const stored = new Map(byChannelId.map((message) => [`${message.inboxId}|${message.channelMessageId}`, message]));
    return Promise.all(
      inputs.map(async (input, index) => {
        const found = input.channelMessageId
          ? stored.get(`${input.inboxId}|${input.channelMessageId}`)
          : await this.findStoredInbound(input, customerIds[index]!);
        return found ? this.duplicateResult(found, customerIds[index]!) : undefined;
      }),
    );
  }

  private duplicateResult(stored: Message & { conversation: Conversation }, customerId: string): IngestResult {
    return {
      message: toMessageView(stored),
      conversation: toConversationView(stored.conversation),
      customerId,
      duplicate: true,
      opened: false,
    };
  }

  private async updateConversation(
    current: Conversation,
    actor: Actor,
    kind: 'status.changed' | 'assignee.changed' | 'team.changed' | 'priority.changed',
    changes: Prisma.ConversationUncheckedUpdateInput,
  ): Promise<ConversationView> {
    const updated = await this.db.$transaction(async (tx) => {
      const updated = await tx.conversation.update({ where: { id: current.id }, data: changes });
      await recordTimelineEvent(tx, {
        customerId: current.customerId,
        conversationId: current.id,
        kind,
        actorType: 'AGENT',
        actorUserId: actor.userId,
        data: describeChange(current, updated),
      });
      return updated;
    });
    const conversation = toConversationView(updated);
    this.bus.publish('conversation.updated', { conversation, previous: toConversationView(current), actorUserId: actor.userId });
    return conversation;
  }

  private async getConversationRow(conversationId: string): Promise<Conversation> {
    const conversation = await this.db.conversation.findUnique({ where: { id: conversationId } });
    if (!conversation) throw new AppError('not_found', 'No conversation with this id.');
    return conversation;
  }

  private async findInbox(inboxId: string) {
    const inbox = await this.db.inbox.findUnique({ where: { id: inboxId } });
    if (!inbox) throw new AppError('not_found', 'No inbox with this id.');
    return inbox;
  }
}

const trackedFields = ['status', 'assigneeId', 'teamId', 'priority', 'snoozedUntil'] as const;

/** { field: { from, to } } for each tracked field that changed, for the timeline. */
function describeChange(before: Conversation, after: Conversation): Prisma.InputJsonObject {
  const changes: Record<string, { from: string | null; to: string | null }> = {};
  for (const field of trackedFields) {
    const from = before[field] instanceof Date ? before[field].toISOString() : (before[field] as string | null);
    const to = after[field] instanceof Date ? after[field].toISOString() : (after[field] as string | null);
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}
