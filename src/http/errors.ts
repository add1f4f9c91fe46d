import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../domain/errors.js';
import type { Logger } from '../infra/logger.js';
import { isDependencyOutage } from '../infra/outage.js';

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unsupported_media_type: 415,
  unavailable: 503,
};

/** How long a client should wait before trying again while PostgreSQL or Redis is away. */
const OUTAGE_RETRY_SECONDS = 5;

export interface ErrorBody {
  error: { code: ErrorCode | 'internal'; message: string; details?: unknown };
}

/** Turns anything thrown into an AppError a client can act on; unknown errors become undefined. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    const message = error.issues
      .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return new AppError(
      'invalid_input',
      message,
      error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  if (isDependencyOutage(error)) {
    return new AppError('unavailable', 'The service is briefly unavailable (its database or queue cannot be reached); try again shortly.', {
      retryAfterSeconds: OUTAGE_RETRY_SECONDS,
    });
  }
  // Express's router could not decode a %-escape in a path parameter.
  if (error instanceof URIError) return new AppError('invalid_input', 'The URL has a broken %-encoding.');
  if (isInvalidTextEncoding(error)) return new AppError('invalid_input', 'Text must be valid UTF-8 without NUL characters.');
  return bodyParserError(error);
  return undefined;
}

/** body-parser's refusals (malformed JSON, too large, unknown charset or encoding) in our words. */
function bodyParserError(error: unknown): AppError | undefined {
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === 'entity.parse.failed') return new AppError('invalid_input', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large.');
  if (type === 'charset.unsupported') return new AppError('unsupported_media_type', 'The request body must be JSON in UTF-8 (charset=utf-8).');
  if (type === 'encoding.unsupported') return new AppError('unsupported_media_type', 'The request body must not be compressed with that Content-Encoding.');
  if (type && status && status >= 400 && status < 500) return new AppError('invalid_input', `The request body could not be read (${type}).`);
  return undefined;
}

/** PostgreSQL refused a string's bytes (22021): a NUL that slipped past the edge checks. */
function isInvalidTextEncoding(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { code?: string } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.code === '22021';
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) } };
}

export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toAppError(error);
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
      const body: ErrorBody = { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } };
      res.status(500).json(body);
      return;
    }
    if (known.code === 'unavailable') logger.warn({ err: error, method: req.method, path: req.path }, 'dependency unavailable');
    const retryAfter = (known.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(statusByCode[known.code]).json(errorBody(known));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` } };
  res.status(404).json(body);
};
