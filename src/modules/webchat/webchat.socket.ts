import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import { toAppError } from '../../http/errors.js';
import { idSchema } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import type { AgentSocketContext, AgentSocketEvent } from '../../realtime/agent.namespace.js';
import { defineSocketEvent, mountSocketEvents, type SocketEventDefinition } from '../../realtime/socket-event.js';
import { conversation } from '../access/access.policy.js';
import { consumeOrRefuse, visitorLimiter } from './rate-limit.js';
import {
  emptyRequest,
  historyRequest,
  offlineMessageBody,
  profileBody,
  visitorMessageBody,
  visitorRating,
  visitorReceipt,
  visitorTyping,
  widgetHandshake,
} from './webchat.schemas.js';
import type { WebchatService, WidgetSession } from './webchat.service.js';
import type { SessionPayload } from '../../contracts/widget.views.js';
import { agentNamespace, widgetNamespace } from '../../realtime/socket-server.js';

export interface WidgetNamespaceOptions {
  io: Server;
  webchat: WebchatService;
  redis: Redis;
  keyPrefix: string;
  messagesPerMinute: number;
  messageMaxChars: number;
  logger: Logger;
}

/**
 * The website widget's live connection. Handshake auth: { inboxToken, visitorToken?, user? }.
 * The server answers with a 'session' event carrying the token to keep, the inbox's
 * appearance and whether anyone answers live.
 */
export function registerWidgetNamespace(options: WidgetNamespaceOptions): void {
  const { io, webchat, logger } = options;
  const namespace = widgetNamespace(io);
  const events = visitorSocketEvents({
    io,
    webchat,
    messageLimiter: visitorLimiter(options.redis, `${options.keyPrefix}:widget-messages`, options.messagesPerMinute),
    messageMaxChars: options.messageMaxChars,
  });

  namespace.use(async (socket, next) => {
    try {
      const handshake = widgetHandshake.parse(socket.handshake.auth);
      const session = await webchat.openSession({ ...handshake, origin: socket.handshake.headers.origin });
      socket.data.session = session;
      // Looked up here, not on 'connection': events sent right after connecting must find their handlers.
      socket.data.customerId = (await webchat.findCustomer(session))?.id;
      socket.data.availability = await webchat.availability(session);
      next();
    } catch (error) {
      const known = toAppError(error);
      if (!known) logger.error({ err: error }, 'widget handshake failed');
      // `data` reaches the client's connect_error: the widget words the refusal in its own language.
      const refusal = Object.assign(new Error(known?.message ?? 'The chat could not start; try again shortly.'), {
        data: { code: known?.code ?? 'internal', ...(known?.details as object | undefined) },
      });
      next(refusal);
    }
  });

  namespace.on('connection', (socket) => {
    const session = socket.data.session as WidgetSession;
    const payload: SessionPayload = {
      visitorToken: session.visitorToken,
      visitorId: session.visitor.visitorId,
      verified: session.verified,
      appearance: webchat.appearance(session),
      availability: socket.data.availability,
    };
    socket.emit('session', payload);
    void socket.join(rooms.inboxVisitors(session.inbox.id));
    const customerId = socket.data.customerId as string | undefined;
    const presenceChanged = (connected: boolean) =>
      webchat.customerPresenceChanged(session, connected).catch((error: unknown) => logger.error({ err: error }, 'customer presence change failed'));
    if (customerId) {
      void socket.join(rooms.customer(customerId));
      void presenceChanged(true);
    }
    // The customer's last tab (on any process: fetchSockets asks them all) closed: their chat weighs like an e-mail.
    const markAwayIfLastTab = async (room: string) => {
      if ((await namespace.in(room).fetchSockets()).length > 0) return;
      await presenceChanged(false);
      // A tab that connected meanwhile (a reload) may have marked them present before this mark landed.
      if ((await namespace.in(room).fetchSockets()).length > 0) await presenceChanged(true);
    };
    socket.on('disconnect', (reason) => {
      // A closing server is not a customer leaving (and Redis may be closing too); the first message sets the customer.
      const current = socket.data.customerId as string | undefined;
      if (!current || reason === 'server shutting down') return;
      markAwayIfLastTab(rooms.customer(current)).catch((error: unknown) => logger.error({ err: error }, 'customer presence check failed'));
    });
    // A visitor's events reach only their own customer's conversations: the session is their access.
    mountSocketEvents(socket, events, { context: { socket, session }, logger });
  });
}

