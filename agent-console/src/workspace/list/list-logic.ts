import type { ConversationListItem, ConversationView, LastMessageView, MessageView } from '../../../../src/contracts/conversation.views';
import type { Channel, ConversationStatus, Priority, Role } from '../../../../src/contracts/enums';

export type ListView = 'mine' | 'unassigned' | 'teams' | 'all';

export interface ListFilters {
  view: ListView;
  status: ConversationStatus | '';
  channel: Channel | '';
  inboxId: string;
  labelId: string;
  priority: Priority | '';
  q: string;
}

export const DEFAULT_FILTERS: ListFilters = { view: 'mine', status: 'OPEN', channel: '', inboxId: '', labelId: '', priority: '', q: '' };

/** Who is looking: the tabs mean different things for agents and supervisors. */
export interface Viewer {
  id: string;
  role: Role;
  teamIds: string[];
}

/** Newest activity first, ties by id descending: the server's keyset order. */
export function compareItems(a: ConversationView, b: ConversationView): number {
  if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt < b.lastMessageAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Mirrors the server's tab conditions (conversation.finder.ts) for conversations that change live. */
export function inView(conversation: ConversationView, view: ListView, viewer: Viewer): boolean {
  const inMyTeams = conversation.teamId !== null && viewer.teamIds.includes(conversation.teamId);
  switch (view) {
    case 'mine':
      return conversation.assigneeId === viewer.id;
    case 'unassigned':
      return conversation.assigneeId === null && (viewer.role !== 'AGENT' || inMyTeams || conversation.teamId === null);
    case 'teams':
      return inMyTeams;
    case 'all':
      return true;
  }
}

/**
 * Whether a row still belongs in the list. A search (`q`) runs on the server only: a changed row
 * that was found stays, but conversations the list has never seen are not guessed into it.
 */
export function matchesFilters(item: ConversationListItem, filters: ListFilters, viewer: Viewer): boolean {
  if (item.mergedIntoId) return false;
  if (!inView(item, filters.view, viewer)) return false;
  if (filters.status && item.status !== filters.status) return false;
  if (filters.channel && item.inbox && item.inbox.channel !== filters.channel) return false;
  if (filters.inboxId && item.inboxId !== filters.inboxId) return false;
  if (filters.priority && item.priority !== filters.priority) return false;
  if (filters.labelId && !item.labelIds.includes(filters.labelId)) return false;
  return true;
}

/** Inserts or replaces one row, keeping the order. */
export function upsertItem(items: readonly ConversationListItem[], item: ConversationListItem): ConversationListItem[] {
  const rest = items.filter((existing) => existing.id !== item.id);
  const index = rest.findIndex((existing) => compareItems(item, existing) < 0);
  if (index === -1) rest.push(item);
  else rest.splice(index, 0, item);
  return rest;
}

/** A row for a conversation the list has not loaded yet; customer and labels come with the next refresh. */
export function itemFromView(view: ConversationView, inbox: ConversationListItem['inbox']): ConversationListItem {
  return { customer: null, labels: [], lastMessage: null, unread: false, ...view, inbox, labelIds: view.labelIds ?? [] };
}

export interface MergeContext {
  filters: ListFilters;
  viewer: Viewer;
  /** The end of the loaded pages: a row older than it belongs to a page not loaded yet. */
  hasMore: boolean;
  inboxOf(inboxId: string): ConversationListItem['inbox'];
}

/**
 * One conversation changed (opened, updated, assigned, new message): the list with it merged in,
 * moved to its place, or removed when it no longer matches the filters.
 */
export function mergeConversation(
  items: readonly ConversationListItem[],
  view: ConversationView,
  context: MergeContext,
  changes: Partial<ConversationListItem> = {},
): ConversationListItem[] {
  const existing = items.find((item) => item.id === view.id);
  if (!existing && context.filters.q) return [...items];
  const base = existing ?? itemFromView(view, context.inboxOf(view.inboxId));
  const merged: ConversationListItem = { ...base, ...view, labelIds: view.labelIds ?? base.labelIds, ...changes };
  if (!matchesFilters(merged, context.filters, context.viewer)) return items.filter((item) => item.id !== view.id);
  const last = items[items.length - 1];
  if (!existing && context.hasMore && last && compareItems(merged, last) > 0) return [...items];
  return upsertItem(items, merged);
}

/** A new message: the row moves up, shows it, and is unread unless the agent is looking at it or wrote it. */
export function messageChanges(message: MessageView, viewerId: string, openId: string | null): Partial<ConversationListItem> {
  const ownMessage = message.senderType === 'AGENT' && message.senderUserId === viewerId;
  return {
    lastMessage: {
      text: message.text,
      direction: message.direction,
      senderType: message.senderType,
      senderUserId: message.senderUserId,
      isPrivate: message.isPrivate,
      createdAt: message.createdAt,
    },
    ...(message.conversationId !== openId && !ownMessage && { unread: true }),
  };
}

/**
 * A fresh first page replaces the head of the list; loaded rows older than its last row stay
 * (the agent may have scrolled down), unless the page is the whole list.
 */
export function replaceHead(items: readonly ConversationListItem[], page: readonly ConversationListItem[], pageHasMore: boolean): ConversationListItem[] {
  const last = page[page.length - 1];
  if (!pageHasMore || !last) return [...page];
  const ids = new Set(page.map((item) => item.id));
  return [...page, ...items.filter((item) => !ids.has(item.id) && compareItems(item, last) > 0)];
}

export function unreadCount(items: readonly ConversationListItem[]): number {
  return items.filter((item) => item.unread).length;
}

/** "(3) Contact Center" while something is unread. */
export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}

/** The id `delta` rows away from the current one (j/k), staying within the list. */
export function neighbourId(ids: readonly string[], currentId: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const index = currentId ? ids.indexOf(currentId) : -1;
  if (index === -1) return ids[delta > 0 ? 0 : ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, index + delta))]!;
}

/** Query parameters for GET /api/conversations. */
export function listQuery(filters: ListFilters, cursor?: string | null) {
  return { ...filters, cursor: cursor ?? undefined, limit: 30 };
}

export type PreviewPrefix = { key: 'list.notePrefix' | 'list.youPrefix' } | { key: 'list.senderPrefix'; name: string } | null;

/** Who wrote the row's last message, as the list says it: a note, "You:" for the viewer only, a colleague by name. */
export function previewPrefix(last: LastMessageView, viewerId: string, nameOf: (userId: string) => string | undefined): PreviewPrefix {
  if (last.isPrivate) return { key: 'list.notePrefix' };
  if (last.direction !== 'OUTBOUND') return null;
  if (last.senderUserId === viewerId) return { key: 'list.youPrefix' };
  const name = last.senderUserId ? nameOf(last.senderUserId) : undefined;
  return name ? { key: 'list.senderPrefix', name } : null;
}
