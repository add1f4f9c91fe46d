import { Router } from 'express';
import { z } from 'zod';
import { requireUser } from '../../http/auth.middleware.js';
import { idSchema } from '../../http/schemas.js';
import type { AuthService } from '../auth/auth.service.js';
import type { AdminService } from './admin.service.js';

const createUserBody = z.object({
  email: z.string().trim().max(320).email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10, 'A password needs at least 10 characters.').max(1024),
  role: z.enum(['ADMIN', 'SUPERVISOR', 'AGENT']).default('AGENT'),
  capacity: z.number().int().min(1).max(100).default(6),
  teamIds: z.array(idSchema).max(50).default([]),
});

const createInboxBody = z.object({
  name: z.string().trim().min(1).max(200),
  channel: z.enum(['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET']),
  teamId: idSchema.optional(),
  // Flat channel settings (allowed origins, greeting, ...); nested structures come with their channel.
  settings: z.record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.boolean(), z.array(z.string().max(500)).max(100)])).optional(),
});

/** Supervisors may look; only admins change the organisation. */
export function adminRoutes(auth: AuthService, admin: AdminService): Router {
  const router = Router();
  const canView = requireUser(auth, 'ADMIN', 'SUPERVISOR');
  const canChange = requireUser(auth, 'ADMIN');

  router.get('/users', canView, async (_req, res) => {
    res.json({ items: await admin.listUsers() });
  });
  router.post('/users', canChange, async (req, res) => {
    res.status(201).json({ user: await admin.createUser(createUserBody.parse(req.body)) });
  });
  router.get('/teams', canView, async (_req, res) => {
    res.json({ items: await admin.listTeams() });
  });
  router.get('/inboxes', canView, async (_req, res) => {
    res.json({ items: await admin.listInboxes() });
  });
  router.post('/inboxes', canChange, async (req, res) => {
    res.status(201).json({ inbox: await admin.createInbox(createInboxBody.parse(req.body)) });
  });

  return router;
}