/** What a /widget event handler knows: the visitor's session on this socket. */
export interface VisitorSocketContext {
  socket: Socket;
  session: WidgetSession;
}

export type VisitorSocketEvent = SocketEventDefinition<VisitorSocketContext>;

interface VisitorEventsOptions {
  io: Server;
  webchat: WebchatService;
  messageLimiter: RateLimiterRedis;
  messageMaxChars: number;
}

/** The website widget's events. */
export function visitorSocketEvents(options: VisitorEventsOptions): VisitorSocketEvent[] {
  const { io, webchat } = options;
  /** Rate limited; the first message makes the visitor a customer, whose room this tab then joins. */
  const storeMessage = async (
    { socket, session }: VisitorSocketContext,
    send: () => ReturnType<WebchatService['sendVisitorMessage']>,
  ) => {
    await consumeOrRefuse(options.messageLimiter, session.visitor.visitorId, 'messages');
    const result = await send();
    socket.data.customerId = result.customerId;
    await socket.join(rooms.customer(result.customerId));
    return { message: result.message, conversationId: result.conversationId, duplicate: result.duplicate };
  };
  return [
    defineSocketEvent({
      name: 'message:send',
      payload: visitorMessageBody(options.messageMaxChars),
      handle: (body, context: VisitorSocketContext) => storeMessage(context, () => webchat.sendVisitorMessage(context.session, body)),
    }),
    defineSocketEvent({
      name: 'offline:message',
      payload: offlineMessageBody(options.messageMaxChars),
      handle: (body, context: VisitorSocketContext) => storeMessage(context, () => webchat.sendOfflineMessage(context.session, body)),
    }),
    defineSocketEvent({
      name: 'profile:update',
      payload: profileBody,
      handle: async (profile, { session }: VisitorSocketContext) => {
        await webchat.updateProfile(session, profile);
        return {};
      },
    }),
    defineSocketEvent({
      name: 'history',
      payload: historyRequest,
      handle: ({ before }, { session }: VisitorSocketContext) => webchat.history(session, before),
    }),
    defineSocketEvent({
      name: 'availability',
      payload: emptyRequest,
      handle: async (_payload, { session }: VisitorSocketContext) => webchat.availability(session),
    }),
    defineSocketEvent({
      name: 'typing',
      payload: visitorTyping,
      handle: async ({ isTyping }, { session }: VisitorSocketContext) => {
        const conversation = await webchat.latestConversation(session);
        if (conversation) {
          agentNamespace(io)
            .to(rooms.conversation(conversation.id))
            .emit('typing', { conversationId: conversation.id, isTyping, from: 'customer' });
        }
        return {};
      },
    }),
    defineSocketEvent({
      name: 'receipt',
      payload: visitorReceipt,
      handle: async ({ status }, { session }: VisitorSocketContext) => {
        await webchat.markAgentMessagesSeen(session, status);
        return {};
      },
    }),
    defineSocketEvent({
      name: 'csat:submit',
      payload: visitorRating,
      handle: async (rating, { session }: VisitorSocketContext) => ({ rating: await webchat.rate(session, rating) }),
    }),
  ];
}

/**
 * The console tells the visitor their messages were read when an agent looks at the conversation;
 * `markRead` records it as read for that agent too (their list's unread mark).
 */
export function agentReadReceiptEvents(
  webchat: WebchatService,
  markRead: (userId: string, conversationId: string) => Promise<void>,
): AgentSocketEvent[] {
  return [
    defineSocketEvent({
      name: 'conversation:read',
      payload: z.object({ conversationId: idSchema }),
      access: ({ conversationId }) => [conversation(conversationId)],
      handle: async ({ conversationId }, { user }: AgentSocketContext) => {
        await markRead(user.id, conversationId);
        return { messages: await webchat.markCustomerMessagesRead(conversationId) };
      },
    }),
  ];
}
