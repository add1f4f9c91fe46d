import type { Server } from 'socket.io';
import { rooms } from '../../realtime/rooms.js';
import type { NotificationPush } from './notifications.listeners.js';
import { agentNamespace } from '../../realtime/socket-server.js';

/** A new notification goes to every console tab of its user. */
export function socketNotificationPush(io: Server): NotificationPush {
  const agents = agentNamespace(io);
  return (userId, notification) => {
    agents.to(rooms.agent(userId)).emit('notification:created', { notification });
  };
}
