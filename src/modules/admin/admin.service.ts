import { randomBytes } from 'node:crypto';
import type { ChannelKind, Prisma, RoutingPolicy, UserRole } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { conflictOnDuplicate, type Db } from '../../infra/db.js';
import { newInvitationToken } from '../auth/invitation-token.js';
import { hashPassword } from '../auth/password.js';
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

const EMAIL_TAKEN = 'A user with this e-mail already exists.';
const TEAM_NAME_TAKEN = 'A team with this name already exists.';

/** Organisation set-up: people, teams and inboxes. */
export class AdminService {
  constructor(private readonly db: Db) {}

  listUsers() {
    return this.db.user.findMany({ select: publicUserFields, orderBy: { name: 'asc' } });
  }

  async createUser({ password, ...options }: CreateUserOptions) {
    return this.insertUser({ ...options, skills: [] }, { passwordHash: await hashPassword(password) });
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
    return this.db.$transaction(async (tx) => {
      if (teamIds) {
        await tx.teamMembership.deleteMany({ where: { userId, teamId: { notIn: teamIds } } });
        await tx.teamMembership.createMany({ data: teamIds.map((teamId) => ({ teamId, userId })), skipDuplicates: true });
      }
      return tx.user.update({ where: { id: userId }, data: fields, select: publicUserFields });
    });
  }

  /** Display names by user id, for modules that show who did something. */
  async userNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  async teamIdsOf(userId: string): Promise<string[]> {
    const memberships = await this.db.teamMembership.findMany({ where: { userId }, select: { teamId: true } });
    return memberships.map((membership) => membership.teamId);
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
