import { describe, expect, it } from 'vitest';
import { describeEvent } from './thread-logic';
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
});
