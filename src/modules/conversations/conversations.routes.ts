import { Router } from 'express';
import { currentUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import type { Db } from '../../infra/db.js';
import { findConversations } from './conversation.finder.js';
import {
  agentMessageBody,
  listConversationsQuery,
  listMessagesQuery,
  mergeBody,
  priorityBody,
  statusBody,
  teamBody,
} from './conversations.schemas.js';
import type { ConversationMerge } from './conversation-merge.js';
import type { ConversationsService, RedeemUploads } from './conversations.service.js';
import type { ReadState } from './read-state.js';

export interface ConversationsRoutesOptions {
  messageMaxChars: number;
  /** The teams a user belongs to (the admin module knows), for the list's tabs. */
  teamIdsOf: (userId: string) => Promise<string[]>;
  reads: ReadState;
  labelIdsOf: (conversationId: string) => Promise<string[]>;
  merges: ConversationMerge;
  /** The files behind an agent's upload tokens (the attachments module checks they are theirs). */
  redeemUploads: RedeemUploads;
}

/** Routes for signed-in users; the caller mounts them behind requireUser. */
export function conversationsRoutes(db: Db, conversations: ConversationsService, options: ConversationsRoutesOptions): Router {
  const router = Router();
  const messageBody = agentMessageBody(options.messageMaxChars);

  router.get('/conversations', async (req, res) => {
    const query = listConversationsQuery.parse(req.query);
    const { id, role } = currentUser(res);
    res.json(await findConversations(db, { ...query, viewer: { id, role, teamIds: await options.teamIdsOf(id) } }));
  });

  router.get('/conversations/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const conversation = await conversations.getConversation(id);
    const messages = await conversations.listMessages(id, { limit: 50, includePrivate: true });
    res.json({ conversation: { ...conversation, labelIds: await options.labelIdsOf(id) }, messages });
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const query = listMessagesQuery.parse(req.query);
    res.json(await conversations.listMessages(id, { ...query, includePrivate: true }));
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { uploads, ...body } = messageBody.parse(req.body);
    const agentId = currentUser(res).id;
    const attachments = await options.redeemUploads(agentId, uploads, body.clientMessageId);
    const result = await conversations.postAgentMessage({ ...body, conversationId: id, agentId, attachments });
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  router.post('/conversations/:id/read', async (req, res) => {
    const { id } = idParams.parse(req.params);
    await options.reads.markRead(currentUser(res).id, id);
    res.json({ ok: true });
  });

  router.post('/conversations/:id/merge', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { sourceId } = mergeBody.parse(req.body);
    res.json(await options.merges.merge(id, sourceId, actorOf(res)));
  });

  router.post('/conversations/:id/status', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { status, snoozedUntil } = statusBody.parse(req.body);
    res.json({ conversation: await conversations.changeStatus(id, status, actorOf(res), snoozedUntil) });
  });

  router.post('/conversations/:id/team', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { teamId } = teamBody.parse(req.body);
    res.json({ conversation: await conversations.changeTeam(id, teamId, actorOf(res)) });
  });

  router.post('/conversations/:id/priority', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { priority } = priorityBody.parse(req.body);
    res.json({ conversation: await conversations.setPriority(id, priority, actorOf(res)) });
  });

  router.post('/messages/:id/retry', async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ message: await conversations.retryDelivery(id) });
  });

  return router;
}

function actorOf(res: Parameters<typeof currentUser>[0]) {
  return { userId: currentUser(res).id };
}
