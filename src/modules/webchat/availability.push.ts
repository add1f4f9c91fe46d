import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Logger } from '../../infra/logger.js';
import { rooms } from '../../realtime/rooms.js';
import { widgetNamespace } from '../../realtime/socket-server.js';
import type { WebchatService } from './webchat.service.js';

export interface AvailabilityPushOptions {
  io: Server;
  webchat: WebchatService;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}

/**
 * Tells open widgets when their inbox becomes available or unavailable: the first agent serving it
 * came online, the last one left, business hours opened or closed. Each inbox's last published
 * state sits in Redis and is swapped atomically, so of all the processes noticing one change,
 * exactly one pushes it.
 */
export class WidgetAvailabilityPush {
  constructor(private readonly options: AvailabilityPushOptions) {}

  /** Checks every web chat inbox now (an agent's presence changed, or the clock moved on). */
  async publishChanges(now = new Date()): Promise<void> {
    const { webchat, redis, io, keyPrefix } = this.options;
    for (const inbox of await webchat.listWebchatInboxes()) {
      const availability = await webchat.inboxAvailability(inbox, now);
      const state = JSON.stringify(availability);
      const previous = await redis.set(`${keyPrefix}:webchat:availability:${inbox.id}`, state, 'GET');
      if (previous !== state) widgetNamespace(io).to(rooms.inboxVisitors(inbox.id)).emit('availability', availability);
    }
  }

  /** Watches the clock for business hours opening and closing; returns the stop function. */
  watch(intervalMs: number): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = this.publishChanges().catch((error: unknown) => this.options.logger.error({ err: error }, 'availability check failed'));
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
