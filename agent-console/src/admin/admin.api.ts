import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type { BusinessHours } from '../../../src/contracts/business-hours.views';
import type { CannedResponseView } from '../../../src/contracts/canned-response.views';
import type { Channel, Role, RoutingPolicy } from '../../../src/contracts/enums';
import type { LabelView } from '../../../src/contracts/label.views';
import type { PreChatField, WidgetLocale } from '../../../src/contracts/widget.views';

/** What the admin endpoints send (README "Interfaces" and console-contract item 10). */
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  capacity: number;
  active: boolean;
  skills?: string[];
  teamIds?: string[];
  memberships?: { teamId: string }[];
  /** Set while an invitation waits to be accepted. */
  inviteExpiresAt?: string | null;
}

export interface AdminTeam {
  id: string;
  name: string;
  description: string;
  routingPolicy: RoutingPolicy;
  overflowTeamId: string | null;
  overflowAfterSeconds: number | null;
  memberships?: { userId: string }[];
  memberIds?: string[];
}

export interface AdminInbox {
  id: string;
  name: string;
  channel: Channel;
  publicToken: string;
  teamId: string | null;
  requiredSkills?: string[];
  settings: unknown;
}

/** GET /api/email/inboxes: one per e-mail inbox, keyed by the inbox's id (copied to `id` here); secrets only as `hasSecret`. */
export interface EmailInbox {
  id: string;
  inboxId: string;
  name: string;
  address: string;
  displayName: string;
  enabled: boolean;
  teamId: string | null;
  imap: { host: string; port: number; tls: boolean; user: string; auth: 'PASSWORD' | 'OAUTH2'; folder: string; hasSecret: boolean };
  smtp: { host: string; port: number; tls: boolean; user: string | null; hasSecret: boolean } | null;
  autoAcknowledge: boolean;
  reopenWithinDays: number;
}

/** The web chat settings as GET/PUT /api/inboxes/:id/widget-settings answer them. */
export interface WebchatSettings {
  allowedOrigins: string[];
  color: string;
  position: 'left' | 'right';
  /** Per language; the widget falls back to the inbox's language, then English. */
  greeting: Partial<Record<WidgetLocale, string>>;
  defaultLocale: WidgetLocale;
  preChatForm: { enabled: boolean; fields: PreChatField[] };
  businessHours?: BusinessHours | null;
  identityRequired: boolean;
  /** The e-mail inbox that sends replies to visitors who left; null in a PUT clears it. */
  offlineReplyEmailInboxId?: string | null;
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  teams: ['admin', 'teams'] as const,
  inboxes: ['admin', 'inboxes'] as const,
  emailInboxes: ['admin', 'email-inboxes'] as const,
  labels: ['admin', 'labels'] as const,
  cannedResponses: ['admin', 'canned-responses'] as const,
  widgetSettings: (inboxId: string) => ['admin', 'widget-settings', inboxId] as const,
};

function listQuery<T>(key: readonly string[], path: string) {
  return { queryKey: key, queryFn: () => request<{ items: T[] }>(path).then((body) => body.items) };
}

export const useUsers = () => useQuery(listQuery<AdminUser>(adminKeys.users, '/users'));
export const useTeams = () => useQuery(listQuery<AdminTeam>(adminKeys.teams, '/teams'));
export const useInboxes = () => useQuery(listQuery<AdminInbox>(adminKeys.inboxes, '/inboxes'));
export const useEmailInboxes = () =>
  useQuery({
    queryKey: adminKeys.emailInboxes,
    queryFn: () => request<{ items: Omit<EmailInbox, 'id'>[] }>('/email/inboxes').then((body) => body.items.map((item) => ({ ...item, id: item.inboxId }))),
  });
export const useLabels = () => useQuery(listQuery<LabelView>(adminKeys.labels, '/labels'));
export const useCannedResponses = () => useQuery(listQuery<CannedResponseView>(adminKeys.cannedResponses, '/canned-responses'));

/** A user's teams, whichever shape the server sends them in. */
export function teamIdsOf(user: AdminUser): string[] {
  return user.teamIds ?? user.memberships?.map((membership) => membership.teamId) ?? [];
}

export function isInvitePending(user: AdminUser): boolean {
  return Boolean(user.inviteExpiresAt);
}

/** A team's members, whichever shape the server sends them in. */
export function memberIdsOf(team: AdminTeam): string[] {
  return team.memberIds ?? team.memberships?.map((membership) => membership.userId) ?? [];
}
