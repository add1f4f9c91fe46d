import { randomUUID } from 'node:crypto';
import type { Customer, CustomerTier, Prisma } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { normaliseIdentityValue, type CustomerIdentityInput } from '../../domain/identity.js';
import { isUniqueViolation, type Db } from '../../infra/db.js';
import { olderThan, parseCursor, toPage } from '../../infra/keyset.js';
import { listTimeline, recordTimelineEvent, type ListTimelineOptions } from '../timeline/timeline.service.js';
import type { VisitDetails } from '../../contracts/widget.views.js';
import { MergeSuggestions, type MergeSuggestionReason, type MergeSuggestionView } from './merge-suggestions.js';

/** Custom attribute values; null in a change deletes the key. */
export type CustomAttributes = Record<string, string | number | boolean | null>;

export interface CustomerChanges {
  name?: string;
  company?: string;
  tier?: CustomerTier;
  /** Merged over attributes.custom. */
  attributes?: CustomAttributes;
}

/** More custom attributes than this on one customer is refused. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

export interface ResolveCustomerOptions {
  identity: CustomerIdentityInput;
  /** Shown name when the customer is new; never overwrites a known customer's name. */
  name?: string;
}

export interface ListCustomersOptions {
  search?: string;
  cursor?: string;
  limit: number;
}

/** What a customer said about themselves (a form, a website's unverified user data). */
export interface CustomerProfile {
  name?: string;
  /** Kept as a contact detail, never as an identity: unproven, it must not merge customers. */
  email?: string;
  /** Custom attributes a website attaches (plan, order number...), merged over earlier ones. */
  attributes?: Record<string, string | number | boolean | null>;
  /** What the widget knows of the visit (page, referrer, language, time zone, city the website passed). */
  visit?: VisitDetails;
}


export class CustomersService {
  private readonly suggestions: MergeSuggestions;

  constructor(private readonly db: Db) {
    this.suggestions = new MergeSuggestions(db);
  }

  /** "Maybe the same person" (a channel noticed it); an agent decides in the console. Never merges. */
  suggestMerge(customerId: string, candidateId: string, reason: MergeSuggestionReason): Promise<void> {
    return this.suggestions.suggest(customerId, candidateId, reason);
  }

  listMergeSuggestions(customerId: string): Promise<MergeSuggestionView[]> {
    return this.suggestions.listFor(customerId);
  }

  dismissMergeSuggestion(customerId: string, suggestionId: string): Promise<void> {
    return this.suggestions.dismiss(customerId, suggestionId);
  }

  /** Records profile details on the customer: a given name replaces the old one, attributes merge. */
  async updateProfile(customerId: string, profile: CustomerProfile): Promise<Customer> {
    const customer = await this.db.customer.findUnique({ where: { id: customerId } });
    if (!customer) throw new AppError('not_found', 'No customer with this id.');
    const current = (customer.attributes ?? {}) as Prisma.JsonObject;
    const attributes: Prisma.InputJsonObject = {
      ...current,
      ...(profile.email && { email: profile.email.trim().toLowerCase() }),
      ...(profile.attributes && { custom: { ...((current.custom as Prisma.JsonObject | undefined) ?? {}), ...profile.attributes } }),
      ...(profile.visit && { visit: latestVisit(current.visit as Prisma.JsonObject | undefined, profile.visit) }),
    };
    return this.db.customer.update({
      where: { id: customerId },
      data: { attributes, ...(profile.name?.trim() && { name: profile.name.trim() }) },
    });
  }

  /** The customer behind an identity, created on first contact. Safe under concurrent first contacts. */
  async resolveCustomer({ identity, name }: ResolveCustomerOptions): Promise<Customer> {
    const key = { kind: identity.kind, value: normaliseIdentityValue(identity.kind, identity.value) };
    const known = await this.findByIdentity(key);
    if (known) return known;
    try {
      return await this.db.customer.create({
        data: { name: name?.trim() ?? '', identities: { create: { ...key, verified: identity.verified ?? false } } },
      });
    } catch (error) {
      // Another request created the same identity between our read and our insert.
      if (!isUniqueViolation(error)) throw error;
      const created = await this.findByIdentity(key);
      if (!created) throw error;
      return created;
    }
  }

  /**
   * resolveCustomer for many identities at once, in order: one read for the known ones and
   * one transaction creating the new ones. An identity another request created meanwhile
   * wins, as in resolveCustomer: the customer row made for it here is removed again.
   */
  async resolveCustomers(requests: ResolveCustomerOptions[]): Promise<Customer[]> {
    const keyOf = (kind: string, value: string) => `${kind}:${value}`;
    const keys = requests.map(({ identity }) => ({ kind: identity.kind, value: normaliseIdentityValue(identity.kind, identity.value) }));
    const byKey = await this.findByIdentities(keys);
    const missing = new Map<string, ResolveCustomerOptions & { key: (typeof keys)[number] }>();
    keys.forEach((key, index) => {
      if (!byKey.has(keyOf(key.kind, key.value))) missing.set(keyOf(key.kind, key.value), { ...requests[index]!, key });
    });
    if (missing.size > 0) {
      const created = await this.db.$transaction(async (tx) => {
        // Inserted in key order, so two batches wanting the same identities never wait on each other in a cycle.
        const newcomers = [...missing.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([, request]) => ({ ...request, customerId: randomUUID() }));
        await tx.customer.createMany({ data: newcomers.map(({ customerId, name }) => ({ id: customerId, name: name?.trim() ?? '' })) });
        await tx.customerIdentity.createMany({
          data: newcomers.map(({ customerId, key, identity }) => ({ customerId, ...key, verified: identity.verified ?? false })),
          skipDuplicates: true,
        });
        const winners = await this.findByIdentities(newcomers.map(({ key }) => key), tx);
        const spare = newcomers.filter(({ key, customerId }) => winners.get(keyOf(key.kind, key.value))?.id !== customerId);
        if (spare.length > 0) await tx.customer.deleteMany({ where: { id: { in: spare.map(({ customerId }) => customerId) } } });
        return winners;
      });
      for (const [key, customer] of created) byKey.set(key, customer);
    }
    return keys.map((key) => byKey.get(keyOf(key.kind, key.value))!);
  }

