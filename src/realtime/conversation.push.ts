import type { Server } from 'socket.io';
import type { EventBus } from '../infra/event-bus.js';
import type { ConversationEvents } from '../modules/conversations/conversation.events.js';
import type { ConversationView } from '../contracts/conversation.views.js';
import { rooms } from './rooms.js';
import { agentNamespace } from './socket-server.js';

/** Everyone in the console who should see a change to this conversation. */
function agentRoomsFor(conversation: ConversationView, previous?: ConversationView): string[] {
  const targets = [rooms.conversation(conversation.id), rooms.supervisors];
  for (const version of [conversation, previous]) {
    if (version?.assigneeId) targets.push(rooms.agent(version.assigneeId));
    if (version?.teamId) targets.push(rooms.team(version.teamId));
  }
  if (!conversation.teamId) targets.push(rooms.allAgents);
  return targets;
}

/** Listeners that push conversation events to the console's sockets. */
export function pushConversationEventsToAgents(io: Server, bus: EventBus<ConversationEvents>): void {
  const agents = agentNamespace(io);
  bus.on('conversation.opened', ({ conversation }) => {
    agents.to(agentRoomsFor(conversation)).emit('conversation:opened', { conversation });
  });
  bus.on('conversation.updated', ({ conversation, previous }) => {
    agents.to(agentRoomsFor(conversation, previous)).emit('conversation:updated', { conversation });
  });
  bus.on('message.created', ({ message, conversation }) => {
    agents.to(agentRoomsFor(conversation)).emit('message:created', { message, conversation });
  });
  bus.on('message.updated', ({ message, conversation }) => {
    agents.to(agentRoomsFor(conversation)).emit('message:updated', { message });
  });
}
