import type { Db } from '../../infra/db.js';
import { findMessagePage } from './message-page.js';

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
  // Only the customer's own messages can anchor a page: others' ids must reveal nothing.
  return findMessagePage(db, scope, { before: options.before, limit: options.limit, anchorOutside: 'The "before" message is not in this chat.' });
}
