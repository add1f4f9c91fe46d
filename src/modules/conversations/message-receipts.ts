import type { MessageDirection } from '@prisma/client';
import { deliveryStatusesBefore } from '../../domain/delivery-status.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import type { ConversationEvents } from './conversation.events.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import { messageViewInclude, toConversationView, toMessageView } from './conversation.views.js';

export interface MarkSeenOptions {
  conversationId: string;
  /** Whose messages were seen: OUTBOUND when the customer saw the agents', INBOUND when an agent saw the customer's. */
  direction: MessageDirection;
  status: 'DELIVERED' | 'READ';
}

/** Delivered/read receipts: the other side has received or seen a conversation's messages. */
export class MessageReceipts {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<ConversationEvents>,
  ) {}

  /** Marks every not-yet-seen public message of one side; publishes one message.updated per change. */
  async markSeen(options: MarkSeenOptions): Promise<MessageView[]> {
    const where = {
      conversationId: options.conversationId,
      direction: options.direction,
      isPrivate: false,
      deliveryStatus: { in: deliveryStatusesBefore(options.status) },
    };
    return runWithEvents(this.db, this.bus, async (tx, emit) => {
      const pending = await tx.message.findMany({ where, select: { id: true } });
      if (pending.length === 0) return [];
      const ids = pending.map((message) => message.id);
      await tx.message.updateMany({ where: { ...where, id: { in: ids } }, data: { deliveryStatus: options.status } });
      const changed = await tx.message.findMany({
        where: { id: { in: ids } },
        include: { ...messageViewInclude, conversation: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return changed.map((row) => {
        const message = toMessageView(row);
        emit('message.updated', { message, conversation: toConversationView(row.conversation) });
        return message;
      });
    });
  }
}
