import { create } from 'zustand';
import { apiPath, request } from '../../api/client';
import { mergeEvents, mergeMessages } from './thread-logic';
import type { ConversationView, MessageView } from '../../../../src/contracts/conversation.views';
import type { TimelineEventView } from '../../../../src/contracts/timeline.views';

interface MessagesPage {
  items: MessageView[];
  hasOlder: boolean;
}

interface TimelinePage {
  items: TimelineEventView[];
  nextCursor: string | null;
}

interface ThreadState {
  conversationId: string | null;
  conversation: ConversationView | null;
  messages: MessageView[];
  events: TimelineEventView[];
  hasOlder: boolean;
  timelineCursor: string | null;
  loading: boolean;
  loadingOlder: boolean;
  error: unknown;
  customerTyping: boolean;

  open(conversationId: string): Promise<void>;
  close(): void;
  loadOlder(): Promise<void>;
  refreshEvents(): Promise<void>;
  messageCreated(message: MessageView): void;
  conversationChanged(view: ConversationView): void;
  /** Something new on a customer's timeline (a rating): read it again when it is the open one's. */
  customerTimelineChanged(customerId: string): void;
  setCustomerTyping(conversationId: string, isTyping: boolean): void;
}

const PAGE = 30;
/** A customer who stops typing without saying so (closed tab) stops showing as typing. */
const TYPING_EXPIRES_MS = 6_000;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

function fetchTimeline(customerId: string, before?: string | null) {
  return request<TimelinePage>(apiPath(`/customers/${customerId}/timeline`, { before, limit: PAGE }));
}

/** The conversation open in the centre: its messages and the customer's timeline events. */
export const useThread = create<ThreadState>()((set, get) => ({
  conversationId: null,
  conversation: null,
  messages: [],
  events: [],
  hasOlder: false,
  timelineCursor: null,
  loading: false,
  loadingOlder: false,
  error: null,
  customerTyping: false,

  async open(conversationId) {
    set({ conversationId, conversation: null, messages: [], events: [], hasOlder: false, timelineCursor: null, loading: true, error: null, customerTyping: false });
    try {
      const { conversation, messages } = await request<{ conversation: ConversationView; messages: MessagesPage }>(`/conversations/${conversationId}`);
      if (get().conversationId !== conversationId) return;
      set({ conversation, messages: messages.items, hasOlder: messages.hasOlder, loading: false });
      const timeline = await fetchTimeline(conversation.customerId);
      if (get().conversationId !== conversationId) return;
      set({ events: mergeEvents([], timeline.items), timelineCursor: timeline.nextCursor });
    } catch (error) {
      if (get().conversationId === conversationId) set({ loading: false, error });
    }
  },

  close() {
    set({ conversationId: null, conversation: null, messages: [], events: [], customerTyping: false });
  },

  async loadOlder() {
    const { conversationId, conversation, messages, hasOlder, loadingOlder, timelineCursor } = get();
    if (!conversationId || !conversation || loadingOlder || (!hasOlder && !timelineCursor)) return;
    set({ loadingOlder: true });
    try {
      const [older, timeline] = await Promise.all([
        hasOlder ? request<MessagesPage>(apiPath(`/conversations/${conversationId}/messages`, { before: messages[0]?.id, limit: PAGE })) : null,
        timelineCursor ? fetchTimeline(conversation.customerId, timelineCursor) : null,
      ]);
      if (get().conversationId !== conversationId) return;
      set({
        messages: older ? mergeMessages(get().messages, older.items) : get().messages,
        hasOlder: older ? older.hasOlder : false,
        events: timeline ? mergeEvents(get().events, timeline.items) : get().events,
        timelineCursor: timeline ? timeline.nextCursor : get().timelineCursor,
        loadingOlder: false,
      });
    } catch (error) {
      set({ loadingOlder: false, error });
    }
  },

  async refreshEvents() {
    const { conversation } = get();
    if (!conversation) return;
    const timeline = await fetchTimeline(conversation.customerId).catch(() => null);
    if (timeline && get().conversation?.customerId === conversation.customerId) set({ events: mergeEvents(get().events, timeline.items) });
  },

  messageCreated(message) {
    if (message.conversationId !== get().conversationId) return;
    const fromCustomer = message.senderType === 'CUSTOMER';
    set({ messages: mergeMessages(get().messages, [message]), ...(fromCustomer && { customerTyping: false }) });
  },

  conversationChanged(view) {
    if (view.id !== get().conversationId) return;
    set({ conversation: view });
    void get().refreshEvents();
  },

  customerTimelineChanged(customerId) {
    if (get().conversation?.customerId === customerId) void get().refreshEvents();
  },

  setCustomerTyping(conversationId, isTyping) {
    if (conversationId !== get().conversationId) return;
    clearTimeout(typingTimer);
    set({ customerTyping: isTyping });
    if (isTyping) typingTimer = setTimeout(() => set({ customerTyping: false }), TYPING_EXPIRES_MS);
  },
}));
