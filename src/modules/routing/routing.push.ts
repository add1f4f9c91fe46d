import type { Server } from 'socket.io';
import { rooms } from '../../realtime/rooms.js';
import type { RoutingNotifier } from './routing.service.js';
import { agentNamespace, widgetNamespace } from '../../realtime/socket-server.js';

/** Routing news over Socket.IO: agents hear of assignments, supervisors of queues, customers of their place in line. */
export function socketRoutingNotifier(io: Server): RoutingNotifier {
  const agents = agentNamespace(io);
  const widget = widgetNamespace(io);
  return {
    assigned(conversation, rule) {
      if (conversation.assigneeId) agents.to(rooms.agent(conversation.assigneeId)).emit('conversation:assigned', { conversation, rule });
    },
    queueChanged(stats) {
      const targets = [rooms.supervisors, ...(stats.teamId ? [rooms.team(stats.teamId)] : [])];
      agents.to(targets).emit('queue:stats', stats);
    },
    positions(positions) {
      for (const { customerId, ...position } of positions) widget.to(rooms.customer(customerId)).emit('queue:position', position);
    },
  };
}
