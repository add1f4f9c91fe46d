import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { toAppError, errorBody, type ErrorBody } from '../http/errors.js';
import { refuseNulCharacters } from '../http/nul-characters.js';
import type { Logger } from '../infra/logger.js';
import type { AccessTarget } from '../modules/access/access.policy.js';

/** What every acknowledgement looks like: the result's fields, or a refusal a person can read. */
type Ack = (response: ({ ok: true } & object) | ({ ok: false } & ErrorBody)) => void;

interface TypedSocketEventDefinition<Payload extends z.ZodType, Context> {
  /** The event's name on the wire. */
  name: string;
  payload: Payload;
  /** The fields a success acknowledges (besides ok: true), for the event document (not checked at run time). */
  ack?: z.ZodType;
  /** What the payload names that the sender must be allowed to see (refused as not_found otherwise). */
  access?: (payload: z.infer<Payload>) => AccessTarget[];
  handle: (payload: z.infer<Payload>, context: Context) => Promise<object>;
}

/** A socket event as tables hold it. */
export interface SocketEventDefinition<Context> {
  name: string;
  payload: z.ZodType;
  ack?: z.ZodType;
  access?: (payload: unknown) => AccessTarget[];
  handle: (payload: unknown, context: Context) => Promise<object>;
}

/** Declares a socket event once: its payload, what it may touch, what it does. */
export function defineSocketEvent<Context, Payload extends z.ZodType>(
  definition: TypedSocketEventDefinition<Payload, Context>,
): SocketEventDefinition<Context> {
  return definition as unknown as SocketEventDefinition<Context>;
}

export interface MountSocketEventsOptions<Context> {
  context: Context;
  /** Throws (not_found) unless the connection may see the targets; namespaces without a policy leave it out. */
  authorize?: (targets: AccessTarget[], context: Context) => Promise<void>;
  logger: Logger;
}

/**
 * Listens for each event on the socket: validates the payload, checks access, answers through
 * the ack (when the client asked for one) with the result or an error a person can read, and
 * never lets a bad payload or a failure escape into the server.
 */
export function mountSocketEvents<Context>(
  socket: Socket,
  events: SocketEventDefinition<Context>[],
  options: MountSocketEventsOptions<Context>,
): void {
  for (const event of events) {
    socket.on(event.name, async (payload: unknown, maybeAck?: unknown) => {
      // A client may send the ack function in the payload's place.
      const ack = (typeof maybeAck === 'function' ? maybeAck : typeof payload === 'function' ? payload : undefined) as Ack | undefined;
      const input = typeof payload === 'function' ? undefined : payload;
      try {
        refuseNulCharacters(input, 'payload');
        const parsed: unknown = event.payload.parse(input);
        if (event.access) {
          if (!options.authorize) throw new Error(`socket event ${event.name} declares access but its namespace has no policy`);
          await options.authorize(event.access(parsed), options.context);
        }
        const result = await event.handle(parsed, options.context);
        ack?.({ ok: true, ...result });
      } catch (error) {
        const known = toAppError(error);
        if (!known) options.logger.error({ err: error, event: event.name }, 'socket event failed');
        else if (known.code === 'unavailable') options.logger.warn({ err: error, event: event.name }, 'dependency unavailable');
        ack?.(
          known
            ? { ok: false, ...errorBody(known) }
            : { ok: false, error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } },
        );
      }
    });
  }
}
