import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams, pageLimit } from '../../http/schemas.js';
import type { AccessPolicy } from '../access/access.policy.js';
import { MAX_CUSTOM_ATTRIBUTES, type CustomersService } from './customers.service.js';

const listQuery = z.object({
  search: z.string().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit(25),
});
const timelineQuery = z.object({ before: z.string().max(200).optional(), limit: pageLimit(50) });
const customerChanges = z
  .object({
    name: z.string().trim().max(200).optional(),
    company: z.string().trim().max(200).optional(),
    tier: z.enum(['STANDARD', 'SILVER', 'GOLD', 'PLATINUM']).optional(),
    attributes: z
      .record(
        z.string().min(1).max(50, 'An attribute name can have at most 50 characters.'),
        z.union([z.string().max(500, 'An attribute value can have at most 500 characters.'), z.number(), z.boolean(), z.null()]),
      )
      .refine((attributes) => Object.keys(attributes).length <= MAX_CUSTOM_ATTRIBUTES, `At most ${MAX_CUSTOM_ATTRIBUTES} attributes.`)
      .optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'Send at least one of name, company, tier, attributes.');

export interface CustomersRoutesOptions {
  access: AccessPolicy;
  /** The customer's conversations the reader may see, for the panel (the conversations module answers). */
  conversationsOf: (
    customerId: string,
    visible: Prisma.ConversationWhereInput,
  ) => Promise<{ conversations: unknown[]; openTickets: unknown[] }>;
}

/**
 * The customer record (name, identities, tier, attributes) is shared company-wide; their
 * conversations and timeline show only what the access policy lets the reader see.
 */
export function customersRoutes(customers: CustomersService, options: CustomersRoutesOptions): RouteDefinition[] {
  const { access } = options;
  return [
    defineRoute({
      method: 'get',
      path: '/customers',
      auth: 'signedIn',
      query: listQuery,
      handle: ({ query }) => customers.listCustomers(query),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/:id',
      auth: 'signedIn',
      params: idParams,
      handle: async ({ params: { id }, viewer }) => {
        const customer = await customers.getCustomer(id);
        return { customer, ...(await options.conversationsOf(id, access.conversationWhere(await viewer()))) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/customers/:id',
      auth: 'signedIn',
      params: idParams,
      body: customerChanges,
      handle: async ({ params, body, user }) => ({ customer: await customers.updateCustomer(params.id, body, { userId: user.id }) }),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/:id/timeline',
      auth: 'signedIn',
      params: idParams,
      query: timelineQuery,
      handle: async ({ params, query, viewer }) =>
        customers.getTimeline(params.id, { ...query, visibleConversations: access.conversationWhere(await viewer()) }),
    }),
  ];
}
