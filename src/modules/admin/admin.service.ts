import { randomBytes } from 'node:crypto';
import type { ChannelKind, Inbox, Prisma, RoutingPolicy, UserRole } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { conflictOnDuplicate, type Db } from '../../infra/db.js';
import type { AuthService } from '../auth/auth.service.js';
import { newInvitationToken } from '../auth/invitation-token.js';
import { hashNewPassword, hashPassword } from '../auth/password.js';
import type { DirectoryView } from '../../contracts/directory.views.js';

export interface CreateUserOptions {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  capacity: number;
  teamIds: string[];
}

export type InviteUserOptions = Omit<CreateUserOptions, 'password'> & { skills: string[] };

export interface UserChanges {
  name?: string;
  role?: UserRole;
  capacity?: number;
  skills?: string[];
  teamIds?: string[];
  active?: boolean;
}

export interface CreateInboxOptions {
  name: string;
  channel: ChannelKind;
  teamId?: string;
  settings?: Prisma.InputJsonObject;
}

export interface InboxChanges {
  name?: string;
  teamId?: string | null;
  requiredSkills?: string[];
}

export interface TeamChanges {
  name?: string;
  description?: string;
  routingPolicy?: RoutingPolicy;
  memberIds?: string[];
  overflowTeamId?: string | null;
  overflowAfterSeconds?: number | null;
}

const publicUserFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  capacity: true,
  skills: true,
  locale: true,
  timeZone: true,
  active: true,
  createdAt: true,
  inviteExpiresAt: true,
  memberships: { select: { teamId: true } },
} as const;

const teamInclude = { memberships: { select: { userId: true } } } as const;

/** What routing needs of a team: how it picks agents, weighs channels, hands back and spills work. */
const teamRoutingFields = {
  id: true,
  name: true,
  routingPolicy: true,
  channelWeights: true,
  requeueAsyncOnOffline: true,
  overflowTeamId: true,
  overflowAfterSeconds: true,
} as const;

export type TeamRoutingSettings = Prisma.TeamGetPayload<{ select: typeof teamRoutingFields }>;

/** An agent as routing sees them: may they take work, how much, what they can do, and their teams. */
export interface AgentRoutingProfile {
  id: string;
  name: string;
  active: boolean;
  capacity: number;
  skills: string[];
  teams: TeamRoutingSettings[];
}

const EMAIL_TAKEN = 'A user with this e-mail already exists.';
const TEAM_NAME_TAKEN = 'A team with this name already exists.';

/** What the auth module does when an admin changes who someone is. */
export type SessionControl = Pick<AuthService, 'signOutEverywhere' | 'accessChanged'>;