  private async findByIdentities(keys: { kind: CustomerIdentityInput['kind']; value: string }[], db: Db | Prisma.TransactionClient = this.db) {
    const kinds = [...new Set(keys.map((key) => key.kind))];
    const identities = await db.customerIdentity.findMany({
      where: { OR: kinds.map((kind) => ({ kind, value: { in: keys.filter((key) => key.kind === kind).map((key) => key.value) } })) },
      include: { customer: true },
    });
    return new Map(identities.map((identity) => [`${identity.kind}:${identity.value}`, identity.customer]));
  }

  async listCustomers({ search, cursor, limit }: ListCustomersOptions) {
    const term = search?.trim();
    const where: Prisma.CustomerWhereInput = {
      ...olderThan('createdAt', parseCursor(cursor)),
      ...(term && {
        AND: [
          {
            OR: [
              { name: { contains: term, mode: 'insensitive' } },
              { company: { contains: term, mode: 'insensitive' } },
              { identities: { some: { value: { contains: term.toLowerCase() } } } },
            ],
          },
        ],
      }),
    };
    const rows = await this.db.customer.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      include: { identities: true },
    });
    return toPage(rows, limit, (row) => row.createdAt);
  }

  /** The customer's routing priority boost (higher = sooner). */
  async priorityOf(customerId: string): Promise<number> {
    const customer = await this.db.customer.findUnique({ where: { id: customerId }, select: { priority: true } });
    if (!customer) throw new AppError('not_found', 'No customer with this id.');
    return customer.priority;
  }

  /** The customer panel's view; their conversations come from the conversations module. */
  async getCustomer(customerId: string) {
    const customer = await this.db.customer.findUnique({
      where: { id: customerId },
      include: { identities: { orderBy: { createdAt: 'asc' }, select: { kind: true, value: true, verified: true } } },
    });
    if (!customer) throw new AppError('not_found', 'No customer with this id.');
    const { id, name, company, tier, priority, attributes, identities, mergedIntoId, createdAt } = customer;
    return { id, name, company, tier, priority, attributes, identities, mergedIntoId, createdAt: createdAt.toISOString() };
  }

  /** An agent edits the customer panel; custom attributes merge (null deletes), the change goes on the timeline. */
  async updateCustomer(customerId: string, changes: CustomerChanges, actor: { userId: string }) {
    await this.db.$transaction(async (tx) => {
      const [customer] = await tx.$queryRaw<Customer[]>`SELECT * FROM "Customer" WHERE id = ${customerId}::uuid FOR UPDATE`;
      if (!customer) throw new AppError('not_found', 'No customer with this id.');
      const { attributes: customChanges, ...fields } = changes;
      const attributes = (customer.attributes ?? {}) as Prisma.JsonObject;
      const custom = { ...((attributes.custom as Prisma.JsonObject | undefined) ?? {}) };
      for (const [key, value] of Object.entries(customChanges ?? {})) {
        if (value === null) delete custom[key];
        else custom[key] = value;
      }
      if (Object.keys(custom).length > MAX_CUSTOM_ATTRIBUTES) {
        throw new AppError('invalid_input', `A customer can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
      }
      await tx.customer.update({
        where: { id: customerId },
        data: { ...fields, ...(customChanges && { attributes: { ...attributes, custom } as Prisma.InputJsonObject }) },
      });
      await recordTimelineEvent(tx, {
        customerId,
        kind: 'customer_updated',
        actorType: 'AGENT',
        actorUserId: actor.userId,
        data: { ...fields, ...(customChanges && { attributes: customChanges }) },
      });
    });
    return this.getCustomer(customerId);
  }

  /** The customer's timeline as this reader may see it (`visibleConversations` from the access policy). */
  async getTimeline(customerId: string, options: Omit<ListTimelineOptions, 'customerId'>) {
    await this.getCustomer(customerId);
    return listTimeline(this.db, { customerId, ...options });
  }

  findCustomerByIdentity(identity: CustomerIdentityInput): Promise<Customer | null> {
    return this.findByIdentity({ kind: identity.kind, value: normaliseIdentityValue(identity.kind, identity.value) });
  }

  private async findByIdentity(key: { kind: CustomerIdentityInput['kind']; value: string }) {
    const identity = await this.db.customerIdentity.findUnique({
      where: { kind_value: key },
      include: { customer: true },
    });
    return identity?.customer ?? null;
  }
}

/** The latest page and browser details over the earlier ones; first seen stays the first. */
function latestVisit(earlier: Prisma.JsonObject | undefined, visit: VisitDetails): Prisma.InputJsonObject {
  const now = new Date().toISOString();
  return { ...earlier, ...visit, firstSeenAt: (earlier?.firstSeenAt as string | undefined) ?? now, lastSeenAt: now };
}
