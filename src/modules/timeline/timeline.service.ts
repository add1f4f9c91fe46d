import type { Prisma } from '@prisma/client';
import type { Db } from '../../infra/db.js';
import { olderThan, parseCursor, toPage } from '../../infra/keyset.js';
import type { TimelineEventView } from '../../contracts/timeline.views.js';

/** What can happen on a customer's timeline. */
export type TimelineEventKind =
  | 'conversation.opened'
  | 'conversation.reopened'
  | 'message.received'
  | 'message.sent'
  | 'note.added'
  | 'csat.rated'
  | 'status.changed'
  | 'assignee.changed'
  | 'team.changed'
  | 'priority.changed'
  | 'delivery.failed'
  | 'routing.queued'
  | 'routing.requeued'
  | 'routing.assigned'
  | 'routing.transferred'
  | 'labels_changed'
  | 'merged'
  | 'customer_updated'
  | 'customer_merged';

export interface TimelineEventInput {
  customerId: string;
  conversationId?: string;
  messageId?: string;
  kind: TimelineEventKind;
  actorType: 'CUSTOMER' | 'AGENT' | 'SYSTEM';
  actorUserId?: string | null;
  data?: Prisma.InputJsonObject;
}

type Tx = Prisma.TransactionClient;

/** Written inside the caller's transaction so the event exists exactly when the change does. */
export async function recordTimelineEvent(tx: Tx, event: TimelineEventInput): Promise<void> {
  await tx.timelineEvent.create({ data: { ...event, data: event.data ?? {} } });
}

/** Several events in one statement; `at` orders events written in the same millisecond. */
export async function recordTimelineEvents(tx: Tx, events: (TimelineEventInput & { at?: Date })[]): Promise<void> {
  await tx.timelineEvent.createMany({
    data: events.map(({ at, data, ...event }) => ({ ...event, data: data ?? {}, ...(at && { createdAt: at }) })),
  });
}

/** Moves a conversation's events to another one (a merge), inside the caller's transaction. */
export async function moveTimelineEvents(tx: Tx, fromConversationId: string, toConversationId: string): Promise<void> {
  await tx.timelineEvent.updateMany({ where: { conversationId: fromConversationId }, data: { conversationId: toConversationId } });
}

/** Moves all of a customer's events to another customer (a customer merge), inside the caller's transaction. */
export async function moveCustomerTimeline(tx: Tx, fromCustomerId: string, toCustomerId: string): Promise<void> {
  await tx.timelineEvent.updateMany({ where: { customerId: fromCustomerId }, data: { customerId: toCustomerId } });
}

export interface ListTimelineOptions {
  customerId: string;
  /** Events older than this position (newest first). */
  before?: string;
  limit: number;
  /** The conversations the reader may see: events of others are left out (the customer's own events stay). */
  visibleConversations: Prisma.ConversationWhereInput;
}

export async function listTimeline(db: Db, options: ListTimelineOptions) {
  const rows = await db.timelineEvent.findMany({
    where: {
      customerId: options.customerId,
      ...olderThan('createdAt', parseCursor(options.before)),
      AND: [{ OR: [{ conversationId: null }, { conversation: { is: options.visibleConversations } }] }],
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    include: { actorUser: { select: { name: true } } },
  });
  const page = toPage(rows, options.limit, (row) => row.createdAt);
  return {
    items: page.items.map(
      (row): TimelineEventView => ({
        id: row.id,
        customerId: row.customerId,
        conversationId: row.conversationId,
        messageId: row.messageId,
        kind: row.kind,
        actorType: row.actorType,
        actorUserId: row.actorUserId,
        actorName: row.actorUser?.name ?? null,
        data: row.data,
        createdAt: row.createdAt.toISOString(),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}
