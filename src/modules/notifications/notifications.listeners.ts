import type { EventBus } from '../../infra/event-bus.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { NotificationView } from '../../contracts/notification.views.js';
import type { NotificationInput, NotificationsService } from './notifications.service.js';

/** Where a new notification goes live (the console's socket room of its user). */
export type NotificationPush = (userId: string, notification: NotificationView) => void;

/** Whether a user may see a conversation (the access policy answers). */
export type MaySee = (userId: string, conversationId: string) => Promise<boolean>;

/**
 * Turns conversation events into notifications: a mention in a note, work assigned to someone
 * by someone else (or by routing), a customer writing in a conversation someone holds.
 * Someone mentioned in work they may not see is not told about it.
 */
export function notifyOnConversationEvents(
  bus: EventBus<ConversationEvents>,
  notifications: NotificationsService,
  push: NotificationPush,
  maySee: MaySee,
): void {
  const store = async (inputs: NotificationInput[]) => {
    const views = await notifications.create(inputs);
    views.forEach((view, index) => push(inputs[index]!.userId, view));
  };

  bus.on('message.created', async ({ message, conversation }) => {
    const about = { conversationId: conversation.id, conversationNumber: conversation.number, messageId: message.id, preview: message.text };
    if (message.senderType === 'CUSTOMER') {
      if (conversation.assigneeId) await store([{ ...about, userId: conversation.assigneeId, kind: 'MESSAGE' }]);
      return;
    }
    const others = message.mentions.filter((mention) => mention.id !== message.senderUserId);
    const allowed = await Promise.all(others.map((mention) => maySee(mention.id, conversation.id)));
    const mentioned = others.filter((_mention, index) => allowed[index]);
    await store(mentioned.map((mention) => ({ ...about, userId: mention.id, kind: 'MENTION', actorUserId: message.senderUserId })));
  });

  bus.on('conversation.updated', async ({ conversation, previous, actorUserId }) => {
    const assignee = conversation.assigneeId;
    if (!assignee || assignee === previous.assigneeId || assignee === actorUserId) return;
    await store([
      {
        userId: assignee,
        kind: 'ASSIGNED',
        conversationId: conversation.id,
        conversationNumber: conversation.number,
        actorUserId: actorUserId ?? null,
        preview: conversation.subject || `Conversation #${conversation.number}`,
      },
    ]);
  });
}
