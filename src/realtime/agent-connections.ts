import type { Server } from 'socket.io';
import type { LiveConnections } from '../modules/auth/auth.service.js';
import { sessionTag } from '../modules/auth/session.store.js';
import { rooms } from './rooms.js';
import { agentNamespace } from './socket-server.js';

/**
 * Closes console sockets on every server process: through the Redis adapter, disconnectSockets
 * reaches the sockets of the room wherever they are connected.
 */
export function agentConnections(io: Server): LiveConnections {
  const agents = agentNamespace(io);
  return {
    async closeSession(sessionId) {
      agents.in(rooms.agentSession(sessionTag(sessionId))).disconnectSockets(true);
    },
    async closeUser(userId) {
      agents.in(rooms.agent(userId)).disconnectSockets(true);
    },
  };
}