/** Organisation set-up: people, teams and inboxes. */
export class AdminService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionControl,
  ) {}

  listUsers() {
    return this.db.user.findMany({ select: publicUserFields, orderBy: { name: 'asc' } });
  }

  async createUser({ password, ...options }: CreateUserOptions) {
    return this.insertUser({ ...options, skills: [] }, { passwordHash: await hashNewPassword(password, options.email) });
  }

  /** A user who sets their own password through the returned token; they cannot log in before. */
  async inviteUser(options: InviteUserOptions) {
    const invitation = newInvitationToken();
    const user = await this.insertUser(options, {
      // Nobody knows this password; accepting the invitation replaces it.
      passwordHash: await hashPassword(randomBytes(32).toString('hex')),
      inviteTokenHash: invitation.hash,
      inviteExpiresAt: invitation.expiresAt,
    });
    return { user, token: invitation.token };
  }

  private async insertUser(
    options: InviteUserOptions,
    credentials: { passwordHash: string; inviteTokenHash?: string; inviteExpiresAt?: Date },
  ) {
    await this.assertTeamsExist(options.teamIds);
    const { teamIds, email, ...fields } = options;
    return conflictOnDuplicate(
      () =>
        this.db.user.create({
          data: {
            ...fields,
            ...credentials,
            email: email.toLowerCase(),
            memberships: { create: teamIds.map((teamId) => ({ teamId })) },
          },
          select: publicUserFields,
        }),
      EMAIL_TAKEN,
    );
  }

  /** An admin changes someone; they cannot demote or deactivate themselves (the last admin could lock everyone out). */
  async updateUser(actorId: string, userId: string, changes: UserChanges) {
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError('not_found', 'No user with this id.');
    if (userId === actorId && ((changes.role && changes.role !== user.role) || changes.active === false)) {
      throw new AppError('conflict', 'You cannot change your own role or deactivate yourself; ask another admin.');
    }
    const { teamIds, ...fields } = changes;
    if (teamIds) await this.assertTeamsExist(teamIds);
    const teamsBefore = teamIds ? await this.teamIdsOf(userId) : [];
    const updated = await this.db.$transaction(async (tx) => {
      if (teamIds) {
        await tx.teamMembership.deleteMany({ where: { userId, teamId: { notIn: teamIds } } });
        await tx.teamMembership.createMany({ data: teamIds.map((teamId) => ({ teamId, userId })), skipDuplicates: true });
      }
      return tx.user.update({ where: { id: userId }, data: fields, select: publicUserFields });
    });
    // After commit, so a reconnecting console already reads the new role.
    if (changes.active === false) await this.sessions.signOutEverywhere(userId);
    else if ((changes.role && changes.role !== user.role) || (teamIds && !sameMembers(teamsBefore, teamIds))) {
      // Their open consoles reconnect and join the rooms of their new role and teams at once.
      await this.sessions.accessChanged(userId);
    }
    return updated;
  }

  /** Display names by user id, for modules that show who did something. */
  async userNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  /** Those of these users who are active, with their names (mentions, assignees). */
  activeUsers(userIds: string[]): Promise<{ id: string; name: string }[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.user.findMany({ where: { id: { in: userIds }, active: true }, select: { id: true, name: true } });
  }

  async hasTeam(teamId: string): Promise<boolean> {
    return (await this.db.team.count({ where: { id: teamId } })) > 0;
  }

  /** The inboxes by id (unknown ids are left out), for the modules that route and deliver their work. */
  findInboxes(inboxIds: string[]): Promise<Inbox[]> {
    return this.db.inbox.findMany({ where: { id: { in: [...new Set(inboxIds)] } } });
  }

  async teamIdsOf(userId: string): Promise<string[]> {
    const memberships = await this.db.teamMembership.findMany({ where: { userId }, select: { teamId: true } });
    return memberships.map((membership) => membership.teamId);
  }

  /** One query, so going online or a manual assignment costs no more round trips than reading the user. */
  async routingProfileOf(userId: string): Promise<AgentRoutingProfile | null> {
    const user = await this.db.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        name: true,
        active: true,
        capacity: true,
        skills: true,
        memberships: { select: { team: { select: teamRoutingFields } } },
      },
    });
    if (!user) return null;
    const { memberships, ...agent } = user;
    return { ...agent, teams: memberships.map((membership) => membership.team) };
  }

  teamRoutingSettings(teamId: string): Promise<TeamRoutingSettings | null> {
    return this.db.team.findUnique({ where: { id: teamId }, select: teamRoutingFields });
  }

  /** Teams whose overdue waiting work spills to another team. */
  overflowingTeams(): Promise<TeamRoutingSettings[]> {
    return this.db.team.findMany({
      where: { overflowAfterSeconds: { not: null }, overflowTeamId: { not: null } },
      select: teamRoutingFields,
    });
  }

  async teamIdsByName(): Promise<string[]> {
    const teams = await this.db.team.findMany({ select: { id: true }, orderBy: { name: 'asc' } });
    return teams.map((team) => team.id);
  }

  /** The team that receives an inbox's unowned work (null: none, or no such inbox). */
  async teamOfInbox(inboxId: string): Promise<string | null> {
    return (await this.db.inbox.findUnique({ where: { id: inboxId }, select: { teamId: true } }))?.teamId ?? null;
  }

  /** Who and what every signed-in user may pick from: people to mention or transfer to, teams, inboxes. */
  async directory(): Promise<Omit<DirectoryView, 'labels'>> {
    const [users, teams, inboxes] = await Promise.all([
      this.db.user.findMany({ select: { id: true, name: true, role: true, active: true }, orderBy: { name: 'asc' } }),
      this.db.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
      this.db.inbox.findMany({ select: { id: true, name: true, channel: true }, orderBy: { name: 'asc' } }),
    ]);
    return { users, teams, inboxes };
  }

  listTeams() {
    return this.db.team.findMany({ orderBy: { name: 'asc' }, include: teamInclude });
  }

  async createTeam(options: Omit<TeamChanges, 'overflowTeamId' | 'overflowAfterSeconds'> & { name: string }) {
    const { memberIds = [], ...fields } = options;
    await this.assertUsersExist(memberIds);
    return conflictOnDuplicate(() =>
      this.db.team.create({ data: { ...fields, memberships: { create: memberIds.map((userId) => ({ userId })) } }, include: teamInclude }),
      TEAM_NAME_TAKEN,
    );
  }

  /** Returns the team and every user whose membership changed (routing reads them again). */
  async updateTeam(teamId: string, changes: TeamChanges) {
    const team = await this.db.team.findUnique({ where: { id: teamId }, include: teamInclude });
    if (!team) throw new AppError('not_found', 'No team with this id.');
    const { memberIds, ...fields } = changes;
    if (fields.overflowTeamId === teamId) throw new AppError('invalid_input', 'A team cannot overflow into itself.');
    if (fields.overflowTeamId) await this.assertTeamsExist([fields.overflowTeamId]);
    if (memberIds) await this.assertUsersExist(memberIds);
    const before = team.memberships.map((membership) => membership.userId);
    const updated = await conflictOnDuplicate(() =>
      this.db.$transaction(async (tx) => {
        if (memberIds) {
          await tx.teamMembership.deleteMany({ where: { teamId, userId: { notIn: memberIds } } });
          await tx.teamMembership.createMany({ data: memberIds.map((userId) => ({ teamId, userId })), skipDuplicates: true });
        }
        return tx.team.update({ where: { id: teamId }, data: fields, include: teamInclude });
      }),
      TEAM_NAME_TAKEN,
    );
    const changedMembers = memberIds
      ? [...before.filter((id) => !memberIds.includes(id)), ...memberIds.filter((id) => !before.includes(id))]
      : [];
    for (const userId of changedMembers) await this.sessions.accessChanged(userId);
    return { team: updated, changedMembers };
  }

  listInboxes() {
    // The identity secret is shown once, to the admin who rotates it (web chat module).
    return this.db.inbox.findMany({ orderBy: { name: 'asc' }, omit: { identitySecret: true } });
  }

  async createInbox(options: CreateInboxOptions) {
    if (options.teamId) await this.assertTeamsExist([options.teamId]);
    return this.db.inbox.create({
      data: {
        name: options.name,
        channel: options.channel,
        teamId: options.teamId,
        settings: options.settings ?? {},
        publicToken: randomBytes(16).toString('base64url'),
      },
      omit: { identitySecret: true },
    });
  }

  async updateInbox(inboxId: string, changes: InboxChanges) {
    if (!(await this.db.inbox.count({ where: { id: inboxId } }))) throw new AppError('not_found', 'No inbox with this id.');
    if (changes.teamId) await this.assertTeamsExist([changes.teamId]);
    return this.db.inbox.update({ where: { id: inboxId }, data: changes, omit: { identitySecret: true } });
  }

  private async assertTeamsExist(teamIds: string[]): Promise<void> {
    const unique = [...new Set(teamIds)];
    if ((await this.db.team.count({ where: { id: { in: unique } } })) !== unique.length) {
      throw new AppError('invalid_input', 'One of the teams does not exist.');
    }
  }

  private async assertUsersExist(userIds: string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    if ((await this.db.user.count({ where: { id: { in: unique } } })) !== unique.length) {
      throw new AppError('invalid_input', 'One of the members is not a user.');
    }
  }
}

function sameMembers(before: string[], after: string[]): boolean {
  const wanted = new Set(after);
  return before.length === wanted.size && before.every((id) => wanted.has(id));
}
