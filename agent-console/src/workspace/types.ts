import type { Channel, ConversationStatus, CustomerTier, DeliveryStatus, Priority } from '../api/types';

/** What the server sends of a conversation (REST and socket events alike). */
export interface ConversationView {
  id: string;
  number: number;
  inboxId: string;
  customerId: string;
  status: ConversationStatus;
  priority: Priority;
  assigneeId: string | null;
  teamId: string | null;
  subject: string;
  queuedAt: string | null;
  assignedAt: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  mergedIntoId?: string | null;
  /** Only when the server knows them (list rows; newer event payloads). */
  labelIds?: string[];
}

export interface LabelChip {
  id: string;
  name: string;
  color: string;
}

export interface LastMessage {
  text: string;
  direction: string;
  senderType: string;
  isPrivate: boolean;
  createdAt: string;
}

/** A row of the conversation list: the conversation and what the row shows about it. */
export interface ConversationItem extends ConversationView {
  customer: { id: string; name: string | null; company: string | null; tier: CustomerTier } | null;
  inbox: { id: string; name: string; channel: Channel } | null;
  labels: LabelChip[];
  labelIds: string[];
  unread: boolean;
  lastMessage: LastMessage | null;
}

export interface ListCounts {
  mine: number;
  unassigned: number;
  teams: number;
  all: number | null;
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
  direction: 'INBOUND' | 'OUTBOUND';
  senderType: 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'BOT';
  senderUserId: string | null;
  senderName: string | null;
  text: string;
  html: string | null;
  isPrivate: boolean;
  clientMessageId: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  attachments: AttachmentView[];
  mentions?: { id: string; name: string }[];
  createdAt: string;
}

export interface TimelineEvent {
  id: string;
  customerId: string;
  conversationId: string | null;
  messageId: string | null;
  kind: string;
  actorType: string;
  actorUserId: string | null;
  actorName: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface NotificationView {
  id: string;
  kind: 'ASSIGNED' | 'MENTION' | 'MESSAGE';
  conversationId: string;
  conversationNumber: number;
  messageId: string | null;
  actor: { id: string; name: string } | null;
  preview: string;
  readAt: string | null;
  createdAt: string;
}

export interface CannedResponse {
  id: string;
  shortCode: string;
  title: string;
  content: string;
}
