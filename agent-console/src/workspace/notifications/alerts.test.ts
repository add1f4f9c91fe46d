import { describe, expect, it } from 'vitest';
import { notificationLine } from './alerts';

describe('notificationLine', () => {
  it('shows the preview, but never the conversation number twice', () => {
    expect(notificationLine('New message in #12', 'Where is my parcel?', 12)).toBe('New message in #12: Where is my parcel?');
    expect(notificationLine('#12 was assigned to you', 'Conversation #12', 12)).toBe('#12 was assigned to you');
    expect(notificationLine('#12 was assigned to you', '', 12)).toBe('#12 was assigned to you');
  });
});
