import type { RequestHandler } from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import { uploadQuery } from '../attachments/attachments.routes.js';
import { fileTooLarge } from '../attachments/attachments.service.js';
import { consumeOrRefuse } from './rate-limit.js';
import type { WebchatService } from './webchat.service.js';
import { webchatSettingsInput } from './widget-settings.js';

export interface WebchatRoutesOptions {
  maxUploadBytes: number;
  uploadLimiter: RateLimiterRedis;
}

const inboxTokenParams = z.object({ inboxToken: z.string().min(1).max(200) });

/**
 * The widget's REST side, called from customers' websites: CORS answers only pages of the
 * inbox's allowed origins. Visitors authenticate with their visitor token (Bearer): their access
 * is their own customer's.
 */
export function webchatRoutes(webchat: WebchatService, options: WebchatRoutesOptions): RouteDefinition[] {
  const cors = [allowInboxOrigins(webchat)];
  return [
    // The browser's preflight before an upload with an Authorization header.
    defineRoute({ method: 'options', path: '/widget/:inboxToken/uploads', auth: 'public', before: cors, handle: async () => undefined }),
    defineRoute({
      method: 'post',
      path: '/widget/:inboxToken/uploads',
      auth: 'public',
      before: cors,
      params: inboxTokenParams,
      query: uploadQuery,
      rawBody: { maxBytes: options.maxUploadBytes, declaredTooLarge: fileTooLarge(options.maxUploadBytes) },
      status: 201,
      handle: async ({ params, query, body, req }) => {
        const visitorToken = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!visitorToken) throw new AppError('unauthenticated', 'Send the visitor token as "Authorization: Bearer <token>".');
        const visitor = await webchat.authenticateVisitor(params.inboxToken, visitorToken, req.headers.origin);
        await consumeOrRefuse(options.uploadLimiter, visitor.visitorId, 'files');
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        return { upload: await webchat.storeUpload(visitor, query.fileName, bytes) };
      },
    }),
  ];
}

const admins = ['ADMIN'] as const;

/** Admins configure an inbox's widget; supervisors may look. */
export function webchatAdminRoutes(webchat: WebchatService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/inboxes/:id/widget-settings',
      auth: ['ADMIN', 'SUPERVISOR'],
      params: idParams,
      handle: async ({ params }) => ({ settings: await webchat.settings(params.id) }),
    }),
    defineRoute({
      method: 'put',
      path: '/inboxes/:id/widget-settings',
      auth: admins,
      params: idParams,
      body: webchatSettingsInput,
      handle: async ({ params, body }) => ({ settings: await webchat.updateSettings(params.id, body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/inboxes/:id/identity-secret',
      auth: admins,
      params: idParams,
      status: 201,
      handle: async ({ params }) => ({ identitySecret: await webchat.rotateIdentitySecret(params.id) }),
    }),
  ];
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
    next();
  };
}
