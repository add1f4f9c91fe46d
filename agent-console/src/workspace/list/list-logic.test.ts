import { describe, expect, it } from 'vitest';
import {
  previewPrefix,
  DEFAULT_FILTERS,
  compareItems,
  mergeConversation,
  messageChanges,
  neighbourId,
  replaceHead,
  titleWithUnread,
  type MergeContext,
} from './list-logic';
import type { ConversationListItem, LastMessageView, MessageView } from '../../../../src/contracts/conversation.views';

const agent = { id: 'me', role: 'AGENT' as const, teamIds: ['t1'] };

function item(id: string, at: string, changes: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id,
    number: 1,
    inboxId: 'i1',
    customerId: 'c1',
    status: 'OPEN',
    priority: 'NONE',
    assigneeId: 'me',
    teamId: 't1',
    subject: '',
    queuedAt: null,
    assignedAt: null,
    snoozedUntil: null,
    lastMessageAt: `2026-01-01T00:${at}:00.000Z`,
    firstResponseAt: null,
    resolvedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    mergedIntoId: null,
    customer: { id: 'c1', name: 'Ada', company: null, tier: 'STANDARD' },
    inbox: { id: 'i1', name: 'Website', channel: 'WEBCHAT' },
    labels: [],
    labelIds: [],
    unread: false,
    lastMessage: null,
    ...changes,
  };
}

function context(changes: Partial<MergeContext> = {}): MergeContext {
  return {
    filters: DEFAULT_FILTERS,
    viewer: agent,
    hasMore: false,
    inboxOf: () => ({ id: 'i1', name: 'Website', channel: 'WEBCHAT' }),
    ...changes,
  };
}

const ids = (items: ConversationListItem[]) => items.map((entry) => entry.id);

