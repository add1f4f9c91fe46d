import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import type { ConversationEvents } from './conversation.events.js';

/** Up to when each user has read each conversation: what makes a list row unread. */
export class ReadState {
  constructor(private readonly db: Db) {}

  /** Records that the user has seen the conversation up to `at`; never moves the mark back. */
  async markRead(userId: string, conversationId: string, at: Date = new Date()): Promise<void> {
    const exists = await this.db.conversation.count({ where: { id: conversationId } });
    if (!exists) throw new AppError('not_found', 'No conversation with this id.');
    await this.db.$executeRaw`
      INSERT INTO "ConversationRead" ("userId", "conversationId", "lastReadAt")
      VALUES (${userId}::uuid, ${conversationId}::uuid, ${at})
      ON CONFLICT ("userId", "conversationId")
      DO UPDATE SET "lastReadAt" = GREATEST("ConversationRead"."lastReadAt", EXCLUDED."lastReadAt")`;
  }
}

/** An agent who writes in a conversation has read it. */
export function markReadOnOwnMessages(bus: EventBus<ConversationEvents>, reads: ReadState): void {
  bus.on('message.created', async ({ message }) => {
    // After commit, so "now" is at or after the conversation's new lastMessageAt.
    if (message.senderType === 'AGENT' && message.senderUserId) await reads.markRead(message.senderUserId, message.conversationId);
  });
}
