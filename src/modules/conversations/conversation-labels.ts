import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import { toConversationView } from './conversation.views.js';
import type { Actor } from './conversations.service.js';

/** Which labels a conversation carries; the catalogue itself is the labels module's. */
export class ConversationLabels {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<ConversationEvents>,
    /** Those of the ids that name no label (the labels module answers). */
    private readonly unknownLabelIds: (ids: string[]) => Promise<string[]>,
  ) {}

  async labelIdsOf(conversationId: string): Promise<string[]> {
    const rows = await this.db.conversationLabel.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => row.labelId);
  }

  /** Sets exactly these labels, records what was added and removed, and tells the consoles. */
  async set(conversationId: string, labelIds: string[], actor: Actor): Promise<ConversationView> {
    const wanted = [...new Set(labelIds)];
    const unknown = await this.unknownLabelIds(wanted);
    if (unknown.length > 0) throw new AppError('invalid_input', `No label with id ${unknown.join(', ')}.`);
    return runWithEvents(this.db, this.bus, async (tx, emit) => {
      // The row lock makes two consoles changing labels at once take turns, so neither change is lost.
      const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Conversation" WHERE id = ${conversationId}::uuid FOR UPDATE`;
      if (!row) throw new AppError('not_found', 'No conversation with this id.');
      const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { labels: { orderBy: { createdAt: 'asc' } } } });
      const before = conversation.labels.map((label) => label.labelId);
      const added = wanted.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !wanted.includes(id));
      if (removed.length) await tx.conversationLabel.deleteMany({ where: { conversationId, labelId: { in: removed } } });
      if (added.length) await tx.conversationLabel.createMany({ data: added.map((labelId) => ({ conversationId, labelId })) });
      if (added.length || removed.length) {
        await recordTimelineEvent(tx, {
          customerId: conversation.customerId,
          conversationId,
          kind: 'labels_changed',
          actorType: 'AGENT',
          actorUserId: actor.userId,
          data: { added, removed },
        });
      }
      const view = toConversationView(conversation);
      const previous = { ...view, labelIds: before };
      const current = { ...view, labelIds: [...before.filter((id) => !removed.includes(id)), ...added] };
      if (current.labelIds.join() !== previous.labelIds.join()) {
        emit('conversation.updated', { conversation: current, previous, actorUserId: actor.userId });
      }
      return current;
    });
  }
}
