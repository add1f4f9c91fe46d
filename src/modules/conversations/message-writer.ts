import type { Conversation, Prisma } from '@prisma/client';
import type { Emit } from '../../infra/events-in-transaction.js';
import { recordAttachments } from '../attachments/attachment-records.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import type { ConversationEvents } from './conversation.events.js';
import type { AttachmentInput } from './conversations.deps.js';
import { messageViewInclude, toConversationView, toMessageView, type MessageWithSender } from './conversation.views.js';

type Tx = Prisma.TransactionClient;

export interface OutboundFields {
  senderType: 'AGENT' | 'SYSTEM';
  agentId?: string;
  text: string;
  isPrivate: boolean;
  clientMessageId?: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
}

/**
 * The one way an agent's or the system's message (a reply, a note, a transfer note) is written:
 * the message, its files, the conversation's clocks, the timeline entry and `message.created`,
 * all inside the caller's transaction.
 */
export async function writeOutboundMessage(tx: Tx, emit: Emit<ConversationEvents>, current: Conversation, fields: OutboundFields) {
  const now = new Date();
  // The sender's name comes with the insert (a relation include) rather than a second read.
  const stored = await tx.message.create({
    data: {
      conversationId: current.id,
      inboxId: current.inboxId,
      direction: 'OUTBOUND',
      senderType: fields.senderType,
      senderUserId: fields.agentId,
      text: fields.text,
      isPrivate: fields.isPrivate,
      clientMessageId: fields.clientMessageId,
      deliveryStatus: fields.isPrivate ? null : 'QUEUED',
      channelData: fields.channelData,
    },
    include: { senderUser: messageViewInclude.senderUser },
  });
  const attachments = await recordAttachments(tx, (fields.attachments ?? []).map((file) => ({ ...file, messageId: stored.id })));
  const message: MessageWithSender = { ...stored, attachments };
  // Only a person answering counts as the first response; an automatic one does not.
  const firstResponseAt = current.firstResponseAt ?? (fields.senderType === 'AGENT' ? now : null);
  const conversation = fields.isPrivate
    ? current
    : await tx.conversation.update({ where: { id: current.id }, data: { lastMessageAt: now, firstResponseAt } });
  await recordTimelineEvent(tx, {
    customerId: current.customerId,
    conversationId: current.id,
    messageId: message.id,
    kind: fields.isPrivate ? 'note.added' : 'message.sent',
    actorType: fields.senderType,
    actorUserId: fields.agentId,
  });
  const view = toMessageView(message);
  emit('message.created', { message: view, conversation: toConversationView(conversation) });
  return { message, view, conversation };
}
