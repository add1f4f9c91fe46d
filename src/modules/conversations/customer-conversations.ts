import type { Prisma } from '@prisma/client';
import type { Db } from '../../infra/db.js';

const summaryFields = {
  id: true,
  number: true,
  status: true,
  subject: true,
  lastMessageAt: true,
  inbox: { select: { name: true, channel: true } },
} as const;

type SummaryRow = Prisma.ConversationGetPayload<{ select: typeof summaryFields }>;

function toSummary(row: SummaryRow) {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    subject: row.subject,
    channel: row.inbox.channel,
    inboxName: row.inbox.name,
    lastMessageAt: row.lastMessageAt.toISOString(),
  };
}

/**
 * A customer's conversations for the console's side panel: the latest 20, and their open tickets.
 * Merged ones are left out, and so are those the reader may not see (`visible`, from the access policy).
 */
export async function findCustomerConversations(db: Db, customerId: string, visible: Prisma.ConversationWhereInput) {
  const listed: Prisma.ConversationWhereInput = { customerId, mergedIntoId: null, AND: [visible] };
  const [latest, openTickets] = await Promise.all([
    db.conversation.findMany({ where: listed, orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }], take: 20, select: summaryFields }),
    db.conversation.findMany({
      where: { ...listed, status: { not: 'RESOLVED' }, inbox: { channel: 'TICKET' } },
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take: 50,
      select: summaryFields,
    }),
  ]);
  return { conversations: latest.map(toSummary), openTickets: openTickets.map(toSummary) };
}
