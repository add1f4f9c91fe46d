import { Router } from 'express';
import { z } from 'zod';
import { idParams, pageLimit } from '../../http/schemas.js';
import type { CustomersService } from './customers.service.js';

const listQuery = z.object({
  search: z.string().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit(25),
});
const timelineQuery = z.object({ before: z.string().max(200).optional(), limit: pageLimit(50) });

/** Routes for signed-in users; the caller mounts them behind requireUser. */
export function customersRoutes(customers: CustomersService): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    res.json(await customers.listCustomers(listQuery.parse(req.query)));
  });

  router.get('/customers/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ customer: await customers.getCustomer(id) });
  });

  router.get('/customers/:id/timeline', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { before, limit } = timelineQuery.parse(req.query);
    res.json(await customers.getTimeline(id, before, limit));
  });

  return router;
}
