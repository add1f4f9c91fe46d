import type { Customer, Prisma } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { normaliseIdentityValue, type CustomerIdentityInput } from '../../domain/identity.js';
import { isUniqueViolation, type Db } from '../../infra/db.js';
import { olderThan, parseCursor, toPage } from '../../infra/keyset.js';
import { listTimeline } from '../timeline/timeline.service.js';

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

export class CustomersService {
  constructor(private readonly db: Db) {}

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
   * resolveCustomer for many identities at once, in order: one read for the known ones,
   * then the new ones side by side (each safe against a concurrent first contact).
   */
  async resolveCustomers(requests: ResolveCustomerOptions[]): Promise<Customer[]> {
    const keys = requests.map(({ identity }) => ({ kind: identity.kind, value: normaliseIdentityValue(identity.kind, identity.value) }));
    const kinds = [...new Set(keys.map((key) => key.kind))];
    const known = await this.db.customerIdentity.findMany({
      where: { OR: kinds.map((kind) => ({ kind, value: { in: keys.filter((key) => key.kind === kind).map((key) => key.value) } })) },
      include: { customer: true },
    });
    const byKey = new Map<string, Promise<Customer> | Customer>(known.map((identity) => [`${identity.kind}:${identity.value}`, identity.customer]));
    for (const [index, key] of keys.entries()) {
      const id = `${key.kind}:${key.value}`;
      if (!byKey.has(id)) byKey.set(id, this.resolveCustomer(requests[index]!));
    }
    return Promise.all(keys.map((key) => byKey.get(`${key.kind}:${key.value}`)!));
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

  async getCustomer(customerId: string) {
    const customer = await this.db.customer.findUnique({
      where: { id: customerId },
      include: {
        identities: { orderBy: { createdAt: 'asc' } },
        conversations: { orderBy: { lastMessageAt: 'desc' }, take: 50 },
      },
    });
    if (!customer) throw new AppError('not_found', 'No customer with this id.');
    return customer;
  }

  async getTimeline(customerId: string, before: string | undefined, limit: number) {
    await this.getCustomer(customerId);
    return listTimeline(this.db, { customerId, before, limit });
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
