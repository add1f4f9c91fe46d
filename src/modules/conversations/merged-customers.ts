import type { Prisma } from '@prisma/client';

/**
 * A customer of the messages being stored was merged into another between resolving them and
 * taking their locks: the messages are stored again for the customers they were merged into.
 */
export class CustomerMergedMeanwhile extends Error {
  constructor(private readonly into: Map<string, string>) {
    super('A customer was merged while their message was being stored.');
    this.name = 'CustomerMergedMeanwhile';
  }

  /** The customer a message of `customerId` belongs to now. */
  liveCustomerOf(customerId: string): string {
    return this.into.get(customerId) ?? customerId;
  }
}

/**
 * Checked under ingest's (customer, inbox) locks, which a customer merge takes too: a customer
 * still live here stays live until the transaction ends, so no message lands on a merged one.
 */
export async function assertCustomersNotMerged(tx: Prisma.TransactionClient, customerIds: string[]): Promise<void> {
  const merged = await tx.customer.findMany({
    where: { id: { in: [...new Set(customerIds)] }, mergedIntoId: { not: null } },
    select: { id: true, mergedIntoId: true },
  });
  if (merged.length > 0) throw new CustomerMergedMeanwhile(new Map(merged.map((row) => [row.id, row.mergedIntoId!])));
}
