import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import { socketHandler } from '../../realtime/socket-handler.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { presenceBody } from './routing.schemas.js';
import type { RoutingService } from './routing.service.js';
import { agentNamespace } from '../../realtime/socket-server.js';

/** Presence over the console's socket: set it, and keep it alive with heartbeats. */
export function registerPresenceEvents(io: Server, routing: RoutingService, logger: Logger): void {
  agentNamespace(io).on('connection', (socket) => {
    const user = socket.data.user as AuthenticatedUser;
    socket.on(
      'presence:set',
      socketHandler(logger, 'presence:set', presenceBody, async ({ status }) => ({
        presence: await routing.setPresence(user.id, status),
      })),
    );
    socket.on(
      'presence:heartbeat',
      socketHandler(logger, 'presence:heartbeat', z.unknown(), async () => ({ online: await routing.heartbeat(user.id) })),
    );
  });
}
