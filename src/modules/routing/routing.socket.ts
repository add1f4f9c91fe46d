import { z } from 'zod';
import type { AgentSocketContext, AgentSocketEvent } from '../../realtime/agent.namespace.js';
import { defineSocketEvent } from '../../realtime/socket-event.js';
import { presenceBody } from './routing.schemas.js';
import type { RoutingService } from './routing.service.js';

/** Presence over the console's socket: set it, and keep it alive with heartbeats. Names no conversation. */
export function presenceSocketEvents(routing: RoutingService): AgentSocketEvent[] {
  return [
    defineSocketEvent({
      name: 'presence:set',
      payload: presenceBody,
      handle: async ({ status }, { user }: AgentSocketContext) => ({ presence: await routing.setPresence(user.id, status) }),
    }),
    defineSocketEvent({
      name: 'presence:heartbeat',
      payload: z.unknown(),
      ack: z.object({ online: z.boolean() }),
      handle: async (_payload, { user }: AgentSocketContext) => ({ online: await routing.heartbeat(user.id) }),
    }),
  ];
}
