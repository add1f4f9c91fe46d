import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../../http/auth.middleware.js';
import { idParams, idSchema } from '../../http/schemas.js';
import type { AuthService } from '../auth/auth.service.js';
import type { ConversationLabels } from '../conversations/conversation-labels.js';
import type { LabelsService } from './labels.service.js';

const labelBody = z.object({
  name: z.string().trim().min(1, 'A label needs a name.').max(50, 'A label name can have at most 50 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #rrggbb.').transform((color) => color.toLowerCase()),
  description: z.string().trim().max(500).default(''),
});
const labelChanges = labelBody.partial().refine((changes) => Object.keys(changes).length > 0, 'Send at least one of name, color, description.');
const conversationLabelsBody = z.object({ labelIds: z.array(idSchema).max(50, 'A conversation can have at most 50 labels.') });

/** Everyone signed in reads labels and labels conversations; admins keep the catalogue. Mounted behind requireUser. */
export function labelsRoutes(auth: AuthService, labels: LabelsService, conversationLabels: ConversationLabels): Router {
  const router = Router();
  const adminsOnly = requireUser(auth, 'ADMIN');

  router.get('/labels', async (_req, res) => {
    res.json({ items: await labels.list() });
  });
  router.post('/labels', adminsOnly, async (req, res) => {
    res.status(201).json({ label: await labels.create(labelBody.parse(req.body)) });
  });
  router.patch('/labels/:id', adminsOnly, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ label: await labels.update(id, labelChanges.parse(req.body)) });
  });
  router.delete('/labels/:id', adminsOnly, async (req, res) => {
    const { id } = idParams.parse(req.params);
    await labels.delete(id);
    res.status(204).end();
  });

  router.post('/conversations/:id/labels', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { labelIds } = conversationLabelsBody.parse(req.body);
    res.json({ conversation: await conversationLabels.set(id, labelIds, { userId: currentUser(res).id }) });
  });

  return router;
}
