import express, { Router, type RequestHandler } from 'express';
import { refuseDeclaredOversize, uploadQuery } from '../attachments/attachments.routes.js';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { AppError } from '../../domain/errors.js';
import { requireUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import type { AuthService } from '../auth/auth.service.js';
import { consumeOrRefuse } from './rate-limit.js';
import type { WebchatService } from './webchat.service.js';
import { webchatSettingsInput } from './widget-settings.js';

export interface WebchatRoutesOptions {
  maxUploadBytes: number;
  uploadLimiter: RateLimiterRedis;
}

/**
 * The widget's REST side, called from customers' websites: CORS answers only pages of the
 * inbox's allowed origins. Visitors authenticate with their visitor token (Bearer).
 */
export function webchatRoutes(webchat: WebchatService, options: WebchatRoutesOptions): Router {
  const router = Router();
  router.use('/widget/:inboxToken', allowInboxOrigins(webchat));

  router.post(
    '/widget/:inboxToken/uploads',
    refuseDeclaredOversize(options.maxUploadBytes),
    express.raw({ type: () => true, limit: options.maxUploadBytes }),
    async (req, res) => {
      const { fileName } = uploadQuery.parse(req.query);
      const visitorToken = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!visitorToken) throw new AppError('unauthenticated', 'Send the visitor token as "Authorization: Bearer <token>".');
      const visitor = await webchat.authenticateVisitor(String(req.params.inboxToken), visitorToken, req.headers.origin);
      await consumeOrRefuse(options.uploadLimiter, visitor.visitorId, 'files');
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.status(201).json({ upload: await webchat.storeUpload(visitor, fileName, bytes) });
    },
  );

  return router;
}

/** Admins configure an inbox's widget; the caller mounts these behind requireUser. */
export function webchatAdminRoutes(webchat: WebchatService, auth: AuthService): Router {
  const router = Router();
  const adminsOnly = requireUser(auth, 'ADMIN');

  router.get('/inboxes/:id/widget-settings', requireUser(auth, 'ADMIN', 'SUPERVISOR'), async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ settings: await webchat.settings(id) });
  });

  router.put('/inboxes/:id/widget-settings', adminsOnly, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ settings: await webchat.updateSettings(id, webchatSettingsInput.parse(req.body)) });
  });

  router.post('/inboxes/:id/identity-secret', adminsOnly, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.status(201).json({ identitySecret: await webchat.rotateIdentitySecret(id) });
  });

  return router;
}

function allowInboxOrigins(webchat: WebchatService): RequestHandler {
  return async (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (await webchat.isOriginAllowed(String(req.params.inboxToken), origin))) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Headers': 'authorization, content-type',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Max-Age': '600',
      });
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

/** Says how large a file may be before reading a byte of one that declares it is larger. */
