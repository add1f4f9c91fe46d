import type { Role } from './enums.js';

/** The signed-in user (GET/PATCH /api/auth/me, answers of login and invitation). */
export interface MeView {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** A language tag; the console shows `en` or `zh-CN`. */
  locale: string;
  /** IANA time zone the console formats dates in. */
  timeZone: string;
  capacity: number;
  teamIds: string[];
}
