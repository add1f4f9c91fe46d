import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { AppError } from '../../domain/errors.js';
import { idParams, idSchema, pageLimit } from '../../http/schemas.js';
import type { AccessPolicy, Viewer } from '../access/access.policy.js';
import type { CustomerMerge } from './customer-merge.js';
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

const mergeBody = z.object({ sourceId: idSchema }).strict();
const suggestionParams = z.object({ id: idSchema, suggestionId: idSchema });

export interface CustomersRoutesOptions {
  access: AccessPolicy;
  merge: CustomerMerge;
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
  /** Supervisors and admins merge any two customers; an agent only two they each see a conversation of. */
  const assertMayMerge = async (viewer: Viewer, customerIds: string[]) => {
    if (viewer.role !== 'AGENT') return;
    for (const customerId of customerIds) {
      const { conversations } = await options.conversationsOf(customerId, access.conversationWhere(viewer));
      if (conversations.length === 0) throw new AppError('not_found', 'No customer with this id.');
    }
  };
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
    defineRoute({
      method: 'get',
      path: '/customers/:id/merge-suggestions',
      auth: 'signedIn',
      params: idParams,
      handle: async ({ params }) => ({ suggestions: await customers.listMergeSuggestions(params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/merge-suggestions/:suggestionId/dismiss',
      auth: 'signedIn',
      params: suggestionParams,
      handle: async ({ params }) => {
        await customers.dismissMergeSuggestion(params.id, params.suggestionId);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/merge',
      auth: 'signedIn',
      params: idParams,
      body: mergeBody,
      handle: async ({ params, body, user, viewer }) => {
        await options.merge.assertMergeable(params.id, body.sourceId);
        await assertMayMerge(await viewer(), [params.id, body.sourceId]);
        const merged = await options.merge.mergeCustomers(params.id, body.sourceId, { userId: user.id });
        return { ...merged, customer: await customers.getCustomer(params.id) };
      },
    }),
  ];
}
