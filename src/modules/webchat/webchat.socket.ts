import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Server } from 'socket.io';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../infra/logger.js';
import { toAppError } from '../../http/errors.js';
import { rooms } from '../../realtime/rooms.js';
import { socketHandler } from '../../realtime/socket-handler.js';
import { historyRequest, visitorMessageBody, visitorTyping, widgetHandshake } from './webchat.schemas.js';
import type { WebchatService, WidgetSession } from './webchat.service.js';

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
 * The website widget's live connection. Handshake auth: { inboxToken, visitorToken? }.
 * The server answers with a 'session' event carrying the token to keep.
 */
export function registerWidgetNamespace(options: WidgetNamespaceOptions): void {
  const { io, webchat, logger } = options;
  const namespace = io.of('/widget');
  const messageBody = visitorMessageBody(options.messageMaxChars);
  const messageLimiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.keyPrefix}:widget-messages`,
    points: options.messagesPerMinute,
    duration: 60,
  });

  namespace.use(async (socket, next) => {
    try {
      const handshake = widgetHandshake.parse(socket.handshake.auth);
      socket.data.session = await webchat.openSession(
        handshake.inboxToken,
        handshake.visitorToken,
        socket.handshake.headers.origin,
      );
      socket.data.name = handshake.name;
      // Looked up here, not on 'connection': events sent right after connecting must find their handlers.
      socket.data.customerId = (await webchat.findVisitorCustomer(socket.data.session.visitor))?.id;
      next();
    } catch (error) {
      const known = toAppError(error);
      if (!known) logger.error({ err: error }, 'widget handshake failed');
      next(new Error(known?.message ?? 'The chat could not start; try again shortly.'));
    }
  });

  namespace.on('connection', (socket) => {
    const session = socket.data.session as WidgetSession;
    socket.emit('session', { visitorToken: session.visitorToken, visitorId: session.visitor.visitorId });
    const customerId = socket.data.customerId as string | undefined;
    if (customerId) void socket.join(rooms.customer(customerId));

    socket.on(
      'message:send',
      socketHandler(logger, 'message:send', messageBody, async (body) => {
        await consumeOrRefuse(messageLimiter, session.visitor.visitorId);
        const result = await webchat.sendVisitorMessage(session, body, socket.data.name as string | undefined);
        await socket.join(rooms.customer(result.customerId));
        return { message: result.message, conversationId: result.conversation.id, duplicate: result.duplicate };
      }),
    );

    socket.on(
      'history',
      socketHandler(logger, 'history', historyRequest, ({ before }) => webchat.history(session, before)),
    );

    socket.on(
      'typing',
      socketHandler(logger, 'typing', visitorTyping, async ({ isTyping }) => {
        const { conversation } = await webchat.history(session);
        if (conversation) {
          io.of('/agent')
            .to(rooms.conversation(conversation.id))
            .emit('typing', { conversationId: conversation.id, isTyping, from: 'customer' });
        }
        return {};
      }),
    );
  });
}

async function consumeOrRefuse(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.ceil(error.msBeforeNext / 1000);
    throw new AppError('rate_limited', `You are sending messages too fast. Wait ${seconds} s.`, {
      retryAfterSeconds: seconds,
    });
  }
}
