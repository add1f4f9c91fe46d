import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams, idSchema } from '../../http/schemas.js';
import { conversation } from '../access/access.policy.js';
import type { ConversationLabels } from '../conversations/conversation-labels.js';
import type { LabelsService } from './labels.service.js';

const labelBody = z.object({
  name: z.string().trim().min(1, 'A label needs a name.').max(50, 'A label name can have at most 50 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #rrggbb.').transform((color) => color.toLowerCase()),
  description: z.string().trim().max(500).default(''),
});
const labelChanges = labelBody.partial().refine((changes) => Object.keys(changes).length > 0, 'Send at least one of name, color, description.');
const conversationLabelsBody = z.object({ labelIds: z.array(idSchema).max(50, 'A conversation can have at most 50 labels.') });
const admins = ['ADMIN'] as const;

/** Everyone signed in reads labels and labels the conversations they may see; admins keep the catalogue. */
export function labelsRoutes(labels: LabelsService, conversationLabels: ConversationLabels): RouteDefinition[] {
  return [
    defineRoute({ method: 'get', path: '/labels', auth: 'signedIn', handle: async () => ({ items: await labels.list() }) }),
    defineRoute({
      method: 'post',
      path: '/labels',
      auth: admins,
      body: labelBody,
      status: 201,
      handle: async ({ body }) => ({ label: await labels.create(body) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/labels/:id',
      auth: admins,
      params: idParams,
      body: labelChanges,
      handle: async ({ params, body }) => ({ label: await labels.update(params.id, body) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/labels/:id',
      auth: admins,
      params: idParams,
      handle: async ({ params }) => {
        await labels.delete(params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/labels',
      auth: 'signedIn',
      params: idParams,
      body: conversationLabelsBody,
      access: ({ params }) => [conversation(params.id)],
      handle: async ({ params, body, user }) => ({
        conversation: await conversationLabels.set(params.id, body.labelIds, { userId: user.id }),
      }),
    }),
  ];
}
