import { io, type Socket } from 'socket.io-client';
import type { AgentClientToServerEvents, AgentRequests, AgentServerToClientEvents } from '../../../src/contracts/agent-socket.events';
import type { Ack } from '../../../src/contracts/socket-acks';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** The console's one live connection (/agent namespace); the session cookie authenticates it. */
let socket: AgentSocket | null = null;

/** Called when the server closes the connection itself (logout elsewhere, deactivation, a new role). */
let onServerDisconnect: () => void = () => {};
export function handleServerDisconnect(callback: () => void): void {
  onServerDisconnect = callback;
}

export function connectAgentSocket(): AgentSocket {
  if (!socket) {
    socket = io('/agent', { withCredentials: true, transports: ['websocket', 'polling'] });
    // socket.io does not reconnect by itself after the server's own disconnect.
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') onServerDisconnect();
    });
  }
  return socket;
}

/** Opens the same socket again (its listeners stay); the handshake reads the user's role anew. */
export function reconnectAgentSocket(): void {
  socket?.connect();
}

export function agentSocket(): AgentSocket {
  if (!socket) throw new Error('the agent socket is not connected yet');
  return socket;
}

export function disconnectAgentSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Emits with an acknowledgement; the server answers `{ok: true, ...}` or `{ok: false, error}`. */
export function emitWithAck<Event extends keyof AgentRequests>(
  event: Event,
  payload: AgentRequests[Event]['payload'],
  timeoutMs = 10_000,
): Promise<AgentRequests[Event]['result']> {
  // Socket.IO cannot resolve the map's parameters for a generic event name; the signature above checks callers.
  const untyped = agentSocket() as unknown as Socket;
  return new Promise((resolve, reject) => {
    untyped.timeout(timeoutMs).emit(event, payload, (timeout: Error | null, answer: Ack<AgentRequests[Event]['result']>) => {
      if (timeout) reject(new Error('The server did not answer in time.'));
      else if (!answer.ok) reject(new Error(answer.error.message || 'Refused.'));
      else resolve(answer);
    });
  });
}
