import type { HeldMailKind } from './enums.js';

/** GET /api/email/inboxes/:inboxId/held-mails: mail kept out of conversations, newest first. */
export interface HeldMailView {
  id: string;
  kind: HeldMailKind;
  reason: string;
  messageId: string;
  fromAddress: string | null;
  subject: string;
  releasedAt: string | null;
  /** The conversation the mail went into once an admin released it. */
  conversationId: string | null;
  createdAt: string;
}
