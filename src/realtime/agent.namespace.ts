import type { Server, Socket } from 'socket.io';
import { sessionIdFromCookieHeader } from '../http/auth.middleware.js';
import type { Logger } from '../infra/logger.js';
import type { AccessPolicy, Viewer } from '../modules/access/access.policy.js';
import type { AuthenticatedUser, AuthService } from '../modules/auth/auth.service.js';
import { sessionTag } from '../modules/auth/session.store.js';
import { rooms } from './rooms.js';
import { mountSocketEvents, type SocketEventDefinition } from './socket-event.js';
import { agentNamespace } from './socket-server.js';

/** What an /agent event handler knows about the connection it serves. */
export interface AgentSocketContext {
  io: Server;
  socket: Socket;
  user: AuthenticatedUser;
  /** Looked up per event, so team changes apply to a connected console at once. */
  viewer: () => Promise<Viewer>;
}

export type AgentSocketEvent = SocketEventDefinition<AgentSocketContext>;

export interface AgentNamespaceOptions {
  io: Server;
  auth: AuthService;
  access: AccessPolicy;
  /** Every module's /agent events. */
  events: AgentSocketEvent[];
  logger: Logger;
}

/** The console's live connection: only logged-in users, each joined to the rooms of their work. */
export function registerAgentNamespace(options: AgentNamespaceOptions): void {
  const { io, auth, access, logger } = options;
  const namespace = agentNamespace(io);

  namespace.use(async (socket, next) => {
    if (!isSameOrigin(socket.handshake.headers.origin, socket.handshake.headers.host)) {
      next(new Error('forbidden: the console connects from its own origin only'));
      return;
    }
    try {
      const sessionId = sessionIdFromCookieHeader(socket.handshake.headers.cookie);
      const user = await auth.authenticate(sessionId);
      if (!user || !sessionId) {
        next(new Error('unauthenticated: log in first'));
        return;
      }
      socket.data.user = user;
      socket.data.sessionTag = sessionTag(sessionId);
      // Looked up here, not on 'connection': events sent right after connecting must find their handlers.
      socket.data.teamIds = (await access.viewerOf(user)).teamIds;
      next();
    } catch (error) {
      logger.error({ err: error }, 'agent socket handshake failed');
      next(new Error('unavailable: try again shortly'));
    }
  });

  namespace.on('connection', (socket) => {
    const user = socket.data.user as AuthenticatedUser;
    const teamIds = socket.data.teamIds as string[];
    void socket.join([
      rooms.agent(user.id),
      rooms.agentSession(socket.data.sessionTag as string),
      rooms.allAgents,
      ...teamIds.map(rooms.team),
      ...(user.role === 'AGENT' ? [] : [rooms.supervisors]),
    ]);
    mountSocketEvents(socket, options.events, {
      context: { io, socket, user, viewer: () => access.viewerOf(user) },
      authorize: async (targets, context) => access.assertCanSee(await context.viewer(), targets),
      logger,
    });
  });
}

/** Browsers send Origin on websocket handshakes; other clients (tests, tools) send none. */
function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
