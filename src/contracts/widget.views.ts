/*
 * What the website widget sees over /widget and its REST endpoints. Import-free apart from other
 * contract files: the server and the widget bundle (widget/) both compile this file.
 * The event map is in widget-socket.events.ts.
 */
import type { ConversationStatus, DeliveryStatus, Locale, MessageDirection } from './enums.js';

export type WidgetLocale = Locale;

export interface WidgetAttachment {
  id: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  /** Path on the chat server (signed); the widget resolves it against the server's origin. */
  url: string;
}

export interface WidgetMessage {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  senderName: string | null;
  text: string;
  clientMessageId: string | null;
  /** RECEIVED: the server has it ("delivered"); READ: an agent has seen it. */
  deliveryStatus: DeliveryStatus | null;
  attachments: WidgetAttachment[];
  createdAt: string;
}

export const PRE_CHAT_FIELDS = ['name', 'email', 'question'] as const;
export type PreChatField = (typeof PRE_CHAT_FIELDS)[number];

/** What an inbox lets the website show; configured in the inbox's settings on the server. */
export interface WidgetAppearance {
  color: string;
  position: 'left' | 'right';
  /** The inbox's greeting per language (see pickGreeting in widget/src/i18n.ts). */
  greetings: Partial<Record<WidgetLocale, string>>;
  /** The inbox's own language, the first fallback when the customer's has no greeting. */
  defaultLocale: WidgetLocale;
  /** Overrides of the widget's own texts, per language. */
  texts: Partial<Record<WidgetLocale, Record<string, string>>>;
  preChatForm: { enabled: boolean; fields: PreChatField[] };
  uploads: { maxBytes: number; types: string[] };
}

export interface WidgetAvailability {
  online: boolean;
  /** Why nobody answers live: outside business hours, or no agent of the inbox is online. */
  reason?: 'closed' | 'no_agents';
}

/** Server -> widget, after every (re)connection. */
export interface SessionPayload {
  visitorToken: string;
  visitorId: string;
  /** The site's user was proven with the inbox's identity secret. */
  verified: boolean;
  appearance: WidgetAppearance;
  availability: WidgetAvailability;
}

export interface HistoryPayload {
  conversation: { id: string; status: ConversationStatus } | null;
  /** Oldest first, across the customer's conversations in this inbox. */
  messages: WidgetMessage[];
  hasOlder: boolean;
  /** The latest conversation's rating, when the customer gave one. */
  rating: { rating: number; comment: string } | null;
}

export interface TypingPayload {
  conversationId: string;
  isTyping: boolean;
  agentName?: string;
}

export interface UploadResult {
  upload: { token: string; fileName: string; contentType: string; byteSize: number };
}

export interface SendMessageResult {
  message: WidgetMessage;
  conversationId: string;
  duplicate: boolean;
}

/** What the widget reports of the visit (profile:update `visit`); the city only when the website passed it. */
export interface VisitDetails {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  language?: string;
  timeZone?: string;
  city?: string;
}

/** Handshake `auth` of the /widget namespace. */
export interface WidgetHandshake {
  inboxToken: string;
  visitorToken?: string;
  user?: WidgetUser;
}

/** What a website passes to setUser(); `hash` is HMAC-SHA256(id, inbox identity secret) in hex. */
export interface WidgetUser {
  id: string;
  email?: string;
  name?: string;
  hash?: string;
}
