import type { Prisma } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { olderThan } from '../../infra/keyset.js';
import { messageViewInclude, toMessageView } from './conversation.views.js';

/**
 * One page of the messages in `scope`, newest first from just before `before` (a message id),
 * returned oldest first. Only a message in the scope can anchor a page: other ids reveal nothing.
 */
export async function findMessagePage(db: Db, scope: Prisma.MessageWhereInput, options: { before?: string; limit: number; anchorOutside: string }) {
  const anchor = options.before ? await db.message.findFirst({ where: { ...scope, id: options.before } }) : undefined;
  if (options.before && !anchor) throw new AppError('invalid_input', options.anchorOutside);
  const rows = await db.message.findMany({
    where: { ...scope, ...olderThan('createdAt', anchor ? { at: anchor.createdAt, id: anchor.id } : undefined) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    include: messageViewInclude,
  });
  return {
    items: rows.slice(0, options.limit).map(toMessageView).reverse(),
    hasOlder: rows.length > options.limit,
  };
}
