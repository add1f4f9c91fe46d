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

const candidateFields = { id: true, customerId: true, status: true, resolvedAt: true } as const;
type CandidateRow = { id: string; customerId: string; status: ThreadCandidate['status']; resolvedAt: Date | null };

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
  return mails.map((mail) => ({
    byHeaders: mail.threadIds.flatMap((id) => {
      const row = conversationByMessageId.get(id);
      return row ? [toCandidate(row)] : [];
    }),
    byReplyToken: optionalCandidate(mail.replyToken ? tokenMatches.get(mail.replyToken) : undefined),
    bySubjectNumber: optionalCandidate(mail.subjectNumber !== null ? numberMatches.get(mail.subjectNumber) : undefined),
  }));
}

function optionalCandidate(row: CandidateRow | undefined): ThreadCandidate | null {
  return row ? toCandidate(row) : null;
}

function toCandidate(row: CandidateRow): ThreadCandidate {
  return { conversationId: row.id, customerId: row.customerId, status: row.status, resolvedAt: row.resolvedAt };
}
