import { Prisma, type ChannelKind, type ConversationPriority, type ConversationStatus } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { parseCursor, toPage } from '../../infra/keyset.js';
import type { AccessPolicy, Viewer } from '../access/access.policy.js';
import { conversationSearchCondition } from './conversation-search.js';
import type { ConversationListItem } from '../../contracts/conversation.views.js';
import type { MessageDirection, SenderType } from '../../contracts/enums.js';
import { toConversationView } from './conversation.views.js';

export type ConversationListView = 'mine' | 'unassigned' | 'teams' | 'all';

export interface FindConversationsOptions {
  viewer: Viewer;
  /** The console's tab; unset lists without a tab (every conversation the other filters let through). */
  view?: ConversationListView;
  status?: ConversationStatus;
  channel?: ChannelKind;
  inboxId?: string;
  teamId?: string;
  labelId?: string;
  priority?: ConversationPriority;
  /** 'me', 'unassigned', or an agent id. */
  assignee?: string;
  /** Customer name/company words, e-mail or phone prefix, or message words. */
  q?: string;
  cursor?: string;
  limit: number;
}

interface LastMessageRow {
  conversationId: string;
  text: string;
  direction: MessageDirection;
  senderType: SenderType;
  senderUserId: string | null;
  isPrivate: boolean;
  createdAt: Date;
}

/**
 * The console's conversation list: one page, newest activity first, with what a row shows
 * (customer, inbox, labels, last message, unread), plus the counts of the tabs under the same
 * filters. Merged conversations are never listed. The page's ids and the counts come from SQL
 * (search needs full-text conditions Prisma cannot express); the rows are then loaded by id.
 */
export async function findConversations(db: Db, access: AccessPolicy, options: FindConversationsOptions) {
  const { viewer } = options;
  if (options.view === 'all' && viewer.role === 'AGENT') {
    throw new AppError('forbidden', 'Agents see their own, their teams\' and unassigned conversations; "all" is for supervisors.');
  }
  // The access policy bounds the page and every count: nothing of other teams leaks through a filter or a number.
  const base = [access.conversationSql(viewer), ...baseConditions(options)];
  const tabs = tabConditions(viewer);
  const cursor = parseCursor(options.cursor);
  const pageConditions = [
    ...base,
    ...(options.view ? [tabs[options.view]] : []),
    ...(options.assignee ? [assigneeCondition(options.assignee, viewer.id)] : []),
    ...(cursor ? [Prisma.sql`c."lastMessageAt" <= ${cursor.at} AND (c."lastMessageAt" < ${cursor.at} OR c.id < ${cursor.id}::uuid)`] : []),
  ];
  // An agent's counts cover what their tabs can show, so the scan stays within their work.
  const countConditions = viewer.role === 'AGENT' ? [...base, Prisma.sql`(${tabs.mine} OR ${tabs.unassigned} OR ${tabs.teams})`] : base;
  const [keys, [counts]] = await Promise.all([
    db.$queryRaw<{ id: string; lastMessageAt: Date }[]>`
      SELECT c.id, c."lastMessageAt" FROM "Conversation" c
      WHERE ${Prisma.join(pageConditions, ' AND ')}
      ORDER BY c."lastMessageAt" DESC, c.id DESC
      LIMIT ${options.limit + 1}`,
    db.$queryRaw<{ mine: number; unassigned: number; teams: number; all: number }[]>`
      SELECT count(*) FILTER (WHERE ${tabs.mine})::int AS mine,
             count(*) FILTER (WHERE ${tabs.unassigned})::int AS unassigned,
             count(*) FILTER (WHERE ${tabs.teams})::int AS teams,
             count(*)::int AS "all"
      FROM "Conversation" c WHERE ${Prisma.join(countConditions, ' AND ')}`,
  ]);
  const page = toPage(keys, options.limit, (row) => row.lastMessageAt);
  const ids = page.items.map((row) => row.id);
  const [rows, lastMessages, reads] = ids.length
    ? await Promise.all([
        db.conversation.findMany({
          where: { id: { in: ids } },
          include: {
            customer: { select: { id: true, name: true, company: true, tier: true } },
            inbox: { select: { id: true, name: true, channel: true } },
            labels: { select: { label: { select: { id: true, name: true, color: true } } }, orderBy: { createdAt: 'asc' } },
          },
        }),
        findLastMessages(db, ids),
        db.conversationRead.findMany({ where: { userId: viewer.id, conversationId: { in: ids } } }),
      ])
    : [[], new Map<string, LastMessageRow>(), []];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const readAt = new Map(reads.map((read) => [read.conversationId, read.lastReadAt]));
  return {
    items: ids.map((id): ConversationListItem => {
      const { customer, inbox, labels, ...conversation } = byId.get(id)!;
      const last = lastMessages.get(id);
      const lastRead = readAt.get(id);
      return {
        ...toConversationView(conversation),
        customer,
        inbox,
        labels: labels.map(({ label }) => label),
        labelIds: labels.map(({ label }) => label.id),
        unread: lastRead ? conversation.lastMessageAt > lastRead : last !== undefined,
        lastMessage: last
          ? {
              text: last.text,
              direction: last.direction,
              senderType: last.senderType,
              senderUserId: last.senderUserId,
              isPrivate: last.isPrivate,
              createdAt: last.createdAt.toISOString(),
            }
          : null,
      };
    }),
    nextCursor: page.nextCursor,
    counts: { ...counts!, all: viewer.role === 'AGENT' ? null : counts!.all },
  };
}

