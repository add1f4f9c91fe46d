import { z } from 'zod';
import { idSchema, pageLimit } from '../../http/schemas.js';

export const conversationStatus = z.enum(['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED']);
export const conversationPriority = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'URGENT']);

export const listConversationsQuery = z.object({
  view: z.enum(['mine', 'unassigned', 'teams', 'all']).optional(),
  status: conversationStatus.optional(),
  channel: z.enum(['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET']).optional(),
  inboxId: idSchema.optional(),
  teamId: idSchema.optional(),
  labelId: idSchema.optional(),
  priority: conversationPriority.optional(),
  assignee: z.union([z.literal('me'), z.literal('unassigned'), idSchema]).optional(),
  q: z.string().trim().min(1, 'A search needs at least one character.').max(200, 'A search can have at most 200 characters.').optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit(25),
});

export const listMessagesQuery = z.object({
  before: idSchema.optional(),
  limit: pageLimit(50),
});

export const clientMessageId = z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits and - _ . : only');

/** Message text as agents and customers send it: limits come from config. */
export function messageText(maxChars: number) {
  return z
    .string()
    .trim()
    .min(1, 'A message needs some text.')
    .max(maxChars, `A message can have at most ${maxChars} characters.`);
}

/** Upload tokens from POST /api/uploads (the one upload path of every channel), redeemed only by the agent who uploaded. */
export const uploadTokens = z.array(z.string().min(1).max(4096)).max(10, 'A message can carry at most 10 files.').default([]);

export function agentMessageBody(maxChars: number) {
  return z
    .object({
      text: z.string().trim().max(maxChars, `A message can have at most ${maxChars} characters.`).default(''),
      isPrivate: z.boolean().default(false),
      clientMessageId: clientMessageId.optional(),
      mentions: z.array(idSchema).max(20, 'A note can mention at most 20 people.').default([]),
      uploads: uploadTokens,
    })
    .refine((body) => body.text.length > 0 || body.uploads.length > 0, { message: 'A message needs some text or a file.', path: ['text'] })
    .refine((body) => body.isPrivate || body.mentions.length === 0, {
      message: 'Only private notes can mention people (set "isPrivate": true).',
      path: ['mentions'],
    });
}

export const statusBody = z.object({
  status: conversationStatus,
  snoozedUntil: z.coerce.date().optional(),
});

export const teamBody = z.object({ teamId: idSchema.nullable() });
export const mergeBody = z.object({ sourceId: idSchema });
export const priorityBody = z.object({ priority: conversationPriority });
