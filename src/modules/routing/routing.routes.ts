import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import { conversation } from '../access/access.policy.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { assigneeBody, presenceBody, transferBody } from './routing.schemas.js';
import type { RoutingService } from './routing.service.js';

const supervisors = ['ADMIN', 'SUPERVISOR'] as const;
const ofConversation = ({ params }: { params: { id: string } }) => [conversation(params.id)];

/** Presence (the caller's own, names no conversation), assignment, transfer and queues. */
export function routingRoutes(routing: RoutingService, conversations: ConversationsService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/presence',
      auth: 'signedIn',
      handle: async ({ user }) => ({ presence: await routing.getPresence(user.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/presence',
      auth: 'signedIn',
      body: presenceBody,
      handle: async ({ body, user }) => ({ presence: await routing.setPresence(user.id, body.status) }),
    }),
    defineRoute({
      method: 'post',
      path: '/presence/heartbeat',
      auth: 'signedIn',
      handle: async ({ user }) => {
        const alive = await routing.heartbeat(user.id);
        if (!alive) throw new AppError('conflict', 'You are offline; set your presence again.');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/assignee',
      auth: 'signedIn',
      params: idParams,
      body: assigneeBody,
      access: ofConversation,
      handle: async ({ params: { id }, body: { assigneeId }, user }) => {
        refuseAgentAssigningOthers(user, await conversations.getConversation(id), assigneeId);
        return { conversation: await routing.assignManually(id, assigneeId, { userId: user.id }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/transfer',
      auth: 'signedIn',
      params: idParams,
      body: transferBody,
      access: ofConversation,
      handle: async ({ params: { id }, body, user }) => {
        const found = await conversations.getConversation(id);
        if (user.role === 'AGENT' && found.assigneeId !== user.id) {
          throw new AppError('forbidden', 'Agents can transfer only conversations assigned to them.');
        }
        return { conversation: await routing.transfer({ ...body, conversationId: id, actor: { userId: user.id } }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/requeue',
      auth: supervisors,
      params: idParams,
      handle: async ({ params, user }) => ({ conversation: await routing.requeue(params.id, { userId: user.id }) }),
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:id/queue-position',
      auth: 'signedIn',
      params: idParams,
      output: z.object({ waiting: z.boolean(), position: z.number().int().optional(), estimatedWaitSeconds: z.number().optional() }),
      access: ofConversation,
      handle: async ({ params }) => {
        const position = await routing.positionOf(await conversations.getConversation(params.id));
        return {
          waiting: position !== null,
          ...(position && { position: position.position, estimatedWaitSeconds: position.estimatedWaitSeconds }),
        };
      },
    }),
    defineRoute({ method: 'get', path: '/queues', auth: supervisors, handle: async () => ({ items: await routing.allQueueStats() }) }),
  ];
}

/** Agents take unassigned work or hand back their own; supervisors and admins assign anyone. */
function refuseAgentAssigningOthers(user: AuthenticatedUser, current: ConversationView, assigneeId: string | null): void {
  if (user.role !== 'AGENT') return;
  const takesIt = assigneeId === user.id && current.assigneeId === null;
  const handsBackOwn = assigneeId === null && current.assigneeId === user.id;
  if (!takesIt && !handsBackOwn && current.assigneeId !== assigneeId) {
    throw new AppError('forbidden', 'Agents can assign unassigned conversations to themselves or hand back their own.');
  }
}
