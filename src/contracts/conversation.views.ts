import type { Channel, ConversationStatus, CustomerTier, DeliveryStatus, MessageDirection, Priority, SenderType } from './enums.js';
import type { LabelChip } from './label.views.js';

/** What clients see of a conversation: no internal columns, dates as ISO strings. */
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
  /** Since when it waits for an agent; null while assigned or not waiting. */
  queuedAt: string | null;
  assignedAt: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  /** Set once the conversation was merged into another (it is then resolved and no longer listed). */
  mergedIntoId: string | null;
  /** The conversation's labels, when the event or read that carries the view changed or loaded them. */
  labelIds?: string[];
}

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

/** A user named in a private note. */
export interface Mention {
  id: string;
  name: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  senderType: SenderType;
  senderUserId: string | null;
  senderName: string | null;
  text: string;
  html: string | null;
  isPrivate: boolean;
  clientMessageId: string | null;
  deliveryStatus: DeliveryStatus | null;
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

export interface LastMessageView {
  text: string;
  direction: MessageDirection;
  senderType: SenderType;
  /** The agent who wrote it ("You:" only for the viewer's own). */
  senderUserId: string | null;
  isPrivate: boolean;
  createdAt: string;
}

/** A row of the console's conversation list: the conversation and what the row shows about it. */
export interface ConversationListItem extends ConversationView {
  customer: { id: string; name: string | null; company: string | null; tier: CustomerTier } | null;
  inbox: { id: string; name: string; channel: Channel } | null;
  labels: LabelChip[];
  labelIds: string[];
  unread: boolean;
  lastMessage: LastMessageView | null;
}

/** The list's tab counts; `all` is null for agents (that tab is for supervisors). */
export interface ConversationListCounts {
  mine: number;
  unassigned: number;
  teams: number;
  all: number | null;
}

/** GET /api/conversations. */
export interface ConversationListPage {
  items: ConversationListItem[];
  nextCursor: string | null;
  counts: ConversationListCounts;
}
