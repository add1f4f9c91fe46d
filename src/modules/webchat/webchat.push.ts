import type { Server } from 'socket.io';
import type { EventBus } from '../../infra/event-bus.js';
import { rooms } from '../../realtime/rooms.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { Deliverer } from '../outbound/outbound.worker.js';

/** Delivers an agent's reply to every open tab of the visitor; history covers tabs opened later. */
export function webchatDeliverer(io: Server): Deliverer {
  return async ({ message, conversation }) => {
    io.of('/widget').to(rooms.customer(conversation.customerId)).emit('message', { message });
    return { status: 'SENT' };
  };
}

/** Keeps the visitor's other tabs in step: their own messages and status changes. */
export function pushConversationEventsToVisitors(io: Server, bus: EventBus<ConversationEvents>): void {
  const widget = io.of('/widget');
  bus.on('message.created', ({ message, conversation }) => {
    if (message.direction !== 'INBOUND') return;
    widget.to(rooms.customer(conversation.customerId)).emit('message', { message });
  });
  bus.on('conversation.updated', ({ conversation, previous }) => {
    if (conversation.status === previous.status) return;
    widget
      .to(rooms.customer(conversation.customerId))
      .emit('conversation:status', { conversationId: conversation.id, status: conversation.status });
  });
}
