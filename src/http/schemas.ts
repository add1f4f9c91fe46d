import { z } from 'zod';

/** Shared pieces of request schemas. */
export const idSchema = z.uuid({ message: 'must be a valid id' });
export const idParams = z.object({ id: idSchema });
export const pageLimit = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback);
