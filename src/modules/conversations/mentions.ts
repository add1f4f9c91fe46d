import type { Prisma } from '@prisma/client';
import type { Mention } from '../../contracts/conversation.views.js';
import { AppError } from '../../domain/errors.js';
import type { AdminService } from '../admin/admin.service.js';

/** The mentioned users by id, in the given order; unknown or deactivated ones are refused. */
export async function resolveMentions(admin: Pick<AdminService, 'activeUsers'>, userIds: string[]): Promise<Mention[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const users = await admin.activeUsers(unique);
  if (users.length !== unique.length) {
    const known = new Set(users.map((user) => user.id));
    throw new AppError('invalid_input', `Mentions must name active users; unknown: ${unique.filter((id) => !known.has(id)).join(', ')}.`);
  }
  const byId = new Map(users.map((user) => [user.id, user]));
  return unique.map((id) => byId.get(id)!);
}

/** The mentions stored with a message, or none. */
export function mentionsOf(channelData: Prisma.JsonValue | null): Mention[] {
  const mentions = (channelData as { mentions?: unknown } | null)?.mentions;
  if (!Array.isArray(mentions)) return [];
  return mentions.filter(
    (mention): mention is Mention => typeof mention?.id === 'string' && typeof mention?.name === 'string',
  );
}
