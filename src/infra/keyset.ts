import { decodeCursor, encodeCursor, type Cursor } from '../domain/cursor.js';
import { AppError } from '../domain/errors.js';

/**
 * Keyset pagination over (timestamp desc, id desc): stable under inserts and as fast
 * on the millionth row as on the first, unlike OFFSET.
 */
export function parseCursor(encoded: string | undefined): Cursor | undefined {
  if (encoded === undefined) return undefined;
  const cursor = decodeCursor(encoded);
  if (!cursor) throw new AppError('invalid_input', 'The cursor is not valid; start again from the first page.');
  return cursor;
}

/** Prisma where-fragment for rows after `cursor` in (field desc, id desc) order. */
export function olderThan<Field extends string>(field: Field, cursor: Cursor | undefined) {
  if (!cursor) return {};
  return {
    OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }],
  } as { OR: ({ [K in Field]: Date | { lt: Date } } & { id?: { lt: string } })[] };
}

/** Cuts the one extra row a query fetched into a page and the cursor of the next page. */
export function toPage<Row extends { id: string }>(rows: Row[], limit: number, sortValue: (row: Row) => Date) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: sortValue(last), id: last.id }) : null;
  return { items, nextCursor };
}
