import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../../http/auth.middleware.js';
import { idParams, idSchema } from '../../http/schemas.js';
import type { AuthService } from '../auth/auth.service.js';
import type { AdminService } from './admin.service.js';

const role = z.enum(['ADMIN', 'SUPERVISOR', 'AGENT']);
const capacity = z.number().int().min(1).max(100);
const skills = z.array(z.string().trim().min(1).max(50)).max(50);
const teamIds = z.array(idSchema).max(50);
const routingPolicy = z.enum(['LEAST_BUSY', 'ROUND_ROBIN', 'LONGEST_IDLE']);
const atLeastOne = (changes: object) => Object.keys(changes).length > 0;

const createUserBody = z.object({
  email: z.string().trim().max(320).email(),
  name: z.string().trim().min(1).max(200),
  // How strong it must be is decided with the e-mail (the auth module's hashNewPassword).
  password: z.string().min(1, 'Choose a password.').max(4096),
  role: role.default('AGENT'),
  capacity: capacity.default(6),
  teamIds: teamIds.default([]),
});

const inviteUserBody = createUserBody.omit({ password: true }).extend({ skills: skills.default([]) });

const userChanges = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: role.optional(),
    capacity: capacity.optional(),
    skills: skills.optional(),
    teamIds: teamIds.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine(atLeastOne, 'Send at least one field to change.');

const teamFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  routingPolicy: routingPolicy.optional(),
  memberIds: z.array(idSchema).max(500).optional(),
};
const createTeamBody = z.object(teamFields).strict();
const teamChanges = z
  .object({
    ...teamFields,
    name: teamFields.name.optional(),
    overflowTeamId: idSchema.nullable().optional(),
    overflowAfterSeconds: z.number().int().min(10).max(7 * 24 * 3600).nullable().optional(),
  })
  .strict()
  .refine(atLeastOne, 'Send at least one field to change.');

const createInboxBody = z.object({
  name: z.string().trim().min(1).max(200),
  channel: z.enum(['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET']),
  teamId: idSchema.optional(),
  // Flat channel settings (allowed origins, greeting, ...); nested structures come with their channel.
  settings: z.record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.boolean(), z.array(z.string().max(500)).max(100)])).optional(),
});
const inboxChanges = z
  .object({ name: z.string().trim().min(1).max(200).optional(), teamId: idSchema.nullable().optional(), requiredSkills: skills.optional() })
  .strict()
  .refine(atLeastOne, 'Send at least one of name, teamId, requiredSkills.');

export interface AdminRoutesOptions {
  /** Where the console is reached; unset: the address the admin's request came to. */
  publicUrl?: string;
  /** The label catalogue for the directory (the labels module's). */
  listLabels: () => Promise<{ id: string; name: string; color: string }[]>;
  /** Routing reads an agent's teams, skills and capacity again (changes reach an online agent at once). */
  agentChanged: (userId: string) => Promise<void>;
}

/** Supervisors may look; only admins change the organisation. Everyone signed in reads the directory. */
export function adminRoutes(auth: AuthService, admin: AdminService, options: AdminRoutesOptions): Router {
  const router = Router();
  const signedIn = requireUser(auth);
  const canView = requireUser(auth, 'ADMIN', 'SUPERVISOR');
  const canChange = requireUser(auth, 'ADMIN');
  const baseUrl = (req: Request) => options.publicUrl ?? `${req.protocol}://${req.get('host')}`;

  router.get('/directory', signedIn, async (_req, res) => {
    const [directory, labels] = await Promise.all([admin.directory(), options.listLabels()]);
    res.json({ ...directory, labels: labels.map(({ id, name, color }) => ({ id, name, color })) });
  });

  router.get('/users', canView, async (_req, res) => {
    res.json({ items: await admin.listUsers() });
  });
  router.post('/users', canChange, async (req, res) => {
    res.status(201).json({ user: await admin.createUser(createUserBody.parse(req.body)) });
  });
  router.post('/users/invitations', canChange, async (req, res) => {
    const { user, token } = await admin.inviteUser(inviteUserBody.parse(req.body));
    res.status(201).json({ user, inviteUrl: `${baseUrl(req)}/#/invite/${token}` });
  });
  router.patch('/users/:id', canChange, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const user = await admin.updateUser(currentUser(res).id, id, userChanges.parse(req.body));
    await options.agentChanged(id);
    res.json({ user });
  });

  router.get('/teams', canView, async (_req, res) => {
    res.json({ items: await admin.listTeams() });
  });
  router.post('/teams', canChange, async (req, res) => {
    const team = await admin.createTeam(createTeamBody.parse(req.body));
    // Agent sockets join team rooms when they connect: new members get the team's live events from their next connect.
    await Promise.all(team.memberships.map(({ userId }) => options.agentChanged(userId)));
    res.status(201).json({ team });
  });
  router.patch('/teams/:id', canChange, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { team, changedMembers } = await admin.updateTeam(id, teamChanges.parse(req.body));
    await Promise.all(changedMembers.map((userId) => options.agentChanged(userId)));
    res.json({ team });
  });

  router.get('/inboxes', canView, async (_req, res) => {
    res.json({ items: await admin.listInboxes() });
  });
  router.post('/inboxes', canChange, async (req, res) => {
    res.status(201).json({ inbox: await admin.createInbox(createInboxBody.parse(req.body)) });
  });
  router.patch('/inboxes/:id', canChange, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json({ inbox: await admin.updateInbox(id, inboxChanges.parse(req.body)) });
  });

  return router;
}
