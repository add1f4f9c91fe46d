import type { Conversation } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { moveTimelineEvents, recordTimelineEvent } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import { toConversationView } from './conversation.views.js';
import type { Actor } from './conversations.service.js';

/** Folds one conversation of a customer into another: one thread instead of two. */
export class ConversationMerge {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<ConversationEvents>,
  ) {}

  /**
   * Moves the source's messages, timeline and labels into the target, then resolves the source
   * and points it at the target (it is never listed again). The resolve reaches routing as any
   * resolve does: the source leaves its queue or its agent's load.
   */
  async merge(targetId: string, sourceId: string, actor: Actor): Promise<{ conversation: ConversationView; source: ConversationView }> {
    if (targetId === sourceId) throw new AppError('conflict', 'A conversation cannot be merged into itself.');
    const before = await this.db.conversation.findMany({ where: { id: { in: [targetId, sourceId] } } });
    if (!before.some((row) => row.id === targetId)) throw new AppError('not_found', 'No conversation with this id.');
    if (!before.some((row) => row.id === sourceId)) throw new AppError('not_found', 'No source conversation with this id.');

    return runWithEvents(this.db, this.bus, async (tx, emit) => {
      // The spine's (customer, inbox) locks first, in one order: no message can land on the source
      // while it moves, and ingestion (which takes the same locks before rows) cannot deadlock with us.
      const keys = [...new Set(before.map((row) => `${row.customerId}|${row.inboxId}`))].sort();
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtext(split_part(key, '|', 1)), hashtext(split_part(key, '|', 2)))
        FROM unnest(${keys}::text[]) WITH ORDINALITY AS locks(key, position) ORDER BY position`;
      const locked = await tx.$queryRaw<Conversation[]>`
        SELECT * FROM "Conversation" WHERE id IN (${targetId}::uuid, ${sourceId}::uuid) ORDER BY id FOR UPDATE`;
      const previousTarget = locked.find((row) => row.id === targetId)!;
      const previousSource = locked.find((row) => row.id === sourceId)!;
      if (previousTarget.customerId !== previousSource.customerId) {
        throw new AppError('conflict', "Only conversations of the same customer can be merged.");
      }
      if (previousTarget.mergedIntoId || previousSource.mergedIntoId) {
        throw new AppError('conflict', 'One of these conversations was already merged into another.');
      }
      // A client message id is unique per conversation: a clash keeps the message, without its id.
      await tx.$executeRaw`
        UPDATE "Message" AS m SET "conversationId" = ${targetId}::uuid,
          "clientMessageId" = CASE WHEN EXISTS (
            SELECT 1 FROM "Message" t WHERE t."conversationId" = ${targetId}::uuid AND t."clientMessageId" = m."clientMessageId"
          ) THEN NULL ELSE m."clientMessageId" END
        WHERE m."conversationId" = ${sourceId}::uuid`;
      await moveTimelineEvents(tx, sourceId, targetId);
      await tx.$executeRaw`
        INSERT INTO "ConversationLabel" ("conversationId", "labelId")
        SELECT ${targetId}::uuid, "labelId" FROM "ConversationLabel" WHERE "conversationId" = ${sourceId}::uuid
        ON CONFLICT DO NOTHING`;
      // Conversations merged into the source earlier now point at the target: one step always leads to a listed one.
      await tx.conversation.updateMany({ where: { mergedIntoId: sourceId }, data: { mergedIntoId: targetId } });
      const now = new Date();
      const source = await tx.conversation.update({
        where: { id: sourceId },
        data: { mergedIntoId: targetId, status: 'RESOLVED', resolvedAt: now, snoozedUntil: null, queuedAt: null },
      });
      const target = await tx.conversation.update({
        where: { id: targetId },
        data: { lastMessageAt: previousSource.lastMessageAt > previousTarget.lastMessageAt ? previousSource.lastMessageAt : previousTarget.lastMessageAt },
      });
      const event = { customerId: target.customerId, kind: 'merged' as const, actorType: 'AGENT' as const, actorUserId: actor.userId };
      await recordTimelineEvent(tx, { ...event, conversationId: targetId, data: { sourceId, sourceNumber: source.number } });
      await recordTimelineEvent(tx, { ...event, conversationId: sourceId, data: { targetId, targetNumber: target.number } });
      const conversation = toConversationView(target);
      const sourceView = toConversationView(source);
      emit('conversation.updated', { conversation: sourceView, previous: toConversationView(previousSource), actorUserId: actor.userId });
      emit('conversation.updated', { conversation, previous: toConversationView(previousTarget), actorUserId: actor.userId });
      return { conversation, source: sourceView };
    });
  }
}
