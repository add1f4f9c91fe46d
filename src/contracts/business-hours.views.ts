export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One opening on one day, in the business's local time: "09:00" to "17:30". A close at or before the open runs past midnight. */
export interface OpeningInterval {
  day: Weekday;
  open: string;
  close: string;
}

/** Weekly opening hours in an IANA time zone ("Europe/Berlin"), so daylight saving time is followed. */
export interface BusinessHours {
  timeZone: string;
  intervals: OpeningInterval[];
}
