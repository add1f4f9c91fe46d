import type { Server } from 'socket.io';
import type { LiveConnections } from '../modules/auth/auth.service.js';
import { sessionTag } from '../modules/auth/session.store.js';
import { rooms } from './rooms.js';

/**
 * Closes console sockets on every server process: through the Redis adapter, disconnectSockets
 * reaches the sockets of the room wherever they are connected.
 */
export function agentConnections(io: Server): LiveConnections {
  const agents = io.of('/agent');
  return {
    async closeSession(sessionId) {
      agents.in(rooms.agentSession(sessionTag(sessionId))).disconnectSockets(true);
    },
    async closeUser(userId) {
      agents.in(rooms.agent(userId)).disconnectSockets(true);
    },
  };
}
