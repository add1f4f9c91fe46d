import type { NotificationKind } from './enums.js';

/** Something a user should look at (GET /api/notifications, `notification:created`). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** Null once the conversation is gone. */
  conversationId: string | null;
  conversationNumber: number | null;
  messageId: string | null;
  actor: { id: string; name: string } | null;
  preview: string;
  readAt: string | null;
  createdAt: string;
}

/** GET /api/notifications. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}
