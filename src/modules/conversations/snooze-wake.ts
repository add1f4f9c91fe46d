import type { Conversation } from '@prisma/client';
import { systemClock, type Clock } from '../../infra/clock.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvents } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import { toConversationView } from './conversation.views.js';

/** At most this many conversations wake per statement; the next sweep takes the rest. */
const BATCH = 500;

/** Reopens snoozed conversations whose time has come, so routing and the consoles see them again. */
export class SnoozeWaker {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<ConversationEvents>,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * One sweep. SKIP LOCKED lets several processes sweep at once: each conversation wakes in
   * exactly one of them, and a conversation someone is changing right now waits for the next sweep.
   */
  async wakeDue(): Promise<number> {
    const now = new Date(this.clock.now());
    return runWithEvents(this.db, this.bus, async (tx, emit) => {
      const rows = await tx.$queryRaw<(Conversation & { previousSnoozedUntil: Date })[]>`
        WITH due AS (
          SELECT id, "snoozedUntil" FROM "Conversation"
          WHERE status = 'SNOOZED' AND "snoozedUntil" <= ${now}
          ORDER BY "snoozedUntil" LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE "Conversation" AS c SET status = 'OPEN', "snoozedUntil" = NULL, "updatedAt" = ${now}
        FROM due WHERE c.id = due.id
        RETURNING c.*, due."snoozedUntil" AS "previousSnoozedUntil"`;
      await recordTimelineEvents(
        tx,
        rows.map((row) => ({
          customerId: row.customerId,
          conversationId: row.id,
          kind: 'conversation.reopened' as const,
          actorType: 'SYSTEM' as const,
          data: { reason: 'snooze_ended' },
        })),
      );
      for (const { previousSnoozedUntil, ...row } of rows) {
        const conversation = toConversationView(row);
        const previous = { ...conversation, status: 'SNOOZED' as const, snoozedUntil: previousSnoozedUntil.toISOString() };
        emit('conversation.updated', { conversation, previous, actorUserId: null });
      }
      return rows.length;
    });
  }
}
