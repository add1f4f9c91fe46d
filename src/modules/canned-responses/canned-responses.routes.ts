import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
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
const editors = ['ADMIN', 'SUPERVISOR'] as const;

/** Everyone signed in uses them; supervisors and admins write them. */
export function cannedResponsesRoutes(canned: CannedResponsesService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/canned-responses',
      auth: 'signedIn',
      query: searchQuery,
      handle: async ({ query }) => ({ items: await canned.search(query.q) }),
    }),
    defineRoute({
      method: 'post',
      path: '/canned-responses',
      auth: editors,
      body: cannedBody,
      status: 201,
      handle: async ({ body, user }) => ({ cannedResponse: await canned.create(body, user.id) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/canned-responses/:id',
      auth: editors,
      params: idParams,
      body: cannedChanges,
      handle: async ({ params, body }) => ({ cannedResponse: await canned.update(params.id, body) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/canned-responses/:id',
      auth: editors,
      params: idParams,
      handle: async ({ params }) => {
        await canned.delete(params.id);
      },
    }),
  ];
}
