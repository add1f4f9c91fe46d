import { describe, expect, it } from 'vitest';
import { describeEvent, latestRating } from './thread-logic';
import type { TimelineEventView } from '../../../../src/contracts/timeline.views';

const names: Record<string, string> = { 'agent-1': 'Jamie Chen' };
const nameOf = (id: string | null) => (id ? (names[id] ?? null) : null);

function event(kind: string, data: TimelineEventView['data'], actorName: string | null = null): TimelineEventView {
  return {
    id: 'e1',
    customerId: 'c1',
    conversationId: 'v1',
    messageId: null,
    kind,
    actorType: actorName ? 'AGENT' : 'SYSTEM',
    actorUserId: null,
    actorName,
    data,
    createdAt: '2026-11-22T10:00:00.000Z',
  };
}

describe('describeEvent', () => {
  it('names routing when nobody assigned the conversation by hand', () => {
    expect(describeEvent(event('routing.assigned', { agentId: 'agent-1', rule: 'LEAST_BUSY' }), nameOf)).toEqual({
      key: 'events.routed',
      values: { actor: '', to: 'Jamie Chen' },
    });
  });

  it('names the person who assigned it, and an unassignment as such', () => {
    expect(describeEvent(event('assignee.changed', { assigneeId: { from: null, to: 'agent-1' } }, 'Sam Supervisor'), nameOf)).toEqual({
      key: 'events.assigned',
      values: { actor: 'Sam Supervisor', to: 'Jamie Chen' },
    });
    expect(describeEvent(event('assignee.changed', { assigneeId: { from: 'agent-1', to: null } }, 'Sam Supervisor'), nameOf).key).toBe('events.unassigned');
  });

  it('says whom a conversation was transferred to, or that it went to a queue', () => {
    expect(describeEvent(event('routing.transferred', { assigneeId: { from: null, to: 'agent-1' } }, 'Sam Supervisor'), nameOf)).toEqual({
      key: 'events.transferred',
      values: { actor: 'Sam Supervisor', to: 'Jamie Chen' },
    });
    expect(describeEvent(event('routing.transferred', { teamId: { from: 't1', to: 't2' } }, 'Sam Supervisor'), nameOf).key).toBe('events.transferredToQueue');
  });

  it('shows a rating with its comment', () => {
    expect(describeEvent(event('csat.rated', { rating: 4, comment: 'Quick, thanks' }), nameOf)).toEqual({
      key: 'events.csatComment',
      values: { rating: '4', comment: 'Quick, thanks' },
    });
    expect(describeEvent(event('csat.rated', { rating: 2, comment: '' }), nameOf)).toEqual({ key: 'events.csat', values: { rating: '2' } });
  });
});

describe('latestRating', () => {
  it('takes the newest rating of the conversation, ignoring other conversations', () => {
    const first = { ...event('csat.rated', { rating: 2, comment: 'slow' }), id: 'a', createdAt: '2026-11-22T10:00:00.000Z' };
    const second = { ...event('csat.rated', { rating: 4, comment: 'ok after all' }), id: 'b', createdAt: '2026-11-22T10:05:00.000Z' };
    const other = { ...event('csat.rated', { rating: 1, comment: '' }), id: 'c', conversationId: 'v2', createdAt: '2026-11-22T10:09:00.000Z' };
    expect(latestRating([second, other, first], 'v1')).toEqual({ rating: 4, comment: 'ok after all' });
    expect(latestRating([other], 'v1')).toBeNull();
  });
});
