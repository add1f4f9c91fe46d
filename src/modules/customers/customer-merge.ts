import type { Customer, Prisma } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { moveCustomerTimeline, recordTimelineEvent } from '../timeline/timeline.service.js';

export interface CustomerMergeDeps {
  db: Db;
  /** The conversations module moves the source's conversations, under ingest's locks, in our transaction. */
  moveConversations: (tx: Prisma.TransactionClient, sourceCustomerId: string, targetCustomerId: string) => Promise<number>;
}

export interface CustomerMergeResult {
  targetId: string;
  sourceId: string;
  movedIdentities: number;
  movedConversations: number;
}

/** Folds one customer into another (two addresses of one person): an agent's decision, never automatic. */
export class CustomerMerge {
  constructor(private readonly deps: CustomerMergeDeps) {}

  /**
   * Moves the source's identities, conversations and timeline to the target, records the merge on
   * the target's timeline and marks the source merged. Both rows are locked first, so two merges of
   * the same pair cannot both pass the checks: the second one sees the source merged (409).
   */
  /** The checks of a merge without taking locks (they run again under locks): to answer 404/409 before the access check. */
  async assertMergeable(targetId: string, sourceId: string): Promise<void> {
    const rows = await this.deps.db.customer.findMany({ where: { id: { in: [targetId, sourceId] } }, select: { id: true, name: true, mergedIntoId: true } });
    mergeablePair(rows, targetId, sourceId);
  }

  async mergeCustomers(targetId: string, sourceId: string, actor: { userId: string }): Promise<CustomerMergeResult> {
    return this.deps.db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<CustomerRow[]>`
        SELECT id, name, "mergedIntoId" FROM "Customer" WHERE id IN (${targetId}::uuid, ${sourceId}::uuid) ORDER BY id FOR UPDATE`;
      const { source } = mergeablePair(locked, targetId, sourceId);

      const movedConversations = await this.deps.moveConversations(tx, sourceId, targetId);
      const identities = await tx.customerIdentity.updateMany({ where: { customerId: sourceId }, data: { customerId: targetId } });
      await moveCustomerTimeline(tx, sourceId, targetId);
      // Customers merged into the source earlier now point at the target: one step always leads to a live one.
      await tx.customer.updateMany({ where: { mergedIntoId: sourceId }, data: { mergedIntoId: targetId } });
      await tx.customer.update({ where: { id: sourceId }, data: { mergedIntoId: targetId } });
      // Suggestions between the two are settled; the source's other suggestions go with it.
      await tx.customerMergeSuggestion.deleteMany({ where: { OR: [{ customerId: sourceId }, { candidateId: sourceId }] } });
      await recordTimelineEvent(tx, {
        customerId: targetId,
        kind: 'customer_merged',
        actorType: 'AGENT',
        actorUserId: actor.userId,
        data: { sourceId, sourceName: source.name, movedIdentities: identities.count, movedConversations },
      });
      return { targetId, sourceId, movedIdentities: identities.count, movedConversations };
    });
  }
}

type CustomerRow = Pick<Customer, 'id' | 'name' | 'mergedIntoId'>;

function mergeablePair(rows: CustomerRow[], targetId: string, sourceId: string): { target: CustomerRow; source: CustomerRow } {
  if (targetId === sourceId) throw new AppError('invalid_input', 'A customer cannot be merged into themselves.');
  const target = rows.find((row) => row.id === targetId);
  const source = rows.find((row) => row.id === sourceId);
  if (!target) throw new AppError('not_found', 'No customer with this id.');
  if (!source) throw new AppError('not_found', 'No customer to merge with this id.');
  if (source.mergedIntoId || target.mergedIntoId) throw new AppError('conflict', 'One of these customers was already merged into another.');
  return { target, source };
}
