/*
 * The /agent Socket.IO namespace (the console's live connection): what the server pushes, and what the
 * console asks with the answer it gets. Server (typed namespace, src/realtime/socket-server.ts) and console
 * (agent-console/src/realtime/socket.ts) both compile against this file.
 */
import type { ConversationView, MessageView } from './conversation.views.js';
import type { CsatRatedPayload } from './csat.views.js';
import type { ConversationStatus, PresenceStatus } from './enums.js';
import type { NotificationView } from './notification.views.js';
import type { PresenceView, QueueStatsView } from './routing.views.js';
import type { AckedEvents, Confirmed } from './socket-acks.js';

/** Someone is typing in a conversation: an agent (with their id) or the customer. */
export type AgentTypingPayload =
  | { conversationId: string; isTyping: boolean; from: 'agent'; userId: string }
  | { conversationId: string; isTyping: boolean; from: 'customer' };

/** Server -> console. */
export interface AgentServerToClientEvents {
  'conversation:opened': (payload: { conversation: ConversationView }) => void;
  'conversation:updated': (payload: { conversation: ConversationView }) => void;
  /** Routing gave the conversation to this agent; `rule` says why (policy name). */
  'conversation:assigned': (payload: { conversation: ConversationView; rule: string }) => void;
  'message:created': (payload: { message: MessageView; conversation: ConversationView }) => void;
  'message:updated': (payload: { message: MessageView }) => void;
  typing: (payload: AgentTypingPayload) => void;
  'notification:created': (payload: { notification: NotificationView }) => void;
  'queue:stats': (payload: QueueStatsView) => void;
  /** A customer rated a conversation this agent may see. */
  'csat:rated': (payload: CsatRatedPayload) => void;
}


export interface ConversationRef {
  conversationId: string;
}

/** An agent's reply or private note; `uploads` are tokens from POST /api/uploads, `mentions` user ids. */
export interface AgentMessageSend extends ConversationRef {
  text?: string;
  isPrivate?: boolean;
  clientMessageId?: string;
  mentions?: string[];
  uploads?: string[];
}

/** Console -> server requests: payload and the answer's result (see Ack). */
export interface AgentRequests {
  'conversation:join': { payload: ConversationRef; result: { conversation: ConversationView } };
  'conversation:leave': { payload: ConversationRef; result: Confirmed };
  /** The agent looked at the conversation: the customer's messages now read. */
  'conversation:read': { payload: ConversationRef; result: { messages: MessageView[] } };
  'conversation:status': {
    payload: ConversationRef & { status: ConversationStatus; snoozedUntil?: string };
    result: { conversation: ConversationView };
  };
  'message:send': { payload: AgentMessageSend; result: { message: MessageView; duplicate: boolean } };
  typing: { payload: ConversationRef & { isTyping: boolean }; result: Confirmed };
  'presence:set': { payload: { status: PresenceStatus }; result: { presence: PresenceView | null } };
  /** False `online`: the server put the agent offline (missed heartbeats). */
  'presence:heartbeat': { payload: Record<string, never>; result: { online: boolean } };
}

export type AgentRequestName = keyof AgentRequests;

/** Console -> server, as Socket.IO's event map. */
export type AgentClientToServerEvents = AckedEvents<AgentRequests>;
