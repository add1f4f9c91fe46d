import { z } from 'zod';
import { idSchema } from '../../http/schemas.js';

export const ratingBody = z.object({
  conversationId: idSchema,
  rating: z.int().min(1, 'A rating is 1 to 5.').max(5, 'A rating is 1 to 5.'),
  comment: z.string().trim().max(2000, 'A comment can have at most 2000 characters.').default(''),
});

export type RatingInput = z.infer<typeof ratingBody>;
