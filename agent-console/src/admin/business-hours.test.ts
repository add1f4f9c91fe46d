import { describe, expect, it } from 'vitest';
import { addInterval, businessHoursBody, hoursDraft, intervalProblems, removeInterval, timeZones, updateInterval, weekdayTemplate } from './business-hours';

describe('business hours editing', () => {
  it('reads no hours as always open, in a fallback time zone', () => {
    expect(hoursDraft(undefined, 'Asia/Shanghai')).toEqual({ alwaysOpen: true, timeZone: 'Asia/Shanghai', intervals: [] });
    expect(hoursDraft(null, 'UTC').alwaysOpen).toBe(true);
    const hours = { timeZone: 'Europe/Berlin', intervals: [{ day: 'mon' as const, open: '09:00', close: '17:30' }] };
    const draft = hoursDraft(hours, 'UTC');
    expect(draft).toEqual({ alwaysOpen: false, ...hours });
    draft.intervals[0]!.open = '10:00';
    expect(hours.intervals[0]!.open).toBe('09:00');
  });

  it('adds the next day with the same hours, starting Monday 9 to 5', () => {
    const first = addInterval([]);
    expect(first).toEqual([{ day: 'mon', open: '09:00', close: '17:00' }]);
    const second = addInterval(updateInterval(first, 0, { open: '08:00' }));
    expect(second[1]).toEqual({ day: 'tue', open: '08:00', close: '17:00' });
    expect(addInterval([{ day: 'sun', open: '10:00', close: '12:00' }])[1]!.day).toBe('mon');
  });

  it('removes and updates one row without touching the others', () => {
    const rows = weekdayTemplate();
    expect(rows.map((row) => row.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(removeInterval(rows, 1).map((row) => row.day)).toEqual(['mon', 'wed', 'thu', 'fri']);
    const updated = updateInterval(rows, 2, { close: '12:00' });
    expect(updated[2]).toEqual({ day: 'wed', open: '09:00', close: '12:00' });
    expect(rows[2]!.close).toBe('17:00');
  });

  it('wants closing after opening, both times, and no overlap on a day', () => {
    expect(
      intervalProblems([
        { day: 'mon', open: '09:00', close: '17:00' },
        { day: 'tue', open: '17:00', close: '09:00' },
        { day: 'wed', open: '09:00', close: '09:00' },
        { day: 'thu', open: '', close: '12:00' },
        { day: 'fri', open: '09:00', close: '12:00' },
        { day: 'fri', open: '11:00', close: '13:00' },
        { day: 'sat', open: '12:00', close: '24:00' },
        { day: 'mon', open: '17:00', close: '20:00' },
      ]),
    ).toEqual([undefined, 'closeBeforeOpen', 'closeBeforeOpen', 'missingTime', 'overlap', 'overlap', undefined, undefined]);
  });

  it('saves always open as no hours (null) and otherwise sorted rows', () => {
    expect(businessHoursBody({ alwaysOpen: true, timeZone: 'UTC', intervals: weekdayTemplate() })).toBeNull();
    expect(
      businessHoursBody({
        alwaysOpen: false,
        timeZone: 'Europe/Berlin',
        intervals: [
          { day: 'wed', open: '09:00', close: '12:00' },
          { day: 'mon', open: '13:00', close: '17:00' },
          { day: 'mon', open: '08:00', close: '12:00' },
        ],
      }),
    ).toEqual({
      timeZone: 'Europe/Berlin',
      intervals: [
        { day: 'mon', open: '08:00', close: '12:00' },
        { day: 'mon', open: '13:00', close: '17:00' },
        { day: 'wed', open: '09:00', close: '12:00' },
      ],
    });
  });

  it('offers the known time zones and keeps an unknown current one', () => {
    const zones = timeZones('Europe/Berlin');
    expect(zones).toContain('Asia/Shanghai');
    expect(zones).toContain('UTC');
    expect(zones.filter((zone) => zone === 'Europe/Berlin')).toHaveLength(1);
    expect(timeZones('Mars/Olympus')[0]).toBe('Mars/Olympus');
  });
});