function baseConditions(options: FindConversationsOptions): Prisma.Sql[] {
  return [
    Prisma.sql`c."mergedIntoId" IS NULL`,
    ...(options.status ? [Prisma.sql`c.status = ${options.status}::"ConversationStatus"`] : []),
    ...(options.channel ? [Prisma.sql`c."inboxId" IN (SELECT id FROM "Inbox" WHERE channel = ${options.channel}::"ChannelKind")`] : []),
    ...(options.inboxId ? [Prisma.sql`c."inboxId" = ${options.inboxId}::uuid`] : []),
    ...(options.teamId ? [Prisma.sql`c."teamId" = ${options.teamId}::uuid`] : []),
    ...(options.priority ? [Prisma.sql`c.priority = ${options.priority}::"ConversationPriority"`] : []),
    ...(options.labelId
      ? [Prisma.sql`EXISTS (SELECT 1 FROM "ConversationLabel" cl WHERE cl."conversationId" = c.id AND cl."labelId" = ${options.labelId}::uuid)`]
      : []),
    ...(options.q ? [conversationSearchCondition(options.q)] : []),
  ];
}

/** What each tab shows to this viewer: an agent's "unassigned" is their teams' and no team's. */
function tabConditions(viewer: Viewer): Record<ConversationListView, Prisma.Sql> {
  const inMyTeams = Prisma.sql`c."teamId" = ANY(${viewer.teamIds}::uuid[])`;
  return {
    mine: Prisma.sql`c."assigneeId" = ${viewer.id}::uuid`,
    unassigned:
      viewer.role === 'AGENT'
        ? Prisma.sql`(c."assigneeId" IS NULL AND (${inMyTeams} OR c."teamId" IS NULL))`
        : Prisma.sql`c."assigneeId" IS NULL`,
    teams: inMyTeams,
    all: Prisma.sql`TRUE`,
  };
}

function assigneeCondition(assignee: string, viewerId: string): Prisma.Sql {
  if (assignee === 'unassigned') return Prisma.sql`c."assigneeId" IS NULL`;
  return Prisma.sql`c."assigneeId" = ${assignee === 'me' ? viewerId : assignee}::uuid`;
}

/** The newest message of each conversation: one index probe each. */
async function findLastMessages(db: Db, conversationIds: string[]): Promise<Map<string, LastMessageRow>> {
  const rows = await db.$queryRaw<LastMessageRow[]>`
    SELECT m."conversationId", left(m.text, 200) AS text, m.direction::text AS direction,
           m."senderType"::text AS "senderType", m."senderUserId", m."isPrivate", m."createdAt"
    FROM unnest(${conversationIds}::uuid[]) AS page(id)
    CROSS JOIN LATERAL (
      SELECT * FROM "Message" WHERE "conversationId" = page.id ORDER BY "createdAt" DESC, id DESC LIMIT 1
    ) m`;
  return new Map(rows.map((row) => [row.conversationId, row]));
}
