import { describe, expect, it } from 'vitest';
import { resolveEmailThread, type ResolveEmailThreadOptions, type ThreadCandidate } from '../../src/domain/email-thread.js';

const now = new Date('2026-06-01T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const ME = 'customer-me';
const OTHER = 'customer-other';

function candidate(conversationId: string, overrides: Partial<ThreadCandidate> = {}): ThreadCandidate {
  return { conversationId, customerId: ME, status: 'OPEN', resolvedAt: null, ...overrides };
}

function resolve(overrides: Partial<ResolveEmailThreadOptions>) {
  return resolveEmailThread({
    customerId: ME,
    byHeaders: [],
    byReplyToken: null,
    bySubjectNumber: null,
    now,
    reopenWithinMs: 30 * DAY,
    ...overrides,
  });
}

describe('resolveEmailThread', () => {
  it('opens a new conversation when nothing points anywhere', () => {
    expect(resolve({})).toEqual({ kind: 'new', reason: 'no-match' });
  });

  it('joins the conversation the headers name', () => {
    expect(resolve({ byHeaders: [candidate('c1')] })).toEqual({
      kind: 'existing',
      conversationId: 'c1',
      matchedBy: 'headers',
      reopens: false,
    });
  });

  it('prefers headers over the reply token and the subject number', () => {
    const decision = resolve({ byHeaders: [candidate('c1')], byReplyToken: candidate('c2'), bySubjectNumber: candidate('c3') });
    expect(decision).toMatchObject({ conversationId: 'c1', matchedBy: 'headers' });
  });

  it('takes the first header match of the same customer, skipping other customers', () => {
    const decision = resolve({ byHeaders: [candidate('c-other', { customerId: OTHER }), candidate('c-mine')] });
    expect(decision).toMatchObject({ kind: 'existing', conversationId: 'c-mine' });
  });

  it('never joins another customer through headers alone', () => {
    expect(resolve({ byHeaders: [candidate('c1', { customerId: OTHER })] })).toEqual({ kind: 'new', reason: 'other-customer' });
  });

  it('falls back to the reply token when a client dropped the headers', () => {
    expect(resolve({ byReplyToken: candidate('c2') })).toMatchObject({ kind: 'existing', conversationId: 'c2', matchedBy: 'reply-token' });
  });

  it('falls back to the reply token when the headers name only other customers', () => {
    const decision = resolve({ byHeaders: [candidate('c1', { customerId: OTHER })], byReplyToken: candidate('c2') });
    expect(decision).toMatchObject({ conversationId: 'c2', matchedBy: 'reply-token' });
  });

  it("ignores another customer's reply token", () => {
    expect(resolve({ byReplyToken: candidate('c2', { customerId: OTHER }) })).toEqual({ kind: 'new', reason: 'other-customer' });
  });

  it('uses the subject number last, and only for the same customer', () => {
    expect(resolve({ bySubjectNumber: candidate('c3') })).toMatchObject({ conversationId: 'c3', matchedBy: 'subject-number' });
    expect(resolve({ bySubjectNumber: candidate('c3', { customerId: OTHER }) })).toEqual({ kind: 'new', reason: 'other-customer' });
  });

  it('prefers the reply token over the subject number', () => {
    expect(resolve({ byReplyToken: candidate('c2'), bySubjectNumber: candidate('c3') })).toMatchObject({ conversationId: 'c2' });
  });

  it('reopens a conversation resolved within the window', () => {
    const resolved = candidate('c1', { status: 'RESOLVED', resolvedAt: new Date(now.getTime() - 2 * DAY) });
    expect(resolve({ byHeaders: [resolved] })).toEqual({ kind: 'existing', conversationId: 'c1', matchedBy: 'headers', reopens: true });
  });

  it('opens a new conversation, linked, when the match was resolved longer ago than the window', () => {
    const stale = candidate('c1', { status: 'RESOLVED', resolvedAt: new Date(now.getTime() - 31 * DAY) });
    expect(resolve({ byReplyToken: stale })).toEqual({ kind: 'new', reason: 'resolved-long-ago', relatedConversationId: 'c1' });
  });

  it('reopens a resolved conversation without a resolution time', () => {
    expect(resolve({ byHeaders: [candidate('c1', { status: 'RESOLVED' })] })).toMatchObject({ kind: 'existing', reopens: true });
  });

  it('does not reopen pending or snoozed conversations (they simply continue)', () => {
    for (const status of ['PENDING', 'SNOOZED'] as const) {
      expect(resolve({ byHeaders: [candidate('c1', { status })] })).toMatchObject({ kind: 'existing', reopens: false });
    }
  });

  it('treats a zero window as "never reopen"', () => {
    const resolved = candidate('c1', { status: 'RESOLVED', resolvedAt: new Date(now.getTime() - 1000) });
    expect(resolve({ byHeaders: [resolved], reopenWithinMs: 0 })).toMatchObject({ kind: 'new', reason: 'resolved-long-ago' });
  });
});
