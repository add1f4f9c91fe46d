import { WEEKDAYS, type BusinessHours, type Weekday } from '../contracts/business-hours.views.js';

export interface IsWithinBusinessHoursOptions {
  hours: BusinessHours;
  now: Date;
}

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Whether `now` falls inside one of the weekly openings, read on the business's own clock. */
export function isWithinBusinessHours({ hours, now }: IsWithinBusinessHoursOptions): boolean {
  const minuteOfWeek = localMinuteOfWeek(now, hours.timeZone);
  return hours.intervals.some((interval) => {
    const start = WEEKDAYS.indexOf(interval.day) * MINUTES_PER_DAY + minutesOf(interval.open);
    let end = WEEKDAYS.indexOf(interval.day) * MINUTES_PER_DAY + minutesOf(interval.close);
    if (end <= start) end += MINUTES_PER_DAY;
    // Sunday night's opening may reach into Monday morning: look one week on as well.
    return [minuteOfWeek, minuteOfWeek + MINUTES_PER_WEEK].some((minute) => minute >= start && minute < end);
  });
}

/** "HH:MM" with 00 <= HH <= 24 (24:00 only as a close). */
export function isClockTime(value: string): boolean {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return false;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return minute < 60 && (hour < 24 || (hour === 24 && minute === 0));
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(clock: string): number {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

function localMinuteOfWeek(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(part('weekday').toLowerCase().slice(0, 3) as Weekday);
  return day * MINUTES_PER_DAY + Number(part('hour')) * 60 + Number(part('minute'));
}
