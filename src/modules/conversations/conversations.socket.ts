import { z } from 'zod';
import { idSchema } from '../../http/schemas.js';
import type { AgentSocketContext, AgentSocketEvent } from '../../realtime/agent.namespace.js';
import { rooms } from '../../realtime/rooms.js';
import { defineSocketEvent } from '../../realtime/socket-event.js';
import { widgetNamespace } from '../../realtime/socket-server.js';
import { conversation } from '../access/access.policy.js';
import { agentMessageBody, statusBody } from './conversations.schemas.js';
import type { ConversationsService, RedeemUploads } from './conversations.service.js';

export interface ConversationSocketOptions {
  conversations: ConversationsService;
  redeemUploads: RedeemUploads;
  messageMaxChars: number;
}

const conversationRef = z.object({ conversationId: idSchema });
const typingPayload = z.object({ conversationId: idSchema, isTyping: z.boolean() });
const ofConversation = ({ conversationId }: { conversationId: string }) => [conversation(conversationId)];

/** The console's conversation events on /agent: watch one live, reply, change its status, type. */
export function conversationSocketEvents(options: ConversationSocketOptions): AgentSocketEvent[] {
  const { conversations } = options;
  return [
    defineSocketEvent({
      name: 'conversation:join',
      payload: conversationRef,
      // Refused for work the agent may not see, so its live messages never reach them.
      access: ofConversation,
      handle: async ({ conversationId }, { socket }: AgentSocketContext) => {
        const found = await conversations.getConversation(conversationId);
        await socket.join(rooms.conversation(conversationId));
        return { conversation: found };
      },
    }),
    defineSocketEvent({
      name: 'conversation:leave',
      payload: conversationRef,
      // No access check: anyone may stop watching, also after losing access.
      handle: async ({ conversationId }, { socket }: AgentSocketContext) => {
        await socket.leave(rooms.conversation(conversationId));
        return {};
      },
    }),
    defineSocketEvent({
      name: 'message:send',
      payload: agentMessageBody(options.messageMaxChars).extend({ conversationId: idSchema }),
      access: ofConversation,
      handle: async ({ uploads, ...body }, { user }: AgentSocketContext) =>
        conversations.postAgentMessage({ ...body, agentId: user.id, attachments: await options.redeemUploads(user.id, uploads, body.clientMessageId) }),
    }),
    defineSocketEvent({
      name: 'conversation:status',
      payload: statusBody.extend({ conversationId: idSchema }),
      access: ofConversation,
      handle: async ({ conversationId, status, snoozedUntil }, { user }: AgentSocketContext) => ({
        conversation: await conversations.changeStatus(conversationId, status, { userId: user.id }, snoozedUntil),
      }),
    }),
    defineSocketEvent({
      name: 'typing',
      payload: typingPayload,
      access: ofConversation,
      handle: async ({ conversationId, isTyping }, { io, socket, user }: AgentSocketContext) => {
        const found = await conversations.getConversation(conversationId);
        widgetNamespace(io).to(rooms.customer(found.customerId)).emit('typing', { conversationId, isTyping, agentName: user.name });
        socket.to(rooms.conversation(conversationId)).emit('typing', { conversationId, isTyping, from: 'agent', userId: user.id });
        return {};
      },
    }),
  ];
}
