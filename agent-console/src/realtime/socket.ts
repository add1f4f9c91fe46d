import { io, type Socket } from 'socket.io-client';

/** The console's one live connection (/agent namespace); the session cookie authenticates it. */
let socket: Socket | null = null;

export function connectAgentSocket(): Socket {
  socket ??= io('/agent', { withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
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
