import { Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../../http/auth.middleware.js';
import { idSchema, pageLimit } from '../../http/schemas.js';
import type { NotificationsService } from './notifications.service.js';

const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit(25),
});

const markReadBody = z.union(
  [z.object({ ids: z.array(idSchema).min(1).max(100) }).strict(), z.object({ all: z.literal(true) }).strict()],
  { error: 'Send {"ids": [notification ids]} or {"all": true}.' },
);

/** The signed-in user's own notifications; the caller mounts these behind requireUser. */
export function notificationsRoutes(notifications: NotificationsService): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const { unread, cursor, limit } = listQuery.parse(req.query);
    res.json(await notifications.list(currentUser(res).id, { unreadOnly: unread === 'true', cursor, limit }));
  });

  router.post('/notifications/read', async (req, res) => {
    res.json({ unreadCount: await notifications.markRead(currentUser(res).id, markReadBody.parse(req.body)) });
  });

  return router;
}
