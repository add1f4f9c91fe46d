import type { Server } from 'socket.io';
import type { EventBus } from '../../infra/event-bus.js';
import { rooms } from '../../realtime/rooms.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import type { Deliverer } from '../outbound/outbound.worker.js';
import type { WidgetMessage } from '../../contracts/widget.views.js';
import { widgetNamespace } from '../../realtime/socket-server.js';

type Present = (message: MessageView) => WidgetMessage;

/** Delivers an agent's reply to every open tab of the visitor; history covers tabs opened later. */
export function webchatDeliverer(io: Server, present: Present): Deliverer {
  return async ({ message, conversation }) => {
    widgetNamespace(io).to(rooms.customer(conversation.customerId)).emit('message', { message: present(message) });
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
