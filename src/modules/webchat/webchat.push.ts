import type { Server } from 'socket.io';
import type { EventBus } from '../../infra/event-bus.js';
import { rooms } from '../../realtime/rooms.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import type { ReplyByEmail } from '../email/reply-by-email.js';
import type { Deliverer } from '../outbound/outbound.worker.js';
import { widgetNamespace } from '../../realtime/socket-server.js';
import { readWebchatSettings } from './widget-settings.js';
import type { WidgetMessage } from '../../contracts/widget.views.js';

type Present = (message: MessageView) => WidgetMessage;

/**
 * Delivers an agent's reply to every open tab of the visitor; history covers tabs opened later.
 * A visitor with no tab open on any server node (fetchSockets asks every node through the Redis
 * adapter) gets it by e-mail when the inbox names an e-mail inbox for that and they gave an address.
 */
export function webchatDeliverer(io: Server, present: Present, replyByEmail: ReplyByEmail): Deliverer {
  return async ({ message, conversation, inbox }) => {
    const room = rooms.customer(conversation.customerId);
    const emailInboxId = readWebchatSettings(inbox).offlineReplyEmailInboxId;
    if (emailInboxId && (await widgetNamespace(io).in(room).fetchSockets()).length === 0) {
      const sent = await replyByEmail({ emailInboxId, conversation, message });
      if (sent) return { status: 'SENT', channelMessageId: sent.channelMessageId, channelData: sent.channelData };
    }
    widgetNamespace(io).to(room).emit('message', { message: present(message) });
    return { status: 'SENT' };
  };
}

/** Keeps the visitor's tabs in step: their own messages, read receipts and status changes. */
export function pushConversationEventsToVisitors(io: Server, bus: EventBus<ConversationEvents>, present: Present): void {
  const widget = widgetNamespace(io);
  bus.on('message.created', ({ message, conversation }) => {
    if (message.direction !== 'INBOUND') return;
    widget.to(rooms.customer(conversation.customerId)).emit('message', { message: present(message) });
  });
  bus.on('message.updated', ({ message, conversation }) => {
    if (message.direction !== 'INBOUND') return;
    widget.to(rooms.customer(conversation.customerId)).emit('message:updated', { message: present(message) });
  });
  bus.on('conversation.updated', ({ conversation, previous }) => {
    if (conversation.status === previous.status) return;
    widget
      .to(rooms.customer(conversation.customerId))
      .emit('conversation:status', { conversationId: conversation.id, status: conversation.status });
  });
}
