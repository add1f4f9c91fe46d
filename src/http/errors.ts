import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../domain/errors.js';
import type { Logger } from '../infra/logger.js';

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
};

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
  const bodyParserType = (error as { type?: string } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') return new AppError('invalid_input', 'The request body is not valid JSON.');
  if (bodyParserType === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large.');
  return undefined;
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
    const retryAfter = (known.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(statusByCode[known.code]).json(errorBody(known));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` } };
  res.status(404).json(body);
};
