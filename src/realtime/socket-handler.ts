import type { z } from 'zod';
import { toAppError, errorBody, type ErrorBody } from '../http/errors.js';
import type { Logger } from '../infra/logger.js';

export type Ack<Result extends object = object> = (response: ({ ok: true } & Result) | ({ ok: false } & ErrorBody)) => void;

/**
 * Wraps a socket event handler: validates the payload, answers through the ack
 * (when the client asked for one) with the result or an error a person can read,
 * and never lets a bad payload or a failure escape into the server.
 */
export function socketHandler<Schema extends z.ZodType, Result extends object>(
  logger: Logger,
  event: string,
  schema: Schema,
  handle: (payload: z.infer<Schema>) => Promise<Result>,
) {
  // The ack's type lets a typed namespace check the result against its contract's event map.
  return async (payload: unknown, maybeAck?: Ack<Result>): Promise<void> => {
    // A client may send the ack function in the payload's place.
    const ack = (typeof maybeAck === 'function' ? maybeAck : typeof payload === 'function' ? payload : undefined) as
      | Ack<Result>
      | undefined;
    const input = typeof payload === 'function' ? undefined : payload;
    try {
      const result = await handle(schema.parse(input));
      ack?.({ ok: true, ...result });
    } catch (error) {
      const known = toAppError(error);
      if (!known) logger.error({ err: error, event }, 'socket event failed');
      ack?.(
        known
          ? { ok: false, ...errorBody(known) }
          : { ok: false, error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } },
      );
    }
  };
}
