import { z } from 'zod';
import { defineRoute, Reply, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import type { Db } from '../../infra/db.js';
import { conversation, message, type AccessPolicy } from '../access/access.policy.js';
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
  access: AccessPolicy;
  reads: ReadState;
  labelIdsOf: (conversationId: string) => Promise<string[]>;
  merges: ConversationMerge;
  /** The files behind an agent's upload tokens (the attachments module checks they are theirs). */
  redeemUploads: RedeemUploads;
}

const ofConversation = ({ params }: { params: { id: string } }) => [conversation(params.id)];

/** The console's conversations: list, read, reply, merge, change status/team/priority. */
export function conversationsRoutes(db: Db, conversations: ConversationsService, options: ConversationsRoutesOptions): RouteDefinition[] {
  const messageBody = agentMessageBody(options.messageMaxChars);
  const actorOf = (user: { id: string }) => ({ userId: user.id });

  return [
    defineRoute({
      method: 'get',
      path: '/conversations',
      auth: 'signedIn',
      query: listConversationsQuery,
      handle: async ({ query, viewer }) => findConversations(db, options.access, { ...query, viewer: await viewer() }),
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:id',
      auth: 'signedIn',
      params: idParams,
      access: ofConversation,
      handle: async ({ params: { id } }) => {
        const found = await conversations.getConversation(id);
        const messages = await conversations.listMessages(id, { limit: 50, includePrivate: true });
        return { conversation: { ...found, labelIds: await options.labelIdsOf(id) }, messages };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:id/messages',
      auth: 'signedIn',
      params: idParams,
      query: listMessagesQuery,
      access: ofConversation,
      handle: ({ params, query }) => conversations.listMessages(params.id, { ...query, includePrivate: true }),
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/messages',
      auth: 'signedIn',
      params: idParams,
      body: messageBody,
      access: ofConversation,
      handle: async ({ params, body: { uploads, ...body }, user }) => {
        const attachments = await options.redeemUploads(user.id, uploads, body.clientMessageId);
        const result = await conversations.postAgentMessage({ ...body, conversationId: params.id, agentId: user.id, attachments });
        return new Reply(result.duplicate ? 200 : 201, result);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/read',
      auth: 'signedIn',
      params: idParams,
      output: z.object({ ok: z.literal(true) }),
      access: ofConversation,
      handle: async ({ params, user }) => {
        await options.reads.markRead(user.id, params.id);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/merge',
      auth: 'signedIn',
      params: idParams,
      body: mergeBody,
      // Both sides: merging moves the source's messages into the target.
      access: ({ params, body }) => [conversation(params.id), conversation(body.sourceId)],
      handle: ({ params, body, user }) => options.merges.merge(params.id, body.sourceId, actorOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/status',
      auth: 'signedIn',
      params: idParams,
      body: statusBody,
      access: ofConversation,
      handle: async ({ params, body, user }) => ({
        conversation: await conversations.changeStatus(params.id, body.status, actorOf(user), body.snoozedUntil),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/team',
      auth: 'signedIn',
      params: idParams,
      body: teamBody,
      access: ofConversation,
      handle: async ({ params, body, user }) => ({ conversation: await conversations.changeTeam(params.id, body.teamId, actorOf(user)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:id/priority',
      auth: 'signedIn',
      params: idParams,
      body: priorityBody,
      access: ofConversation,
      handle: async ({ params, body, user }) => ({
        conversation: await conversations.setPriority(params.id, body.priority, actorOf(user)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:id/retry',
      auth: 'signedIn',
      params: idParams,
      access: ({ params }) => [message(params.id)],
      handle: async ({ params }) => ({ message: await conversations.retryDelivery(params.id) }),
    }),
  ];
}
