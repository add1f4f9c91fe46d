import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams, idSchema } from '../../http/schemas.js';
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

const viewers = ['ADMIN', 'SUPERVISOR'] as const;
const admins = ['ADMIN'] as const;

/** Supervisors may look; only admins change the organisation. Everyone signed in reads the directory. */
export function adminRoutes(admin: AdminService, options: AdminRoutesOptions): RouteDefinition[] {
  const baseUrl = (req: Request) => options.publicUrl ?? `${req.protocol}://${req.get('host')}`;

  return [
    defineRoute({
      method: 'get',
      path: '/directory',
      auth: 'signedIn',
      handle: async () => {
        const [directory, labels] = await Promise.all([admin.directory(), options.listLabels()]);
        return { ...directory, labels: labels.map(({ id, name, color }) => ({ id, name, color })) };
      },
    }),

    defineRoute({ method: 'get', path: '/users', auth: viewers, handle: async () => ({ items: await admin.listUsers() }) }),
    defineRoute({
      method: 'post',
      path: '/users',
      auth: admins,
      body: createUserBody,
      status: 201,
      handle: async ({ body }) => ({ user: await admin.createUser(body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/users/invitations',
      auth: admins,
      body: inviteUserBody,
      status: 201,
      handle: async ({ body, req }) => {
        const { user, token } = await admin.inviteUser(body);
        return { user, inviteUrl: `${baseUrl(req)}/#/invite/${token}` };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:id',
      auth: admins,
      params: idParams,
      body: userChanges,
      handle: async ({ params: { id }, body, user: actor }) => {
        const user = await admin.updateUser(actor.id, id, body);
        await options.agentChanged(id);
        return { user };
      },
    }),

    defineRoute({ method: 'get', path: '/teams', auth: viewers, handle: async () => ({ items: await admin.listTeams() }) }),
    defineRoute({
      method: 'post',
      path: '/teams',
      auth: admins,
      body: createTeamBody,
      status: 201,
      handle: async ({ body }) => {
        const team = await admin.createTeam(body);
        // Agent sockets join team rooms when they connect: new members get the team's live events from their next connect.
        await Promise.all(team.memberships.map(({ userId }) => options.agentChanged(userId)));
        return { team };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/teams/:id',
      auth: admins,
      params: idParams,
      body: teamChanges,
      handle: async ({ params, body }) => {
        const { team, changedMembers } = await admin.updateTeam(params.id, body);
        await Promise.all(changedMembers.map((userId) => options.agentChanged(userId)));
        return { team };
      },
    }),

    defineRoute({ method: 'get', path: '/inboxes', auth: viewers, handle: async () => ({ items: await admin.listInboxes() }) }),
    defineRoute({
      method: 'post',
      path: '/inboxes',
      auth: admins,
      body: createInboxBody,
      status: 201,
      handle: async ({ body }) => ({ inbox: await admin.createInbox(body) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/inboxes/:id',
      auth: admins,
      params: idParams,
      body: inboxChanges,
      handle: async ({ params, body }) => ({ inbox: await admin.updateInbox(params.id, body) }),
    }),
  ];
}
