import type { ThreadCandidate } from '../../domain/email-thread.js';
import type { Db } from '../../infra/db.js';

export interface ThreadKeys {
  inboxId: string;
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

/**
 * Finds the conversations an e-mail's thread keys point at, within its inbox. A read-only
 * query object: which one the mail joins is the pure resolveEmailThread's decision.
 */
export async function findThreadCandidates(db: Db, keys: ThreadKeys): Promise<ThreadCandidates> {
  const [messages, byToken, byNumber] = await Promise.all([
    keys.threadIds.length
      ? db.message.findMany({
          where: { inboxId: keys.inboxId, channelMessageId: { in: keys.threadIds } },
          select: { channelMessageId: true, conversation: { select: candidateFields } },
        })
      : [],
    keys.replyToken ? db.conversation.findFirst({ where: { replyToken: keys.replyToken, inboxId: keys.inboxId }, select: candidateFields }) : null,
    keys.subjectNumber !== null
      ? db.conversation.findFirst({ where: { number: keys.subjectNumber, inboxId: keys.inboxId }, select: candidateFields })
      : null,
  ]);
  const rank = (id: string | null) => keys.threadIds.indexOf(id ?? '');
  const byHeaders = messages
    .sort((a, b) => rank(a.channelMessageId) - rank(b.channelMessageId))
    .map((message) => toCandidate(message.conversation));
  return {
    byHeaders,
    byReplyToken: byToken ? toCandidate(byToken) : null,
    bySubjectNumber: byNumber ? toCandidate(byNumber) : null,
  };
}

function toCandidate(row: { id: string; customerId: string; status: ThreadCandidate['status']; resolvedAt: Date | null }): ThreadCandidate {
  return { conversationId: row.id, customerId: row.customerId, status: row.status, resolvedAt: row.resolvedAt };
}
