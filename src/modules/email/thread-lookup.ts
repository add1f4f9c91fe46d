import type { ThreadCandidate } from '../../domain/email-thread.js';
import type { Db } from '../../infra/db.js';
import { readEmailChannelData } from './email.schemas.js';

export interface ThreadKeys {
  /** Message-IDs in the order they should win (In-Reply-To, then References newest first). */
  threadIds: string[];
  replyToken: string | null;
  subjectNumber: number | null;
}

export interface ThreadCandidates {
  byHeaders: ThreadCandidate[];
  byReplyToken: ThreadCandidate | null;
  bySubjectNumber: ThreadCandidate | null;
  /** A conversation of another inbox whose replies this mailbox e-mailed (a web chat whose visitor left). */
  emailedConversation: EmailedConversation | null;
}

/** The answer belongs there only when it comes from an address those replies went to. */
export interface EmailedConversation {
  candidate: ThreadCandidate;
  inboxId: string;
  emailedTo: string[];
}

const conversationFields = { id: true, inboxId: true, customerId: true, status: true, resolvedAt: true } as const;
const candidateFields = { ...conversationFields, mergedInto: { select: conversationFields } } as const;
type ConversationRow = { id: string; inboxId: string; customerId: string; status: ThreadCandidate['status']; resolvedAt: Date | null };
type CandidateRow = ConversationRow & { mergedInto: ConversationRow | null };

/**
 * Finds the conversations the thread keys of many mails point at, within one inbox, in
 * three reads however many mails. A read-only query object: which conversation a mail
 * joins is the pure resolveEmailThread's decision.
 */
export async function findThreadCandidates(db: Db, inboxId: string, mails: ThreadKeys[]): Promise<ThreadCandidates[]> {
  const ids = [...new Set(mails.flatMap((mail) => mail.threadIds))];
  const tokens = [...new Set(mails.flatMap((mail) => (mail.replyToken ? [mail.replyToken] : [])))];
  const numbers = [...new Set(mails.flatMap((mail) => (mail.subjectNumber !== null ? [mail.subjectNumber] : [])))];
  const [messages, byToken, byNumber, emailed] = await Promise.all([
    ids.length
      ? db.message.findMany({
          where: { inboxId, channelMessageId: { in: ids } },
          select: { channelMessageId: true, conversation: { select: candidateFields } },
        })
      : [],
    tokens.length ? db.conversation.findMany({ where: { inboxId, replyToken: { in: tokens } }, select: { ...candidateFields, replyToken: true } }) : [],
    numbers.length ? db.conversation.findMany({ where: { inboxId, number: { in: numbers } }, select: { ...candidateFields, number: true } }) : [],
    tokens.length ? findEmailedConversations(db, inboxId, tokens) : [],
  ]);
  const emailedByToken = new Map(emailed.map((row) => [row.replyToken, row]));
  const conversationByMessageId = new Map(messages.map((message) => [message.channelMessageId!, message.conversation]));
  const tokenMatches = new Map(byToken.map((row) => [row.replyToken, row]));
  const numberMatches = new Map(byNumber.map((row) => [row.number, row]));
  const candidate = (row: CandidateRow | undefined) => (row ? toCandidate(row, inboxId) : null);
  return mails.map((mail) => ({
    byHeaders: mail.threadIds.flatMap((id) => {
      const found = candidate(conversationByMessageId.get(id));
      return found ? [found] : [];
    }),
    byReplyToken: candidate(mail.replyToken ? tokenMatches.get(mail.replyToken) : undefined),
    bySubjectNumber: candidate(mail.subjectNumber !== null ? numberMatches.get(mail.subjectNumber) : undefined),
    emailedConversation: mail.replyToken ? toEmailedConversation(emailedByToken.get(mail.replyToken)) : null,
  }));
}

/**
 * Conversations of other inboxes holding these reply tokens, with the addresses this inbox's
 * mailbox sent their replies to (messages whose channelData says email.viaInboxId = this inbox).
 */
async function findEmailedConversations(db: Db, inboxId: string, tokens: string[]) {
  return db.conversation.findMany({
    where: { replyToken: { in: tokens }, inboxId: { not: inboxId }, mergedIntoId: null },
    select: {
      ...conversationFields,
      replyToken: true,
      messages: {
        where: { direction: 'OUTBOUND', channelData: { path: ['email', 'viaInboxId'], equals: inboxId } },
        select: { channelData: true },
        orderBy: { createdAt: 'desc' },
        take: 20,
      },
    },
  });
}

function toEmailedConversation(row: (ConversationRow & { messages: { channelData: unknown }[] }) | undefined): EmailedConversation | null {
  if (!row || row.messages.length === 0) return null;
  const emailedTo = row.messages.flatMap((message) => readEmailChannelData(message.channelData).to.map((address) => address.toLowerCase()));
  return {
    candidate: { conversationId: row.id, customerId: row.customerId, status: row.status, resolvedAt: row.resolvedAt },
    inboxId: row.inboxId,
    emailedTo,
  };
}

/**
 * A merged conversation's mail joins the conversation it was merged into, when that is in the
 * same inbox (a thread never crosses inboxes); otherwise the key leads nowhere. A merged
 * conversation itself is never reopened: it is no longer listed.
 */
function toCandidate(row: CandidateRow, inboxId: string): ThreadCandidate | null {
  const target = row.mergedInto ?? row;
  if (target.inboxId !== inboxId) return null;
  return { conversationId: target.id, customerId: target.customerId, status: target.status, resolvedAt: target.resolvedAt };
}
