import type { MessageView } from '../../contracts/conversation.views.js';
import type { WidgetMessage } from '../../contracts/widget.views.js';

/** A message as a visitor may see it: no internal ids or errors, attachments with signed links. */
export function toWidgetMessage(message: MessageView, downloadPath: (attachmentId: string) => string): WidgetMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    senderName: message.senderName,
    text: message.text,
    clientMessageId: message.clientMessageId,
    deliveryStatus: message.deliveryStatus,
    attachments: message.attachments.map((attachment) => ({ ...attachment, url: downloadPath(attachment.id) })),
    createdAt: message.createdAt,
  };
}
