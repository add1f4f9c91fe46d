import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { RatingView } from '../../contracts/csat.views.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import type { RatingInput } from './csat.schemas.js';

/** Where a new rating is announced (the console's sockets in the app). */
export type RatingPush = (conversation: ConversationView, rating: RatingView) => Promise<void>;

/** Customer satisfaction: one rating (1-5, optional comment) per resolved conversation. */
export class CsatService {
  private push: RatingPush = async () => {};

  constructor(
    private readonly db: Db,
    private readonly conversations: ConversationsService,
  ) {}

  /** Set once at start-up, when the sockets exist. */
  useRatingPush(push: RatingPush): void {
    this.push = push;
  }

  /** Records (or replaces) the customer's rating of their own resolved conversation. */
  async rateConversation(customerId: string, input: RatingInput): Promise<RatingView> {
    const conversation = await this.conversations.getConversation(input.conversationId).catch(() => null);
    if (!conversation || conversation.customerId !== customerId) {
      throw new AppError('not_found', 'No conversation of yours with this id.');
    }
    if (conversation.status !== 'RESOLVED') throw new AppError('conflict', 'A conversation can be rated once it is resolved.');
    const saved = await this.db.$transaction(async (tx) => {
      const values = { rating: input.rating, comment: input.comment };
      const saved = await tx.satisfactionRating.upsert({
        where: { conversationId: conversation.id },
        create: { conversationId: conversation.id, ...values },
        update: values,
      });
      await recordTimelineEvent(tx, {
        customerId,
        conversationId: conversation.id,
        kind: 'csat.rated',
        actorType: 'CUSTOMER',
        data: values,
      });
      return saved;
    });
    const rating = { rating: saved.rating, comment: saved.comment };
    await this.push(conversation, rating);
    return rating;
  }

  async findRating(conversationId: string): Promise<RatingView | null> {
    const row = await this.db.satisfactionRating.findUnique({ where: { conversationId } });
    return row ? { rating: row.rating, comment: row.comment } : null;
  }
}
