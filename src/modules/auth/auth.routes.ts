import type { CookieOptions, Response } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, sessionIdFromCookieHeader } from '../../http/auth.middleware.js';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { isTimeZone } from '../../domain/business-hours.js';
import type { AuthService } from './auth.service.js';

const loginBody = z.object({
  email: z.string().trim().max(320).email(),
  password: z.string().min(1).max(1024),
});

const acceptInvitationBody = z.object({
  token: z.string().min(1).max(200),
  // How strong it must be is decided with the account's e-mail (hashNewPassword).
  password: z.string().min(1, 'Choose a password.').max(4096),
});

const ownProfileBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    locale: z.enum(['en', 'zh-CN'], { error: 'The console speaks "en" and "zh-CN".' }).optional(),
    timeZone: z
      .string()
      .max(100)
      .refine(isTimeZone, 'Not a time zone; use an IANA name such as "Europe/Berlin".')
      .optional(),
  })
  .strict();

export interface AuthRoutesOptions {
  secure: boolean;
  maxAgeSeconds: number;
  /** The teams a user belongs to (the admin module knows). */
  teamIdsOf: (userId: string) => Promise<string[]>;
}

export function authRoutes(auth: AuthService, options: AuthRoutesOptions): RouteDefinition[] {
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' };
  const startSession = (res: Response, sessionId: string) =>
    res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions, maxAge: options.maxAgeSeconds * 1000 });
  const withTeams = async <User extends { id: string }>(user: User) => ({ ...user, teamIds: await options.teamIdsOf(user.id) });

  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      auth: 'public',
      body: loginBody,
      handle: async ({ body: { email, password }, req, res }) => {
        const { sessionId, user } = await auth.login({ email, password, ip: req.ip ?? 'unknown' });
        startSession(res, sessionId);
        return { user };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/invitations/accept',
      auth: 'public',
      body: acceptInvitationBody,
      handle: async ({ body: { token, password }, req, res }) => {
        const { sessionId, user } = await auth.acceptInvitation({ token, password, ip: req.ip ?? 'unknown' });
        startSession(res, sessionId);
        return { user: await withTeams(user) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      auth: 'public',
      handle: async ({ req, res }) => {
        const sessionId = sessionIdFromCookieHeader(req.headers.cookie);
        if (sessionId) await auth.logout(sessionId);
        res.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout-everywhere',
      auth: 'signedIn',
      handle: async ({ user, res }) => {
        await auth.signOutEverywhere(user.id);
        res.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    }),
    defineRoute({ method: 'get', path: '/auth/me', auth: 'signedIn', handle: async ({ user }) => ({ user: await withTeams(user) }) }),
    defineRoute({
      method: 'patch',
      path: '/auth/me',
      auth: 'signedIn',
      body: ownProfileBody,
      handle: async ({ body, user }) => ({ user: await withTeams(await auth.updateOwnProfile(user.id, body)) }),
    }),
  ];
}
