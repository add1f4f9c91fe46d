import type { ConversationStatus, Prisma } from '@prisma/client';
import type { Db } from '../../infra/db.js';
import { olderThan, parseCursor, toPage } from '../../infra/keyset.js';
import { toConversationView } from './conversation.views.js';

export interface FindConversationsOptions {
  viewerId: string;
  status?: ConversationStatus;
  inboxId?: string;
  teamId?: string;
  /** 'me', 'unassigned', or an agent id. */
  assignee?: string;
  cursor?: string;
  limit: number;
}

/**
 * The console's conversation list: one page, newest activity first, plus the
 * counts its tabs show (mine / unassigned / all) under the same filters.
 */
export async function findConversations(db: Db, options: FindConversationsOptions) {
  const base = baseFilter(options);
  const where: Prisma.ConversationWhereInput = {
    AND: [base, assigneeFilter(options.assignee, options.viewerId), olderThan('lastMessageAt', parseCursor(options.cursor))],
  };
  const [rows, mine, unassigned, all] = await Promise.all([
    db.conversation.findMany({
      where,
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
      include: { customer: { select: { id: true, name: true } } },
    }),
    db.conversation.count({ where: { AND: [base, { assigneeId: options.viewerId }] } }),
    db.conversation.count({ where: { AND: [base, { assigneeId: null }] } }),
    db.conversation.count({ where: base }),
  ]);
  const page = toPage(rows, options.limit, (row) => row.lastMessageAt);
  return {
    items: page.items.map((row) => ({ ...toConversationView(row), customer: row.customer })),
    nextCursor: page.nextCursor,
    counts: { mine, unassigned, all },
  };
}

function baseFilter(options: FindConversationsOptions): Prisma.ConversationWhereInput {
  return {
    ...(options.status && { status: options.status }),
    ...(options.inboxId && { inboxId: options.inboxId }),
    ...(options.teamId && { teamId: options.teamId }),
  };
}

function assigneeFilter(assignee: string | undefined, viewerId: string): Prisma.ConversationWhereInput {
  if (!assignee) return {};
  if (assignee === 'me') return { assigneeId: viewerId };
  if (assignee === 'unassigned') return { assigneeId: null };
  return { assigneeId: assignee };
}
