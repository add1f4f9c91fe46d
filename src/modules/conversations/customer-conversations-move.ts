import type { Prisma } from '@prisma/client';

/**
 * Gives all conversations of one customer to another (the conversations half of a customer
 * merge; their timeline entries move with the customer's), inside the caller's transaction.
 *
 * Takes ingest's (customer, inbox) advisory locks for both customers in every inbox, in one
 * sorted order, so no message can open or land on a conversation of either while they move,
 * and ingest (which takes the same locks before rows) cannot deadlock with us.
 */
export async function moveCustomerConversations(tx: Prisma.TransactionClient, sourceCustomerId: string, targetCustomerId: string): Promise<number> {
  const inboxes = await tx.inbox.findMany({ select: { id: true } });
  const keys = [sourceCustomerId, targetCustomerId].flatMap((customerId) => inboxes.map((inbox) => `${customerId}|${inbox.id}`)).sort();
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtext(split_part(key, '|', 1)), hashtext(split_part(key, '|', 2)))
    FROM unnest(${keys}::text[]) WITH ORDINALITY AS locks(key, position) ORDER BY position`;
  const moved = await tx.conversation.updateMany({ where: { customerId: sourceCustomerId }, data: { customerId: targetCustomerId } });
  return moved.count;
}
