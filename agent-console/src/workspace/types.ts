import type {
  AttachmentView,
  ConversationView as ServerConversationView,
  MessageView as ServerMessageView,
} from '../../../src/modules/conversations/conversation.views';
import type { Channel, CustomerTier } from '../api/types';

/** What the server sends of a conversation (REST and socket events alike): the server's own type. */
export type ConversationView = ServerConversationView & {
  mergedIntoId?: string | null;
  /** Only when the server knows them (list rows; newer event payloads). */
  labelIds?: string[];
};

export interface LabelChip {
  id: string;
  name: string;
  color: string;
}

export interface LastMessage {
  text: string;
  direction: string;
  senderType: string;
  /** The agent who wrote it ("You:" only for the viewer's own). */
  senderUserId?: string | null;
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

export type { AttachmentView };

/** A message as the server shows it to agents, with who a private note mentions. */
export type MessageView = ServerMessageView & { mentions?: { id: string; name: string }[] };

/** An entry of the customer's timeline: the server's own type. */
export type { TimelineEventView as TimelineEvent } from '../../../src/modules/timeline/timeline.views';

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
