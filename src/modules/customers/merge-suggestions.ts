import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';

/** Why two customers may be one person. */
export type MergeSuggestionReason = 'thread-reply' | 'same-name';

export interface MergeSuggestionView {
  id: string;
  reason: MergeSuggestionReason;
  createdAt: string;
  /** The other customer of the pair, as the panel shows them. */
  customer: { id: string; name: string; emails: string[] };
}

/**
 * "Maybe the same person" pairs, owned by the customers module. A pair is suggested once in
 * either order; a dismissed pair is never suggested again; nothing is ever merged from here.
 */
export class MergeSuggestions {
  constructor(private readonly db: Db) {}

  async suggest(customerId: string, candidateId: string, reason: MergeSuggestionReason): Promise<void> {
    if (customerId === candidateId) return;
    const [live, known] = await Promise.all([
      this.db.customer.count({ where: { id: { in: [customerId, candidateId] }, mergedIntoId: null } }),
      this.db.customerMergeSuggestion.count({ where: { customerId: candidateId, candidateId: customerId } }),
    ]);
    if (live < 2 || known > 0) return;
    // A concurrent suggestion of the same pair (or one dismissed before) wins: nothing to add.
    await this.db.customerMergeSuggestion.createMany({ data: [{ customerId, candidateId, reason }], skipDuplicates: true });
  }

  /** The customer's open suggestions, with the other customer of each pair (merged ones left out). */
  async listFor(customerId: string): Promise<MergeSuggestionView[]> {
    const customer = await this.db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!customer) throw new AppError('not_found', 'No customer with this id.');
    const other = { select: { id: true, name: true, mergedIntoId: true, identities: { where: { kind: 'EMAIL' as const }, select: { value: true } } } };
    const rows = await this.db.customerMergeSuggestion.findMany({
      where: { dismissedAt: null, OR: [{ customerId }, { candidateId: customerId }] },
      orderBy: { createdAt: 'desc' },
      include: { customer: other, candidate: other },
    });
    return rows.flatMap((row) => {
      const pair = row.customerId === customerId ? row.candidate : row.customer;
      if (pair.mergedIntoId) return [];
      return [
        {
          id: row.id,
          reason: row.reason as MergeSuggestionReason,
          createdAt: row.createdAt.toISOString(),
          customer: { id: pair.id, name: pair.name, emails: pair.identities.map((identity) => identity.value) },
        },
      ];
    });
  }

  /** An agent said "not the same person": the pair is never suggested again. */
  async dismiss(customerId: string, suggestionId: string): Promise<void> {
    const dismissed = await this.db.customerMergeSuggestion.updateMany({
      where: { id: suggestionId, OR: [{ customerId }, { candidateId: customerId }] },
      data: { dismissedAt: new Date() },
    });
    if (dismissed.count === 0) throw new AppError('not_found', 'No merge suggestion with this id for this customer.');
  }
}
