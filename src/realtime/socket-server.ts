import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Namespace } from 'socket.io';
import type { AgentClientToServerEvents, AgentServerToClientEvents } from '../contracts/agent-socket.events.js';
import type { WidgetClientToServerEvents, WidgetServerToClientEvents } from '../contracts/widget-socket.events.js';

/** The namespaces typed by their contracts: emits and handlers are checked against the event maps. */
export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents>;
export type WidgetNamespace = Namespace<WidgetClientToServerEvents, WidgetServerToClientEvents>;

export const agentNamespace = (io: Server): AgentNamespace => io.of('/agent');
export const widgetNamespace = (io: Server): WidgetNamespace => io.of('/widget');

export interface SocketServerOptions {
  redis: Redis;
  keyPrefix: string;
  /** Largest message a client may send, in bytes; larger ones close that client's connection. */
  maxPayloadBytes: number;
}

/**
 * One Socket.IO server for the /agent and /widget namespaces. The Redis adapter
 * fans every emit out to the sockets of all server processes.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions) {
  // The adapter publishes without waiting for an answer: while Redis is away its commands wait in
  // the offline queue (maxRetriesPerRequest: null) instead of failing as unhandled rejections.
  const publisher = handledPublishes(options.redis.duplicate({ maxRetriesPerRequest: null }));
  const subscriber = options.redis.duplicate({ maxRetriesPerRequest: null });
  const io = new Server(httpServer, {
    maxHttpBufferSize: options.maxPayloadBytes,
    // Any page may embed the widget; which origins an inbox accepts is checked per inbox.
    cors: { origin: true, credentials: false },
    adapter: createAdapter(publisher, subscriber, { key: `${options.keyPrefix}:socket.io` }),
  });
  return {
    io,
    async close() {
      await io.close();
      // QUIT after the adapter's last unsubscribes, whose replies it does not wait for: disconnect()
      // would reject them as unhandled rejections.
      await Promise.all([publisher.quit(), subscriber.quit()]).catch(() => {
        publisher.disconnect();
        subscriber.disconnect();
      });
    },
  };
}

/**
 * The adapter fires PUBLISHes it never awaits (emits, fetchSockets requests, disconnectSockets): one cut off
 * by shutdown closing the connection must not surface as an unhandled rejection.
 */
function handledPublishes(client: Redis): Redis {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  client.publish = ((...args: unknown[]) => {
    const sent = publish(...args);
    sent.catch(() => {});
    return sent;
  }) as Redis['publish'];
  return client;
}
