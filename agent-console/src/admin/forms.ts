import type { AdminInbox, AdminTeam, AdminUser } from './admin.api';
import { memberIdsOf, teamIdsOf } from './admin.api';
import type { CannedResponseView } from '../../../src/contracts/canned-response.views';
import type { Role, RoutingPolicy } from '../../../src/contracts/enums';
import type { LabelView } from '../../../src/contracts/label.views';

/* Form state → request bodies, kept apart from the components so they can be tested. */

export interface LabelDraft {
  name: string;
  color: string;
  description: string;
}

export function labelDraft(label: LabelView | null): LabelDraft {
  return { name: label?.name ?? '', color: label?.color ?? '#2563eb', description: label?.description ?? '' };
}

export function labelBody(draft: LabelDraft) {
  return { name: draft.name.trim(), color: draft.color.toLowerCase(), description: draft.description.trim() };
}

export interface CannedDraft {
  shortCode: string;
  title: string;
  content: string;
}

export function cannedDraft(canned: CannedResponseView | null): CannedDraft {
  return { shortCode: canned?.shortCode ?? '', title: canned?.title ?? '', content: canned?.content ?? '' };
}

/** Agents type "/greet"; the code is stored without the slash. */
export function cannedBody(draft: CannedDraft) {
  return { shortCode: draft.shortCode.trim().replace(/^\/+/, ''), title: draft.title.trim(), content: draft.content };
}

export const CANNED_VARIABLES = ['{{customer.name}}', '{{customer.email}}', '{{agent.name}}', '{{conversation.number}}'] as const;

/** Inserts `text` at the cursor (or replaces the selection) of a textarea's value. */
export function insertAt(value: string, text: string, start: number, end: number = start): { value: string; cursor: number } {
  return { value: value.slice(0, start) + text + value.slice(end), cursor: start + text.length };
}

export function matchesSearch(canned: CannedResponseView, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [canned.shortCode, canned.title, canned.content].some((field) => field.toLowerCase().includes(needle));
}

export interface TeamDraft {
  name: string;
  description: string;
  routingPolicy: RoutingPolicy;
  memberIds: string[];
  overflowTeamId: string;
  overflowAfterSeconds: string;
}

export function teamDraft(team: AdminTeam | null): TeamDraft {
  return {
    name: team?.name ?? '',
    description: team?.description ?? '',
    routingPolicy: team?.routingPolicy ?? 'LEAST_BUSY',
    memberIds: team ? memberIdsOf(team) : [],
    overflowTeamId: team?.overflowTeamId ?? '',
    overflowAfterSeconds: team?.overflowAfterSeconds == null ? '' : String(team.overflowAfterSeconds),
  };
}

/** POST takes no overflow (contract item 10); PATCH sends it, with "none" as null. */
export function teamBody(draft: TeamDraft, isNew: boolean) {
  const body = { name: draft.name.trim(), description: draft.description.trim(), routingPolicy: draft.routingPolicy, memberIds: draft.memberIds };
  if (isNew) return body;
  const seconds = draft.overflowAfterSeconds.trim();
  return {
    ...body,
    overflowTeamId: draft.overflowTeamId || null,
    overflowAfterSeconds: draft.overflowTeamId && seconds ? Number(seconds) : null,
  };
}

export interface AgentDraft {
  email: string;
  name: string;
  role: Role;
  capacity: string;
  skills: string[];
  teamIds: string[];
  active: boolean;
}

export function agentDraft(user: AdminUser | null): AgentDraft {
  return {
    email: user?.email ?? '',
    name: user?.name ?? '',
    role: user?.role ?? 'AGENT',
    capacity: String(user?.capacity ?? 6),
    skills: user?.skills ?? [],
    teamIds: user ? teamIdsOf(user) : [],
    active: user?.active ?? true,
  };
}

export function inviteBody(draft: AgentDraft) {
  return {
    email: draft.email.trim(),
    name: draft.name.trim(),
    role: draft.role,
    capacity: Number(draft.capacity),
    skills: draft.skills,
    teamIds: draft.teamIds,
  };
}

export function agentPatchBody(draft: AgentDraft) {
  return {
    name: draft.name.trim(),
    role: draft.role,
    capacity: Number(draft.capacity),
    skills: draft.skills,
    teamIds: draft.teamIds,
    active: draft.active,
  };
}

export interface InboxDraft {
  name: string;
  channel: AdminInbox['channel'];
  teamId: string;
  requiredSkills: string[];
}

export function inboxDraft(inbox: AdminInbox | null): InboxDraft {
  return { name: inbox?.name ?? '', channel: inbox?.channel ?? 'WEBCHAT', teamId: inbox?.teamId ?? '', requiredSkills: inbox?.requiredSkills ?? [] };
}

/** POST /api/inboxes leaves the team out for none; PATCH clears it with null. */
export function inboxCreateBody(draft: InboxDraft) {
  return { name: draft.name.trim(), channel: draft.channel, ...(draft.teamId && { teamId: draft.teamId }) };
}

export function inboxPatchBody(draft: InboxDraft) {
  return { name: draft.name.trim(), teamId: draft.teamId || null, requiredSkills: draft.requiredSkills };
}
