import type { Conversation } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { olderThan } from '../../infra/keyset.js';
import { messageViewInclude, toConversationView, toMessageView, type ConversationView } from './conversation.views.js';

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
      const anchor = options.before ? await db.message.findFirst({ where: { id: options.before, conversationId } }) : undefined;
      if (options.before && !anchor) throw new AppError('invalid_input', 'The "before" message is not in this conversation.');
      const rows = await db.message.findMany({
        where: {
          conversationId,
          ...(!options.includePrivate && { isPrivate: false }),
          ...olderThan('createdAt', anchor ? { at: anchor.createdAt, id: anchor.id } : undefined),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: options.limit + 1,
        include: messageViewInclude,
      });
      return {
        items: rows.slice(0, options.limit).map(toMessageView).reverse(),
        hasOlder: rows.length > options.limit,
      };
    },

    /** The latest conversation a customer has in an inbox, if any. */
    async findLatestConversation(customerId: string, inboxId: string): Promise<ConversationView | null> {
      const row = await db.conversation.findFirst({ where: { customerId, inboxId }, orderBy: { createdAt: 'desc' } });
      return row ? toConversationView(row) : null;
    },
  };
}
