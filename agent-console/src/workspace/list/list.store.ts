import { create } from 'zustand';
import { apiPath, request } from '../../api/client';
import {
  DEFAULT_FILTERS,
  listQuery,
  mergeConversation,
  messageChanges,
  replaceHead,
  type ListFilters,
  type MergeContext,
  type Viewer,
} from './list-logic';
import type { ConversationListCounts, ConversationListItem, ConversationListPage, ConversationView, MessageView } from '../../../../src/contracts/conversation.views';
import type { DirectoryView } from '../../../../src/contracts/directory.views';

interface ListState {
  viewer: Viewer | null;
  inboxes: DirectoryView['inboxes'];
  filters: ListFilters;
  items: ConversationListItem[];
  nextCursor: string | null;
  counts: ConversationListCounts | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** The conversation open in the centre: its new messages are not unread. */
  openId: string | null;

  start(viewer: Viewer, inboxes: DirectoryView['inboxes']): void;
  setFilters(changes: Partial<ListFilters>): void;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** Refetches the first page soon (counts, customer names of rows that arrived live). */
  refreshSoon(): void;
  setOpen(conversationId: string | null): void;
  conversationChanged(view: ConversationView): void;
  messageCreated(message: MessageView, view: ConversationView): void;
  markRead(conversationId: string): void;
}

const REFRESH_DELAY_MS = 400;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Answers to superseded requests (filters changed meanwhile) are dropped. */
let generation = 0;

function fetchPage(filters: ListFilters, cursor?: string | null): Promise<ConversationListPage> {
  return request<ConversationListPage>(apiPath('/conversations', listQuery(filters, cursor)));
}

export const useConversationList = create<ListState>()((set, get) => {
  const context = (): MergeContext => {
    const { filters, viewer, inboxes, nextCursor } = get();
    return {
      filters,
      viewer: viewer!,
      hasMore: nextCursor !== null,
      inboxOf: (inboxId) => inboxes.find((inbox) => inbox.id === inboxId) ?? null,
    };
  };

  return {
    viewer: null,
    inboxes: [],
    filters: DEFAULT_FILTERS,
    items: [],
    nextCursor: null,
    counts: null,
    loading: false,
    loadingMore: false,
    error: null,
    openId: null,

    start(viewer, inboxes) {
      set({ viewer, inboxes });
      void get().load();
    },

    setFilters(changes) {
      set({ filters: { ...get().filters, ...changes } });
      void get().load();
    },

    async load() {
      const current = ++generation;
      set({ loading: true, error: null });
      try {
        const page = await fetchPage(get().filters);
        if (current !== generation) return;
        set({ items: page.items, nextCursor: page.nextCursor, counts: page.counts, loading: false });
      } catch (error) {
        if (current === generation) set({ loading: false, error });
      }
    },

    async loadMore() {
      const { nextCursor, loadingMore, loading } = get();
      if (!nextCursor || loadingMore || loading) return;
      const current = generation;
      set({ loadingMore: true });
      try {
        const page = await fetchPage(get().filters, nextCursor);
        if (current !== generation) return;
        const known = new Set(get().items.map((item) => item.id));
        set({ items: [...get().items, ...page.items.filter((item) => !known.has(item.id))], nextCursor: page.nextCursor, loadingMore: false });
      } catch (error) {
        set({ loadingMore: false, error });
      }
    },

    refreshSoon() {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        const current = generation;
        fetchPage(get().filters)
          .then((page) => {
            if (current !== generation) return;
            set({ items: replaceHead(get().items, page.items, page.nextCursor !== null), counts: page.counts });
          })
          // A failed background refresh leaves the live rows; the next event tries again.
          .catch(() => undefined);
      }, REFRESH_DELAY_MS);
    },

    setOpen(openId) {
      set({ openId });
    },

    conversationChanged(view) {
      if (!get().viewer) return;
      set({ items: mergeConversation(get().items, view, context()) });
      get().refreshSoon();
    },

    messageCreated(message, view) {
      const { viewer, openId } = get();
      if (!viewer) return;
      set({ items: mergeConversation(get().items, view, context(), messageChanges(message, viewer.id, openId)) });
      get().refreshSoon();
    },

    markRead(conversationId) {
      set({ items: get().items.map((item) => (item.id === conversationId && item.unread ? { ...item, unread: false } : item)) });
    },
  };
});
