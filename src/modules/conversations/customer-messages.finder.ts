import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { olderThan } from '../../infra/keyset.js';
import { messageViewInclude, toMessageView } from './conversation.views.js';

export interface FindCustomerMessagesOptions {
  customerId: string;
  inboxId: string;
  /** A message id: the page ends just before it. */
  before?: string;
  limit: number;
}

/**
 * What a customer sees of their chats in one inbox: the messages of all their
 * conversations there, private notes never, a page at a time (oldest first in the page).
 */
export async function findCustomerMessages(db: Db, options: FindCustomerMessagesOptions) {
  const scope = { inboxId: options.inboxId, isPrivate: false, conversation: { customerId: options.customerId } };
  const anchor = options.before ? await db.message.findFirst({ where: { ...scope, id: options.before } }) : undefined;
  // Only the customer's own messages can anchor a page: others' ids must reveal nothing.
  if (options.before && !anchor) throw new AppError('invalid_input', 'The "before" message is not in this chat.');
  const rows = await db.message.findMany({
    where: { ...scope, ...olderThan('createdAt', anchor ? { at: anchor.createdAt, id: anchor.id } : undefined) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    include: messageViewInclude,
  });
  return {
    items: rows.slice(0, options.limit).map(toMessageView).reverse(),
    hasOlder: rows.length > options.limit,
  };
}
