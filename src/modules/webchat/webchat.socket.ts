import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import { toAppError } from '../../http/errors.js';
import { idSchema } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import { socketHandler } from '../../realtime/socket-handler.js';
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
import type { AgentRequests } from '../../contracts/agent-socket.events.js';
import type { WidgetRequests } from '../../contracts/widget-socket.events.js';
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
  const messageBody = visitorMessageBody(options.messageMaxChars);
  const offlineBody = offlineMessageBody(options.messageMaxChars);
  const messageLimiter = visitorLimiter(options.redis, `${options.keyPrefix}:widget-messages`, options.messagesPerMinute);

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
    const customerId = socket.data.customerId as string | undefined;
    if (customerId) void socket.join(rooms.customer(customerId));
    const on = handlerRegistrar<WidgetRequests>(socket, logger);

    /** Rate limited; the first message makes the visitor a customer, whose room this tab then joins. */
    const storeMessage = async (send: () => ReturnType<WebchatService['sendVisitorMessage']>) => {
      await consumeOrRefuse(messageLimiter, session.visitor.visitorId, 'messages');
      const result = await send();
      await socket.join(rooms.customer(result.customerId));
      return { message: result.message, conversationId: result.conversationId, duplicate: result.duplicate };
    };
    on('message:send', messageBody, (body) => storeMessage(() => webchat.sendVisitorMessage(session, body)));
    on('offline:message', offlineBody, (body) => storeMessage(() => webchat.sendOfflineMessage(session, body)));

    on('profile:update', profileBody, async (profile) => {
      await webchat.updateProfile(session, profile);
      return {};
    });

    on('history', historyRequest, ({ before }) => webchat.history(session, before));

    on('availability', emptyRequest, async () => webchat.availability(session));

    on('typing', visitorTyping, async ({ isTyping }) => {
      const conversation = await webchat.latestConversation(session);
      if (conversation) {
        agentNamespace(io)
          .to(rooms.conversation(conversation.id))
          .emit('typing', { conversationId: conversation.id, isTyping, from: 'customer' });
      }
      return {};
    });

    on('receipt', visitorReceipt, async ({ status }) => {
      await webchat.markAgentMessagesSeen(session, status);
      return {};
    });

    on('csat:submit', visitorRating, async (rating) => ({ rating: await webchat.rate(session, rating) }));
  });
}

/**
 * The console tells the visitor their messages were read when an agent looks at the conversation;
 * `markRead` records it as read for that agent too (their list's unread mark).
 */
export function registerAgentReadReceipts(
  io: Server,
  webchat: WebchatService,
  markRead: (userId: string, conversationId: string) => Promise<void>,
  logger: Logger,
): void {
  const conversationRef = z.object({ conversationId: idSchema });
  agentNamespace(io).on('connection', (socket) => {
    const userId = (socket.data.user as { id: string }).id;
    handlerRegistrar<AgentRequests>(socket, logger)('conversation:read', conversationRef, async ({ conversationId }) => {
      await markRead(userId, conversationId);
      return { messages: await webchat.markCustomerMessagesRead(conversationId) };
    });
  });
}

/** Registers handlers whose results are checked against a contract's request table. */
function handlerRegistrar<Requests extends Record<keyof Requests, { result: object }>>(socket: Socket, logger: Logger) {
  return <Event extends keyof Requests & string, Schema extends z.ZodType>(
    event: Event,
    schema: Schema,
    handle: (payload: z.infer<Schema>) => Promise<Requests[Event]['result']>,
  ) => {
    const name: string = event;
    socket.on(name, socketHandler(logger, event, schema, handle));
  };
}
