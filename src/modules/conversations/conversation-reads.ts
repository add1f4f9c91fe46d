import type { Conversation } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import { toConversationView } from './conversation.views.js';
import { findMessagePage } from './message-page.js';

export async function findConversationRow(db: Db, conversationId: string): Promise<Conversation> {
  const conversation = await db.conversation.findUnique({ where: { id: conversationId } });
  if (!conversation) throw new AppError('not_found', 'No conversation with this id.');
  return conversation;
}

/** Reads of one conversation and its messages. */
export function createConversationReads({ db }: { db: Db }) {
  return {
    async getConversation(conversationId: string): Promise<ConversationView> {
      return toConversationView(await findConversationRow(db, conversationId));
    },

    /** Messages newest first, a page at a time; `before` is a message id. */
    async listMessages(conversationId: string, options: { before?: string; limit: number; includePrivate: boolean }) {
      await findConversationRow(db, conversationId);
      return findMessagePage(db, { conversationId, ...(!options.includePrivate && { isPrivate: false }) }, {
        before: options.before,
        limit: options.limit,
        anchorOutside: 'The "before" message is not in this conversation.',
      });
    },

    /** The latest conversation a customer has in an inbox, if any. */
    async findLatestConversation(customerId: string, inboxId: string): Promise<ConversationView | null> {
      const row = await db.conversation.findFirst({ where: { customerId, inboxId }, orderBy: { createdAt: 'desc' } });
      return row ? toConversationView(row) : null;
    },
  };
}
