import type { RequestHandler } from 'express';
import { AppError } from '../domain/errors.js';

/**
 * PostgreSQL cannot store U+0000 in text, and no person types it: a NUL anywhere in what a
 * client sends is refused at the edge (REST and sockets alike) instead of failing deep inside.
 */
export function refuseNulCharacters(value: unknown, where: string): void {
  const path = findNulCharacter(value, where);
  if (path) throw new AppError('invalid_input', `${path}: text may not contain the NUL character (\\u0000).`, [{ path, message: 'contains NUL' }]);
}

/** The path of the first string or key holding a NUL, walked without recursion so deep nesting cannot overflow the stack. */
export function findNulCharacter(value: unknown, root: string): string | undefined {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = `${path}.${key}`;
        if (key.includes('\u0000')) return path;
        pending.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** %00 in the URL decodes to NUL in a path parameter or query value. */
const ENCODED_NUL = /%00/i;

/** Refuses NUL in the URL (path and query) and in the parsed JSON body; mount after the body parser. */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  if (ENCODED_NUL.test(req.originalUrl) || req.originalUrl.includes('\u0000')) {
    next(new AppError('invalid_input', 'The URL may not contain the NUL character (%00).'));
    return;
  }
  refuseNulCharacters(req.body, 'body');
  next();
};
