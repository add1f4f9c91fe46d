import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../src/contracts/business-hours.views.js';
import { isClockTime, isTimeZone, isWithinBusinessHours } from '../../src/domain/business-hours.js';

const weekdaysNineToFive: BusinessHours = {
  timeZone: 'Europe/Berlin',
  intervals: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open: '09:00', close: '17:00' })),
};

const at = (iso: string) => new Date(iso);

describe('isWithinBusinessHours', () => {
  it('reads the time on the business clock, not UTC', () => {
    // Wednesday 2026-01-14: Berlin is UTC+1 in winter.
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-01-14T07:59:00Z') })).toBe(false);
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-01-14T08:00:00Z') })).toBe(true);
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-01-14T15:59:00Z') })).toBe(true);
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-01-14T16:00:00Z') })).toBe(false);
  });

  it('follows daylight saving time', () => {
    // Wednesday 2026-07-15: Berlin is UTC+2 in summer, so 07:30 UTC is 09:30 there.
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-07-15T07:30:00Z') })).toBe(true);
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-07-15T15:30:00Z') })).toBe(false);
  });

  it('is closed on days without an opening', () => {
    expect(isWithinBusinessHours({ hours: weekdaysNineToFive, now: at('2026-01-17T10:00:00Z') })).toBe(false); // Saturday
    expect(isWithinBusinessHours({ hours: { timeZone: 'UTC', intervals: [] }, now: at('2026-01-14T10:00:00Z') })).toBe(false);
  });

  it('uses the local weekday where the date differs from UTC', () => {
    const shanghaiMonday: BusinessHours = { timeZone: 'Asia/Shanghai', intervals: [{ day: 'mon', open: '08:00', close: '12:00' }] };
    // Sunday 2026-01-18 23:30 UTC is Monday 07:30 / 01:30 UTC is Monday 09:30 in Shanghai.
    expect(isWithinBusinessHours({ hours: shanghaiMonday, now: at('2026-01-18T23:30:00Z') })).toBe(false);
    expect(isWithinBusinessHours({ hours: shanghaiMonday, now: at('2026-01-19T01:30:00Z') })).toBe(true);
  });

  it('handles openings past midnight, including Sunday into Monday', () => {
    const nights: BusinessHours = { timeZone: 'UTC', intervals: [{ day: 'sun', open: '22:00', close: '02:00' }] };
    expect(isWithinBusinessHours({ hours: nights, now: at('2026-01-18T23:00:00Z') })).toBe(true); // Sunday
    expect(isWithinBusinessHours({ hours: nights, now: at('2026-01-19T01:59:00Z') })).toBe(true); // Monday
    expect(isWithinBusinessHours({ hours: nights, now: at('2026-01-19T02:00:00Z') })).toBe(false);
    expect(isWithinBusinessHours({ hours: nights, now: at('2026-01-18T21:59:00Z') })).toBe(false);
  });

  it('treats 24:00 as the end of the day and several openings a day', () => {
    const split: BusinessHours = {
      timeZone: 'UTC',
      intervals: [
        { day: 'tue', open: '08:00', close: '12:00' },
        { day: 'tue', open: '13:00', close: '24:00' },
      ],
    };
    expect(isWithinBusinessHours({ hours: split, now: at('2026-01-13T12:30:00Z') })).toBe(false);
    expect(isWithinBusinessHours({ hours: split, now: at('2026-01-13T23:59:00Z') })).toBe(true);
    expect(isWithinBusinessHours({ hours: split, now: at('2026-01-14T00:00:00Z') })).toBe(false);
  });
});

describe('business hours input checks', () => {
  it('accepts HH:MM clock times up to 24:00', () => {
    expect(['00:00', '09:30', '23:59', '24:00'].every(isClockTime)).toBe(true);
    expect(['9:30', '24:01', '12:60', 'noon', ''].some(isClockTime)).toBe(false);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
