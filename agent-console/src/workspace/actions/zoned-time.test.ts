import { describe, expect, it } from 'vitest';
import { isoToZonedLocal, zonedLocalToIso } from './zoned-time';

describe('snooze times in the user time zone', () => {
  it('reads the picker value in the user time zone', () => {
    expect(zonedLocalToIso('2026-01-15T09:30', 'Europe/Berlin')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedLocalToIso('2026-07-15T09:30', 'Europe/Berlin')).toBe('2026-07-15T07:30:00.000Z');
    expect(zonedLocalToIso('2026-01-15T09:30', 'Asia/Shanghai')).toBe('2026-01-15T01:30:00.000Z');
    expect(zonedLocalToIso('2026-01-15T09:30', 'UTC')).toBe('2026-01-15T09:30:00.000Z');
  });

  it('handles the day after a DST switch and refuses garbage', () => {
    expect(zonedLocalToIso('2026-03-29T12:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedLocalToIso('tomorrow', 'UTC')).toBeNull();
  });

  it('round-trips', () => {
    expect(isoToZonedLocal('2026-01-15T01:30:00.000Z', 'Asia/Shanghai')).toBe('2026-01-15T09:30');
  });
});
