import type { ThreadCandidate } from '../../domain/email-thread.js';
import type { Db } from '../../infra/db.js';

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
  const [messages, byToken, byNumber] = await Promise.all([
    ids.length
      ? db.message.findMany({
          where: { inboxId, channelMessageId: { in: ids } },
          select: { channelMessageId: true, conversation: { select: candidateFields } },
        })
      : [],
    tokens.length ? db.conversation.findMany({ where: { inboxId, replyToken: { in: tokens } }, select: { ...candidateFields, replyToken: true } }) : [],
    numbers.length ? db.conversation.findMany({ where: { inboxId, number: { in: numbers } }, select: { ...candidateFields, number: true } }) : [],
  ]);
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
  }));
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
