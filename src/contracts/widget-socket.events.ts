/*
 * The /widget Socket.IO namespace (the website widget's live connection). Handshake `auth` is a
 * WidgetHandshake. Server (typed namespace, src/realtime/socket-server.ts) and widget
 * (widget/src/controller.ts) both compile against this file.
 */
import type { RatingView } from './csat.views.js';
import type { ConversationStatus } from './enums.js';
import type { QueuePositionView } from './routing.views.js';
import type { Ack, AckedEvents, Confirmed } from './socket-acks.js';
import type { HistoryPayload, SendMessageResult, SessionPayload, TypingPayload, VisitDetails, WidgetAvailability, WidgetMessage } from './widget.views.js';

/** Server -> widget. */
export interface WidgetServerToClientEvents {
  /** After every (re)connection. */
  session: (payload: SessionPayload) => void;
  message: (payload: { message: WidgetMessage }) => void;
  'message:updated': (payload: { message: WidgetMessage }) => void;
  typing: (payload: TypingPayload) => void;
  'conversation:status': (payload: { conversationId: string; status: ConversationStatus }) => void;
  /** Sent by routing while a conversation waits for an agent. */
  'queue:position': (payload: QueuePositionView) => void;
  /** The inbox became available or unavailable (an agent came or left, business hours opened or closed). */
  availability: (payload: WidgetAvailability) => void;
}

export type ProfileAttributeValue = string | number | boolean | null;

/** Widget -> server requests: payload and the answer's result (see Ack). */
export interface WidgetRequests {
  'message:send': { payload: { clientMessageId: string; text?: string; uploads?: string[] }; result: SendMessageResult };
  /** The offline form: answered by e-mail. */
  'offline:message': { payload: { clientMessageId: string; name?: string; email: string; text: string }; result: SendMessageResult };
  /** The pre-chat form and setAttributes(). */
  'profile:update': {
    payload: { name?: string; email?: string; attributes?: Record<string, ProfileAttributeValue>; visit?: VisitDetails };
    result: Confirmed;
  };
  history: { payload: { before?: string }; result: HistoryPayload };
  availability: { payload: Record<string, never>; result: WidgetAvailability };
  /** The visitor has received (DELIVERED) or looked at (READ) the agents' messages so far. */
  receipt: { payload: { status: 'DELIVERED' | 'READ' }; result: Confirmed };
  'csat:submit': { payload: { conversationId: string; rating: number; comment?: string }; result: { rating: RatingView } };
  /** The visitor is typing (or stopped); the widget sends it without waiting for the answer. */
  typing: { payload: { isTyping: boolean }; result: Confirmed };
}

export type WidgetRequestName = keyof WidgetRequests;

/** Widget -> server, as Socket.IO's event map; `typing` may be sent without an ack. */
export type WidgetClientToServerEvents = Omit<AckedEvents<WidgetRequests>, 'typing'> & {
  typing: (payload: WidgetRequests['typing']['payload'], ack?: (answer: Ack<Confirmed>) => void) => void;
};
