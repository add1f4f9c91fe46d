/** What the server's REST API and /agent socket send; kept in step with README's Interfaces. */
export type Role = 'ADMIN' | 'SUPERVISOR' | 'AGENT';
export type Locale = 'en' | 'zh-CN';
export type Channel = 'WEBCHAT' | 'EMAIL' | 'VOICE' | 'SMS' | 'TICKET';
export type ConversationStatus = 'OPEN' | 'PENDING' | 'SNOOZED' | 'RESOLVED';
export type Priority = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
export type PresenceStatus = 'ONLINE' | 'AWAY' | 'OFFLINE';
export type CustomerTier = 'STANDARD' | 'SILVER' | 'GOLD' | 'PLATINUM';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  timeZone: string;
  capacity: number;
  teamIds: string[];
}

export interface Label {
  id: string;
  name: string;
  color: string;
  description: string;
}

export interface Directory {
  users: { id: string; name: string; role: Role; active: boolean }[];
  teams: { id: string; name: string }[];
  inboxes: { id: string; name: string; channel: Channel }[];
  labels: Label[];
}
