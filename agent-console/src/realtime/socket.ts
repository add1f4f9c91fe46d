import { io, type Socket } from 'socket.io-client';

/** The console's one live connection (/agent namespace); the session cookie authenticates it. */
let socket: Socket | null = null;

/** Called when the server closes the connection itself (logout elsewhere, deactivation, a new role). */
let onServerDisconnect: () => void = () => {};
export function handleServerDisconnect(callback: () => void): void {
  onServerDisconnect = callback;
}

export function connectAgentSocket(): Socket {
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

export function agentSocket(): Socket {
  if (!socket) throw new Error('the agent socket is not connected yet');
  return socket;
}

export function disconnectAgentSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Emits with an acknowledgement; the server answers `{ok: true, ...}` or `{ok: false, error}`. */
export function emitWithAck<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    agentSocket()
      .timeout(timeoutMs)
      .emit(event, payload, (timeout: Error | null, answer: { ok: boolean; error?: string | { message: string } } & T) => {
        if (timeout) reject(new Error('The server did not answer in time.'));
        else if (!answer.ok) reject(new Error(typeof answer.error === 'string' ? answer.error : (answer.error?.message ?? 'Refused.')));
        else resolve(answer);
      });
  });
}
