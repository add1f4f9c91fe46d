import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../../http/auth.middleware.js';
import { idParams, pageLimit } from '../../http/schemas.js';
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
  /** The customer's conversations for the panel (the conversations module answers). */
  conversationsOf: (customerId: string) => Promise<{ conversations: unknown[]; openTickets: unknown[] }>;
}

/** Routes for signed-in users; the caller mounts them behind requireUser. */
export function customersRoutes(customers: CustomersService, options: CustomersRoutesOptions): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    res.json(await customers.listCustomers(listQuery.parse(req.query)));
  });

  router.get('/customers/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const customer = await customers.getCustomer(id);
    res.json({ customer, ...(await options.conversationsOf(id)) });
  });

  router.patch('/customers/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ customer: await customers.updateCustomer(id, customerChanges.parse(req.body), { userId: currentUser(res).id }) });
  });

  router.get('/customers/:id/timeline', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { before, limit } = timelineQuery.parse(req.query);
    res.json(await customers.getTimeline(id, before, limit));
  });

  return router;
}
