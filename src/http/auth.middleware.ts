import type { UserRole } from '@prisma/client';
import { parse as parseCookies } from 'cookie';
import type { RequestHandler } from 'express';
import { AppError } from '../domain/errors.js';
import type { AuthService } from '../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'cc_session';

export function sessionIdFromCookieHeader(header: string | undefined): string | undefined {
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}

/** Lets the request through only for a logged-in user with one of the roles (any role when none given); sets res.locals.user. */
export function requireUser(auth: AuthService, ...roles: UserRole[]): RequestHandler {
  return async (req, res, next) => {
    const user = await auth.authenticate(sessionIdFromCookieHeader(req.headers.cookie));
    if (!user) throw new AppError('unauthenticated', 'Log in first.');
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw new AppError('forbidden', 'Your role does not allow this.');
    }
    res.locals.user = user;
    next();
  };
}
