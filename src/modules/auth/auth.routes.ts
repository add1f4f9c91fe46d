import { Router, type CookieOptions } from 'express';
import { z } from 'zod';
import { currentUser, requireUser, SESSION_COOKIE, sessionIdFromCookieHeader } from '../../http/auth.middleware.js';
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

export function authRoutes(auth: AuthService, options: AuthRoutesOptions): Router {
  const router = Router();
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' };
  const startSession = (res: Parameters<typeof currentUser>[0], sessionId: string) =>
    res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions, maxAge: options.maxAgeSeconds * 1000 });
  const withTeams = async <User extends { id: string }>(user: User) => ({ ...user, teamIds: await options.teamIdsOf(user.id) });

  router.post('/login', async (req, res) => {
    const { email, password } = loginBody.parse(req.body);
    const { sessionId, user } = await auth.login({ email, password, ip: req.ip ?? 'unknown' });
    startSession(res, sessionId);
    res.json({ user });
  });

  router.post('/invitations/accept', async (req, res) => {
    const { token, password } = acceptInvitationBody.parse(req.body);
    const { sessionId, user } = await auth.acceptInvitation({ token, password, ip: req.ip ?? 'unknown' });
    startSession(res, sessionId);
    res.json({ user: await withTeams(user) });
  });

  router.post('/logout', async (req, res) => {
    const sessionId = sessionIdFromCookieHeader(req.headers.cookie);
    if (sessionId) await auth.logout(sessionId);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.post('/logout-everywhere', requireUser(auth), async (_req, res) => {
    await auth.signOutEverywhere(currentUser(res).id);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/me', requireUser(auth), async (_req, res) => {
    res.json({ user: await withTeams(currentUser(res)) });
  });

  router.patch('/me', requireUser(auth), async (req, res) => {
    const user = await auth.updateOwnProfile(currentUser(res).id, ownProfileBody.parse(req.body));
    res.json({ user: await withTeams(user) });
  });

  return router;
}
