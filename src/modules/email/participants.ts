import type { Db } from '../../infra/db.js';
import { readEmailChannelData } from './email.schemas.js';

export interface ParticipantMail {
  /** In-Reply-To and References. */
  threadIds: string[];
  from: string;
}

/** An open conversation the sender was addressed on (To/Cc) without being its customer. */
export interface ParticipantThread {
  conversationId: string;
  customerId: string;
}

// How many of a thread's inbound mails are searched for addresses.
const ADDRESSED_SCAN = 200;

/**
 * A reply-all from someone the thread itself had in To or Cc (a colleague the customer copied)
 * joins that thread as a participant, never as its customer. Found by the mail's In-Reply-To /
 * References pointing into an open conversation of this inbox whose inbound mails named the
 * sender in To/Cc (or which they wrote in before as a participant). A read-only query object.
 */
export async function findParticipantThreads(db: Db, inboxId: string, mails: ParticipantMail[]): Promise<(ParticipantThread | null)[]> {
  const ids = [...new Set(mails.flatMap((mail) => mail.threadIds))];
  if (ids.length === 0) return mails.map(() => null);
  const referenced = await db.message.findMany({
    where: { inboxId, channelMessageId: { in: ids }, conversation: { status: { not: 'RESOLVED' }, mergedIntoId: null } },
    select: { channelMessageId: true, conversationId: true, conversation: { select: { customerId: true } } },
  });
  const conversationIds = [...new Set(referenced.map((message) => message.conversationId))];
  const inbound = await db.message.findMany({
    where: { conversationId: { in: conversationIds }, direction: 'INBOUND' },
    select: { conversationId: true, channelData: true },
    orderBy: { createdAt: 'desc' },
    take: ADDRESSED_SCAN * Math.max(1, conversationIds.length),
  });
  const addressed = new Map<string, Set<string>>();
  for (const message of inbound) {
    const data = readEmailChannelData(message.channelData);
    const set = addressed.get(message.conversationId) ?? new Set<string>();
    for (const address of [...data.to, ...data.cc, ...(data.participant ? [data.participant.address] : [])]) set.add(address.toLowerCase());
    addressed.set(message.conversationId, set);
  }
  const byMessageId = new Map(referenced.map((message) => [message.channelMessageId!, message]));
  return mails.map((mail) => {
    for (const id of mail.threadIds) {
      const message = byMessageId.get(id);
      if (message && addressed.get(message.conversationId)?.has(mail.from)) {
        return { conversationId: message.conversationId, customerId: message.conversation.customerId };
      }
    }
    return null;
  });
}
