import { WEEKDAYS, type BusinessHours, type OpeningInterval, type Weekday } from '../../../src/contracts/business-hours.views';

/* Editing weekly opening hours: rows of day + open/close, or none at all ("always open"). */

export interface HoursDraft {
  alwaysOpen: boolean;
  timeZone: string;
  intervals: OpeningInterval[];
}

export function hoursDraft(hours: BusinessHours | null | undefined, fallbackTimeZone: string): HoursDraft {
  if (!hours) return { alwaysOpen: true, timeZone: fallbackTimeZone, intervals: [] };
  return { alwaysOpen: false, timeZone: hours.timeZone, intervals: hours.intervals.map((interval) => ({ ...interval })) };
}

/** A new row: the day after the last row's (Monday first) with the same hours, else Monday 09:00–17:00. */
export function addInterval(intervals: readonly OpeningInterval[]): OpeningInterval[] {
  const last = intervals.at(-1);
  if (!last) return [{ day: 'mon', open: '09:00', close: '17:00' }];
  const next = WEEKDAYS[(WEEKDAYS.indexOf(last.day) + 1) % WEEKDAYS.length] as Weekday;
  return [...intervals, { day: next, open: last.open, close: last.close }];
}

export function removeInterval(intervals: readonly OpeningInterval[], index: number): OpeningInterval[] {
  return intervals.filter((_, position) => position !== index);
}

export function updateInterval(intervals: readonly OpeningInterval[], index: number, change: Partial<OpeningInterval>): OpeningInterval[] {
  return intervals.map((interval, position) => (position === index ? { ...interval, ...change } : interval));
}

/** Monday to Friday, 09:00–17:00: a starting point for a business that had none. */
export function weekdayTemplate(): OpeningInterval[] {
  return WEEKDAYS.slice(0, 5).map((day) => ({ day, open: '09:00', close: '17:00' }));
}

export type IntervalProblem = 'missingTime' | 'closeBeforeOpen' | 'overlap';

function minutes(clock: string): number {
  const [hour, minute] = clock.split(':').map(Number);
  return (hour ?? 0) * 60 + (minute ?? 0);
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** What is wrong with each row (undefined: nothing): times missing, closing not after opening, or overlapping a row of the same day. */
export function intervalProblems(intervals: readonly OpeningInterval[]): (IntervalProblem | undefined)[] {
  return intervals.map((interval, index) => {
    if (!CLOCK.test(interval.open) || !CLOCK.test(interval.close) || interval.open === '24:00') return 'missingTime';
    if (minutes(interval.close) <= minutes(interval.open)) return 'closeBeforeOpen';
    const overlaps = intervals.some(
      (other, position) =>
        position !== index &&
        other.day === interval.day &&
        CLOCK.test(other.open) &&
        CLOCK.test(other.close) &&
        minutes(other.open) < minutes(interval.close) &&
        minutes(interval.open) < minutes(other.close),
    );
    return overlaps ? 'overlap' : undefined;
  });
}

/** The PUT body's `businessHours`: null for always open (no hours), rows sorted by day and time. */
export function businessHoursBody(draft: HoursDraft): BusinessHours | null {
  if (draft.alwaysOpen) return null;
  const intervals = [...draft.intervals].sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || minutes(a.open) - minutes(b.open));
  return { timeZone: draft.timeZone, intervals };
}

/** Time zones the browser knows, with `current` kept in the list even when it does not. */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = known.includes('UTC') ? [...known] : [...known, 'UTC'];
  if (current && !zones.includes(current)) zones.unshift(current);
  return zones;
}
