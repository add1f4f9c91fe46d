import { z } from 'zod';
import { PRESENCE_STATUSES } from '../../contracts/enums.js';
import { idSchema } from '../../http/schemas.js';

export const presenceBody = z.object({ status: z.enum(PRESENCE_STATUSES) });

export const assigneeBody = z.object({ assigneeId: idSchema.nullable() });

export const transferBody = z
  .object({
    toAgentId: idSchema.optional(),
    toTeamId: idSchema.optional(),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((body) => Boolean(body.toAgentId) !== Boolean(body.toTeamId), {
    message: 'Transfer to exactly one of "toAgentId" or "toTeamId".',
  });
