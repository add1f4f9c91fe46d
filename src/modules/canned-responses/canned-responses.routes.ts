import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import type { AuthService } from '../auth/auth.service.js';
import type { CannedResponsesService } from './canned-responses.service.js';

const cannedBody = z.object({
  shortCode: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, 'A short code is 1 to 40 lower-case letters, digits, - or _.'),
  title: z.string().trim().min(1, 'A canned response needs a title.').max(200),
  content: z.string().trim().min(1, 'A canned response needs some text.').max(5000, 'A canned response can have at most 5000 characters.'),
});
const cannedChanges = cannedBody.partial().refine((changes) => Object.keys(changes).length > 0, 'Send at least one of shortCode, title, content.');
const searchQuery = z.object({ q: z.string().trim().max(200).optional() });

/** Everyone signed in uses them; supervisors and admins write them. Mounted behind requireUser. */
export function cannedResponsesRoutes(auth: AuthService, canned: CannedResponsesService): Router {
  const router = Router();
  const editors = requireUser(auth, 'ADMIN', 'SUPERVISOR');

  router.get('/canned-responses', async (req, res) => {
    res.json({ items: await canned.search(searchQuery.parse(req.query).q) });
  });
  router.post('/canned-responses', editors, async (req, res) => {
    res.status(201).json({ cannedResponse: await canned.create(cannedBody.parse(req.body), currentUser(res).id) });
  });
  router.patch('/canned-responses/:id', editors, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ cannedResponse: await canned.update(id, cannedChanges.parse(req.body)) });
  });
  router.delete('/canned-responses/:id', editors, async (req, res) => {
    const { id } = idParams.parse(req.params);
    await canned.delete(id);
    res.status(204).end();
  });

  return router;
}
