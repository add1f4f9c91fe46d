import { Router, type CookieOptions } from 'express';
import { z } from 'zod';
import { currentUser, requireUser, SESSION_COOKIE, sessionIdFromCookieHeader } from '../../http/auth.middleware.js';
import type { AuthService } from './auth.service.js';

const loginBody = z.object({
  email: z.string().trim().max(320).email(),
  password: z.string().min(1).max(1024),
});

export function authRoutes(auth: AuthService, cookie: { secure: boolean; maxAgeSeconds: number }): Router {
  const router = Router();
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: '/' };

  router.post('/login', async (req, res) => {
    const { email, password } = loginBody.parse(req.body);
    const { sessionId, user } = await auth.login({ email, password, ip: req.ip ?? 'unknown' });
    res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions, maxAge: cookie.maxAgeSeconds * 1000 });
    res.json({ user });
  });

  router.post('/logout', async (req, res) => {
    const sessionId = sessionIdFromCookieHeader(req.headers.cookie);
    if (sessionId) await auth.logout(sessionId);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/me', requireUser(auth), (_req, res) => {
    res.json({ user: currentUser(res) });
  });

  return router;
}