describe('conversation list merging', () => {
  it('orders newest activity first, ties by id', () => {
    const sorted = [item('a', '01'), item('c', '05'), item('b', '05')].sort(compareItems);
    expect(ids(sorted)).toEqual(['c', 'b', 'a']);
  });

  it('moves a conversation with a new message to the top and keeps its customer', () => {
    const list = [item('a', '03'), item('b', '02'), item('c', '01')];
    const { customer: _customer, inbox: _inbox, labels: _labels, unread: _unread, lastMessage: _last, ...view } = item('c', '09');
    const merged = mergeConversation(list, view, context());
    expect(ids(merged)).toEqual(['c', 'a', 'b']);
    expect(merged[0]!.customer?.name).toBe('Ada');
  });

  it('adds a new conversation that matches and ignores one that does not', () => {
    const list = [item('a', '03')];
    expect(ids(mergeConversation(list, item('n', '04'), context()))).toEqual(['n', 'a']);
    expect(ids(mergeConversation(list, item('x', '04', { assigneeId: 'someone-else' }), context()))).toEqual(['a']);
  });

  it('removes a conversation that no longer matches: resolved, reassigned or merged', () => {
    const list = [item('a', '03'), item('b', '02')];
    expect(ids(mergeConversation(list, item('a', '03', { status: 'RESOLVED' }), context()))).toEqual(['b']);
    expect(ids(mergeConversation(list, item('a', '03', { assigneeId: 'other' }), context()))).toEqual(['b']);
    expect(ids(mergeConversation(list, item('b', '02', { mergedIntoId: 'a' }), context()))).toEqual(['a']);
  });

  it('applies the tab rules: unassigned for an agent means their teams or no team', () => {
    const filters = { ...DEFAULT_FILTERS, view: 'unassigned' as const };
    const mineTeam = item('a', '03', { assigneeId: null, teamId: 't1' });
    const otherTeam = item('b', '03', { assigneeId: null, teamId: 't9' });
    expect(ids(mergeConversation([], mineTeam, context({ filters })))).toEqual(['a']);
    expect(ids(mergeConversation([], otherTeam, context({ filters })))).toEqual([]);
    const supervisor = { id: 's', role: 'SUPERVISOR' as const, teamIds: [] };
    expect(ids(mergeConversation([], otherTeam, context({ filters, viewer: supervisor })))).toEqual(['b']);
  });

  it('filters by channel, priority and label', () => {
    const filters = { ...DEFAULT_FILTERS, channel: 'EMAIL' as const };
    expect(mergeConversation([], item('a', '01'), context({ filters }))).toEqual([]);
    const byPriority = { ...DEFAULT_FILTERS, priority: 'HIGH' as const };
    expect(ids(mergeConversation([], item('a', '01', { priority: 'HIGH' }), context({ filters: byPriority })))).toEqual(['a']);
    const byLabel = { ...DEFAULT_FILTERS, labelId: 'l1' };
    const labelled = item('a', '01', { labelIds: ['l1'] });
    expect(ids(mergeConversation([labelled], { ...labelled, lastMessageAt: '2026-01-01T00:02:00.000Z', labelIds: undefined } as never, context({ filters: byLabel })))).toEqual(['a']);
  });

  it('does not guess new rows into a search, but updates the rows it found', () => {
    const filters = { ...DEFAULT_FILTERS, q: 'ada' };
    expect(mergeConversation([], item('n', '04'), context({ filters }))).toEqual([]);
    const found = [item('a', '01')];
    expect(mergeConversation(found, item('a', '05', { priority: 'HIGH' }), context({ filters }))[0]!.priority).toBe('HIGH');
  });

  it('leaves a new row that sorts after unloaded pages to those pages', () => {
    const list = [item('a', '05'), item('b', '04')];
    expect(ids(mergeConversation(list, item('old', '01'), context({ hasMore: true })))).toEqual(['a', 'b']);
    expect(ids(mergeConversation(list, item('old', '01'), context({ hasMore: false })))).toEqual(['a', 'b', 'old']);
  });

  it('marks a customer message unread unless the conversation is open or the viewer wrote it', () => {
    const message = { conversationId: 'a', senderType: 'CUSTOMER', senderUserId: null, text: 'hi', direction: 'INBOUND', isPrivate: false, createdAt: 'x' } as MessageView;
    expect(messageChanges(message, 'me', null).unread).toBe(true);
    expect(messageChanges(message, 'me', 'a').unread).toBeUndefined();
    const own = { ...message, senderType: 'AGENT', senderUserId: 'me' } as MessageView;
    expect(messageChanges(own, 'me', null).unread).toBeUndefined();
    expect(messageChanges(message, 'me', null).lastMessage?.text).toBe('hi');
  });

  it('replaces the head of the list with a fresh first page and keeps older loaded rows', () => {
    const list = [item('a', '05'), item('b', '04'), item('c', '02'), item('d', '01')];
    const page = [item('b', '06'), item('a', '05')];
    expect(ids(replaceHead(list, page, true))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(replaceHead(list, page, false))).toEqual(['b', 'a']);
  });
});

describe('list helpers', () => {
  it('puts the unread count in the title', () => {
    expect(titleWithUnread('Contact Center', 3)).toBe('(3) Contact Center');
    expect(titleWithUnread('Contact Center', 0)).toBe('Contact Center');
  });

  it('moves to the next and previous conversation within bounds', () => {
    expect(neighbourId(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(neighbourId(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(neighbourId(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(neighbourId(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(neighbourId([], null, 1)).toBeNull();
  });
});

describe('previewPrefix', () => {
  const last: LastMessageView = {
    text: 'Sure',
    direction: 'OUTBOUND',
    senderType: 'AGENT',
    senderUserId: null,
    isPrivate: false,
    createdAt: '2026-11-22T10:00:00.000Z',
  };
  const nameOf = (id: string) => ({ bob: 'Bob Agent' })[id];
  it('says "You:" only for the viewer\'s own reply and names a colleague', () => {
    expect(previewPrefix({ ...last, senderUserId: 'me' }, 'me', nameOf)).toEqual({ key: 'list.youPrefix' });
    expect(previewPrefix({ ...last, senderUserId: 'bob' }, 'me', nameOf)).toEqual({ key: 'list.senderPrefix', name: 'Bob Agent' });
    expect(previewPrefix({ ...last, senderUserId: null }, 'me', nameOf)).toBeNull();
    expect(previewPrefix({ ...last, direction: 'INBOUND', senderType: 'CUSTOMER' }, 'me', nameOf)).toBeNull();
    expect(previewPrefix({ ...last, isPrivate: true, senderUserId: 'bob' }, 'me', nameOf)).toEqual({ key: 'list.notePrefix' });
  });
});
