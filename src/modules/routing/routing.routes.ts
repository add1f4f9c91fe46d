import { Router } from 'express';
import { AppError } from '../../domain/errors.js';
import { currentUser, requireUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import type { AuthenticatedUser, AuthService } from '../auth/auth.service.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { assigneeBody, presenceBody, transferBody } from './routing.schemas.js';
import type { RoutingService } from './routing.service.js';

/** Presence, assignment, transfer and queues. Mounted behind requireUser. */
export function routingRoutes(auth: AuthService, routing: RoutingService, conversations: ConversationsService): Router {
  const router = Router();
  const supervisorsOnly = requireUser(auth, 'ADMIN', 'SUPERVISOR');

  router.get('/presence', async (_req, res) => {
    res.json({ presence: await routing.getPresence(currentUser(res).id) });
  });

  router.post('/presence', async (req, res) => {
    const { status } = presenceBody.parse(req.body);
    res.json({ presence: await routing.setPresence(currentUser(res).id, status) });
  });

  router.post('/presence/heartbeat', async (_req, res) => {
    const alive = await routing.heartbeat(currentUser(res).id);
    if (!alive) throw new AppError('conflict', 'You are offline; set your presence again.');
    res.status(204).end();
  });

  router.post('/conversations/:id/assignee', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { assigneeId } = assigneeBody.parse(req.body);
    const user = currentUser(res);
    refuseAgentAssigningOthers(user, await conversations.getConversation(id), assigneeId);
    res.json({ conversation: await routing.assignManually(id, assigneeId, { userId: user.id }) });
  });

  router.post('/conversations/:id/transfer', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const body = transferBody.parse(req.body);
    const user = currentUser(res);
    const conversation = await conversations.getConversation(id);
    if (user.role === 'AGENT' && conversation.assigneeId !== user.id) {
      throw new AppError('forbidden', 'Agents can transfer only conversations assigned to them.');
    }
    res.json({ conversation: await routing.transfer({ ...body, conversationId: id, actor: { userId: user.id } }) });
  });

  router.post('/conversations/:id/requeue', supervisorsOnly, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ conversation: await routing.requeue(id, { userId: currentUser(res).id }) });
  });

  router.get('/conversations/:id/queue-position', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const position = await routing.positionOf(await conversations.getConversation(id));
    res.json({ waiting: position !== null, ...(position && { position: position.position, estimatedWaitSeconds: position.estimatedWaitSeconds }) });
  });

  router.get('/queues', supervisorsOnly, async (_req, res) => {
    res.json({ items: await routing.allQueueStats() });
  });

  return router;
}

/** Agents take unassigned work or hand back their own; supervisors and admins assign anyone. */
function refuseAgentAssigningOthers(user: AuthenticatedUser, conversation: ConversationView, assigneeId: string | null): void {
  if (user.role !== 'AGENT') return;
  const takesIt = assigneeId === user.id && conversation.assigneeId === null;
  const handsBackOwn = assigneeId === null && conversation.assigneeId === user.id;
  if (!takesIt && !handsBackOwn && conversation.assigneeId !== assigneeId) {
    throw new AppError('forbidden', 'Agents can assign unassigned conversations to themselves or hand back their own.');
  }
}
