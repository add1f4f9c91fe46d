import type { Server } from 'socket.io';
import { z } from 'zod';
import { sessionIdFromCookieHeader } from '../http/auth.middleware.js';
import type { Logger } from '../infra/logger.js';
import type { AdminService } from '../modules/admin/admin.service.js';
import type { AuthenticatedUser, AuthService } from '../modules/auth/auth.service.js';
import { agentMessageBody, statusBody } from '../modules/conversations/conversations.schemas.js';
import type { ConversationsService, RedeemUploads } from '../modules/conversations/conversations.service.js';
import { idSchema } from '../http/schemas.js';
import { rooms } from './rooms.js';
import { socketHandler } from './socket-handler.js';
import { agentNamespace, widgetNamespace } from './socket-server.js';

export interface AgentNamespaceOptions {
  io: Server;
  auth: AuthService;
  admin: AdminService;
  conversations: ConversationsService;
  redeemUploads: RedeemUploads;
  messageMaxChars: number;
  logger: Logger;
}

const conversationRef = z.object({ conversationId: idSchema });
const typingPayload = z.object({ conversationId: idSchema, isTyping: z.boolean() });

/** The console's live connection: only logged-in users, each joined to the rooms of their work. */
export function registerAgentNamespace(options: AgentNamespaceOptions): void {
  const { io, auth, admin, conversations, logger } = options;
  const namespace = agentNamespace(io);
  const sendBody = agentMessageBody(options.messageMaxChars).extend({ conversationId: idSchema });
  const changeStatusBody = statusBody.extend({ conversationId: idSchema });

  namespace.use(async (socket, next) => {
    if (!isSameOrigin(socket.handshake.headers.origin, socket.handshake.headers.host)) {
      next(new Error('forbidden: the console connects from its own origin only'));
      return;
    }
    try {
      const user = await auth.authenticate(sessionIdFromCookieHeader(socket.handshake.headers.cookie));
      if (!user) {
        next(new Error('unauthenticated: log in first'));
        return;
      }
      socket.data.user = user;
      // Looked up here, not on 'connection': events sent right after connecting must find their handlers.
      socket.data.teamIds = await admin.teamIdsOf(user.id);
      next();
    } catch (error) {
      logger.error({ err: error }, 'agent socket handshake failed');
      next(new Error('unavailable: try again shortly'));
    }
  });

  namespace.on('connection', (socket) => {
    const user = socket.data.user as AuthenticatedUser;
    const teamIds = socket.data.teamIds as string[];
    void socket.join([
      rooms.agent(user.id),
      rooms.allAgents,
      ...teamIds.map(rooms.team),
      ...(user.role === 'AGENT' ? [] : [rooms.supervisors]),
    ]);

    socket.on(
      'conversation:join',
      socketHandler(logger, 'conversation:join', conversationRef, async ({ conversationId }) => {
        const conversation = await conversations.getConversation(conversationId);
        await socket.join(rooms.conversation(conversationId));
        return { conversation };
      }),
    );

    socket.on(
      'conversation:leave',
      socketHandler(logger, 'conversation:leave', conversationRef, async ({ conversationId }) => {
        await socket.leave(rooms.conversation(conversationId));
        return {};
      }),
    );

    socket.on(
      'message:send',
      socketHandler(logger, 'message:send', sendBody, ({ uploads, ...body }) =>
        conversations.postAgentMessage({ ...body, agentId: user.id, attachments: options.redeemUploads(user.id, uploads) }),
      ),
    );

    socket.on(
      'conversation:status',
      socketHandler(logger, 'conversation:status', changeStatusBody, async ({ conversationId, status, snoozedUntil }) => ({
        conversation: await conversations.changeStatus(conversationId, status, { userId: user.id }, snoozedUntil),
      })),
    );

    socket.on(
      'typing',
      socketHandler(logger, 'typing', typingPayload, async ({ conversationId, isTyping }) => {
        const conversation = await conversations.getConversation(conversationId);
        widgetNamespace(io)
          .to(rooms.customer(conversation.customerId))
          .emit('typing', { conversationId, isTyping, agentName: user.name });
        socket.to(rooms.conversation(conversationId)).emit('typing', { conversationId, isTyping, from: 'agent', userId: user.id });
        return {};
      }),
    );
  });
}

/** Browsers send Origin on websocket handshakes; other clients (tests, tools) send none. */
function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
