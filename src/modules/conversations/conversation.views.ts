import type { Attachment, Conversation, Message } from '@prisma/client';
import { mentionsOf, type Mention } from './mentions.js';

/** What clients see of a conversation: no internal columns, dates as ISO strings. */
export interface ConversationView {
  id: string;
  number: number;
  inboxId: string;
  customerId: string;
  status: Conversation['status'];
  priority: Conversation['priority'];
  assigneeId: string | null;
  teamId: string | null;
  subject: string;
  /** Since when it waits for an agent; null while assigned or not waiting. */
  queuedAt: string | null;
  assignedAt: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  /** The conversation's labels, when the event or read that carries the view changed or loaded them. */
  labelIds?: string[];
}

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

export interface MessageView {
  id: string;
  conversationId: string;
  direction: Message['direction'];
  senderType: Message['senderType'];
  senderUserId: string | null;
  senderName: string | null;
  text: string;
  html: string | null;
  isPrivate: boolean;
  clientMessageId: string | null;
  deliveryStatus: Message['deliveryStatus'];
  deliveryError: string | null;
  /** The channel an outbound message really went out on, when not the conversation's own (a web-chat reply e-mailed to a visitor who left). */
  deliveredVia: 'EMAIL' | null;
  /** An inbound e-mail written by someone copied on the thread, not by the conversation's customer. */
  participant: { address: string; name: string } | null;
  attachments: AttachmentView[];
  /** Users named in a private note. */
  mentions: Mention[];
  createdAt: string;
}

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
