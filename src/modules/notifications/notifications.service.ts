import type { Notification, NotificationKind, Prisma } from '@prisma/client';
import type { NotificationPage, NotificationView } from '../../contracts/notification.views.js';
import type { Db } from '../../infra/db.js';
import { olderThan, parseCursor, toPage } from '../../infra/keyset.js';

export interface NotificationInput {
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  conversationNumber: number;
  messageId?: string;
  actorUserId?: string | null;
  /** Shown in the console's list; cut to 140 characters. */
  preview: string;
}

interface StoredData {
  conversationNumber?: number;
  preview?: string;
  actorName?: string;
}

const PREVIEW_CHARS = 140;

/** Display names by user id (the admin module owns users). */
export type UserNames = (userIds: string[]) => Promise<Map<string, string>>;

/** Of these conversation ids, those the reader may no longer see (the access policy answers). */
export type HiddenConversations = (conversationIds: string[]) => Promise<Set<string>>;

/** What a user should look at: assignments, mentions, customers writing to them. */
export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly userNames: UserNames,
  ) {}

  /** Stores the notifications and returns their views, in input order. */
  async create(inputs: NotificationInput[]): Promise<NotificationView[]> {
    if (inputs.length === 0) return [];
    const actorIds = [...new Set(inputs.flatMap((input) => (input.actorUserId ? [input.actorUserId] : [])))];
    const actors = await this.userNames(actorIds);
    const rows = await this.db.notification.createManyAndReturn({
      data: inputs.map((input) => ({
        userId: input.userId,
        kind: input.kind,
        conversationId: input.conversationId,
        messageId: input.messageId,
        actorUserId: input.actorUserId ?? null,
        data: {
          conversationNumber: input.conversationNumber,
          preview: input.preview.slice(0, PREVIEW_CHARS),
          ...(input.actorUserId && { actorName: actors.get(input.actorUserId) ?? '' }),
        } satisfies Prisma.InputJsonObject,
      })),
    });
    return rows.map(toNotificationView);
  }

  /** The user's notifications, leaving out those about conversations they may no longer see (moved to another team). */
  async list(userId: string, options: { unreadOnly: boolean; cursor?: string; limit: number }, hidden: HiddenConversations): Promise<NotificationPage> {
    const visible = await this.visibleTo(userId, hidden);
    const rows = await this.db.notification.findMany({
      where: { ...visible, ...(options.unreadOnly && { readAt: null }), ...olderThan('createdAt', parseCursor(options.cursor)) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    const page = toPage(rows, options.limit, (row) => row.createdAt);
    return { items: page.items.map(toNotificationView), nextCursor: page.nextCursor, unreadCount: await this.unreadCount(visible) };
  }

  /** Marks some (ids) or all of the user's notifications read; returns how many they can see stay unread. */
  async markRead(userId: string, which: { ids: string[] } | { all: true }, hidden: HiddenConversations): Promise<number> {
    await this.db.notification.updateMany({
      where: { userId, readAt: null, ...('ids' in which && { id: { in: which.ids } }) },
      data: { readAt: new Date() },
    });
    return this.unreadCount(await this.visibleTo(userId, hidden));
  }

  private unreadCount(visible: Prisma.NotificationWhereInput): Promise<number> {
    return this.db.notification.count({ where: { ...visible, readAt: null } });
  }

  private async visibleTo(userId: string, hidden: HiddenConversations): Promise<Prisma.NotificationWhereInput> {
    const referenced = await this.db.notification.findMany({
      where: { userId, conversationId: { not: null } },
      distinct: ['conversationId'],
      select: { conversationId: true },
    });
    const hiddenIds = [...(await hidden(referenced.flatMap((row) => (row.conversationId ? [row.conversationId] : []))))];
    if (hiddenIds.length === 0) return { userId };
    return { userId, AND: [{ OR: [{ conversationId: null }, { conversationId: { notIn: hiddenIds } }] }] };
  }
}

function toNotificationView(row: Notification): NotificationView {
  const data = (row.data ?? {}) as StoredData;
  return {
    id: row.id,
    kind: row.kind,
    conversationId: row.conversationId,
    conversationNumber: data.conversationNumber ?? null,
    messageId: row.messageId,
    actor: row.actorUserId ? { id: row.actorUserId, name: data.actorName ?? '' } : null,
    preview: data.preview ?? '',
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
