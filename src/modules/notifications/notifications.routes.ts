import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idSchema, pageLimit } from '../../http/schemas.js';
import type { AccessPolicy } from '../access/access.policy.js';
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

/** The signed-in user's own notifications, about work the access policy still lets them see. */
export function notificationsRoutes(notifications: NotificationsService, access: AccessPolicy): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/notifications',
      auth: 'signedIn',
      query: listQuery,
      handle: async ({ query: { unread, cursor, limit }, user, viewer }) => {
        const reader = await viewer();
        return notifications.list(user.id, { unreadOnly: unread === 'true', cursor, limit }, (ids) => access.hiddenConversationIds(reader, ids));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/read',
      auth: 'signedIn',
      body: markReadBody,
      output: z.object({ unreadCount: z.number().int() }),
      handle: async ({ body, user, viewer }) => {
        const reader = await viewer();
        return { unreadCount: await notifications.markRead(user.id, body, (ids) => access.hiddenConversationIds(reader, ids)) };
      },
    }),
  ];
}
