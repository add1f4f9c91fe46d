/** Dates in the signed-in user's time zone and language. */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** Short form for lists: the time today, otherwise the date. */
export function formatShort(iso: string, locale: string, timeZone: string, now = new Date()): string {
  const date = new Date(iso);
  const day = (value: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(value);
  const options: Intl.DateTimeFormatOptions =
    day(date) === day(now) ? { timeStyle: 'short', timeZone } : { month: 'short', day: 'numeric', timeZone };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** "3 min ago", "in 2 h", for SLA and snooze times. */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
