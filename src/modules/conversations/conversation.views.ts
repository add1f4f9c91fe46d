import type { Attachment, Conversation, Message } from '@prisma/client';
import type { ConversationView, MessageView } from '../../contracts/conversation.views.js';
import { mentionsOf } from './mentions.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toConversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    number: conversation.number,
    inboxId: conversation.inboxId,
    customerId: conversation.customerId,
    status: conversation.status,
    priority: conversation.priority,
    assigneeId: conversation.assigneeId,
    teamId: conversation.teamId,
    subject: conversation.subject,
    queuedAt: iso(conversation.queuedAt),
    assignedAt: iso(conversation.assignedAt),
    snoozedUntil: iso(conversation.snoozedUntil),
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    firstResponseAt: iso(conversation.firstResponseAt),
    resolvedAt: iso(conversation.resolvedAt),
    createdAt: conversation.createdAt.toISOString(),
    mergedIntoId: conversation.mergedIntoId,
  };
}

export type MessageWithSender = Message & {
  senderUser?: { name: string } | null;
  attachments?: Attachment[];
};

export function toMessageView(message: MessageWithSender): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    senderType: message.senderType,
    senderUserId: message.senderUserId,
    senderName: message.senderUser?.name ?? null,
    text: message.text,
    html: message.html,
    isPrivate: message.isPrivate,
    clientMessageId: message.clientMessageId,
    deliveryStatus: message.deliveryStatus,
    deliveryError: message.deliveryError,
    deliveredVia: deliveredViaOf(message.channelData),
    participant: participantOf(message.channelData),
    attachments: (message.attachments ?? []).map(({ id, fileName, contentType, byteSize }) => ({
      id,
      fileName,
      contentType,
      byteSize,
    })),
    mentions: mentionsOf(message.channelData),
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * Include clause that loads what toMessageView shows. It reaches into the admin module's users (the
 * sender's name) and the attachments module's files through relations on purpose: one read per message
 * page, instead of two more round trips on every message read and on ingest's duplicate check.
 */
export const messageViewInclude = {
  senderUser: { select: { name: true } },
  attachments: true,
} as const;

function deliveredViaOf(channelData: unknown): MessageView['deliveredVia'] {
  const via = typeof channelData === 'object' && channelData !== null ? (channelData as Record<string, unknown>).deliveredVia : undefined;
  return via === 'EMAIL' ? 'EMAIL' : null;
}

function participantOf(channelData: unknown): MessageView['participant'] {
  const email = typeof channelData === 'object' && channelData !== null ? (channelData as { email?: { participant?: unknown } }).email : undefined;
  const participant = email?.participant as { address?: unknown; name?: unknown } | undefined;
  if (typeof participant?.address !== 'string') return null;
  return { address: participant.address, name: typeof participant.name === 'string' ? participant.name : '' };
}
