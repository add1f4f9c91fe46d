import type { DeliveryStatus, Prisma } from '@prisma/client';
import { deliveryStatusesAfter } from '../../domain/delivery-status.js';
import { AppError } from '../../domain/errors.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import { findInbox, type ConversationsDeps } from './conversations.deps.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import { messageViewInclude, toConversationView, toMessageView } from './conversation.views.js';

/** Outbound messages on their way to the channel: handing over, what the channel reported, retries. */
export function createDeliveryState({ db, bus, admin, outbound }: Pick<ConversationsDeps, 'db' | 'bus' | 'admin' | 'outbound'>) {
  async function dispatchOutbound(messageId: string, inboxId: string): Promise<void> {
    const inbox = await findInbox(admin, inboxId);
    await outbound.dispatch({ id: messageId, channel: inbox.channel });
  }

  /**
   * Records what a channel said about an outbound message and tells everyone watching;
   * channelMessageId is the id the channel gave it, which later replies refer to; channelData
   * is merged into the message's (how it went out, e.g. by e-mail for a visitor who left).
   */
  async function markDelivery(
    messageId: string,
    status: DeliveryStatus,
    error?: string,
    channelMessageId?: string,
    channelData?: Prisma.InputJsonObject,
  ): Promise<MessageView> {
    return runWithEvents(db, bus, async (tx, emit) => {
      if (channelData) {
        const current = await tx.message.findUnique({ where: { id: messageId }, select: { channelData: true } });
        const merged = { ...((current?.channelData ?? {}) as Prisma.JsonObject), ...channelData } as Prisma.InputJsonObject;
        await tx.message.update({ where: { id: messageId }, data: { channelData: merged } });
      }
      // A receipt (delivered, read) can overtake the channel's own report: never move a message back.
      const { count } = await tx.message.updateMany({
        where: { id: messageId, NOT: { deliveryStatus: { in: deliveryStatusesAfter(status) } } },
        data: {
          deliveryStatus: status,
          deliveryError: status === 'FAILED' ? (error ?? 'Delivery failed.') : null,
          ...(channelMessageId && { channelMessageId }),
        },
      });
      const message = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { ...messageViewInclude, conversation: true } });
      const view = toMessageView(message);
      if (count === 0) return view;
      if (status === 'FAILED') {
        await recordTimelineEvent(tx, {
          customerId: message.conversation.customerId,
          conversationId: message.conversationId,
          messageId,
          kind: 'delivery.failed',
          actorType: 'SYSTEM',
          data: { error: error ?? '' },
        });
      }
      emit('message.updated', { message: view, conversation: toConversationView(message.conversation) });
      return view;
    });
  }

  return {
    dispatchOutbound,
    markDelivery,

    /** Loads an outbound message for its channel, with what delivery needs to address it. */
    async getOutboundMessage(messageId: string) {
      const message = await db.message.findUnique({ where: { id: messageId }, include: { ...messageViewInclude, conversation: true } });
      if (!message || message.direction !== 'OUTBOUND' || message.isPrivate) return null;
      const inbox = await findInbox(admin, message.inboxId);
      return { message: { ...message, inbox }, view: toMessageView(message) };
    },

    /** An agent asks to send a failed message again. */
    async retryDelivery(messageId: string): Promise<MessageView> {
      const message = await db.message.findUnique({ where: { id: messageId } });
      if (!message) throw new AppError('not_found', 'No message with this id.');
      if (message.deliveryStatus !== 'FAILED') throw new AppError('conflict', 'Only a failed message can be sent again.');
      const view = await markDelivery(messageId, 'QUEUED');
      await dispatchOutbound(messageId, message.inboxId);
      return view;
    },

    /** Outbound messages stored but not handed over (a crash between commit and enqueue). */
    async findUndispatchedMessages(): Promise<{ id: string; inboxId: string }[]> {
      return db.message.findMany({ where: { deliveryStatus: 'QUEUED' }, select: { id: true, inboxId: true } });
    },
  };
}
