import { randomBytes } from 'node:crypto';
import type { ChannelKind, Prisma, UserRole } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { isUniqueViolation, type Db } from '../../infra/db.js';
import { hashPassword } from '../auth/password.js';

export interface CreateUserOptions {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  capacity: number;
  teamIds: string[];
}

export interface CreateInboxOptions {
  name: string;
  channel: ChannelKind;
  teamId?: string;
  settings?: Prisma.InputJsonObject;
}

const publicUserFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  capacity: true,
  locale: true,
  active: true,
  createdAt: true,
  memberships: { select: { teamId: true } },
} as const;

/** Organisation set-up: people, teams and inboxes. */
export class AdminService {
  constructor(private readonly db: Db) {}

  listUsers() {
    return this.db.user.findMany({ select: publicUserFields, orderBy: { name: 'asc' } });
  }

  async createUser(options: CreateUserOptions) {
    try {
      return await this.db.user.create({
        data: {
          email: options.email.toLowerCase(),
          name: options.name,
          role: options.role,
          capacity: options.capacity,
          passwordHash: await hashPassword(options.password),
          memberships: { create: options.teamIds.map((teamId) => ({ teamId })) },
        },
        select: publicUserFields,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'A user with this e-mail already exists.');
      throw error;
    }
  }

  async teamIdsOf(userId: string): Promise<string[]> {
    const memberships = await this.db.teamMembership.findMany({ where: { userId }, select: { teamId: true } });
    return memberships.map((membership) => membership.teamId);
  }

  listTeams() {
    return this.db.team.findMany({
      orderBy: { name: 'asc' },
      include: { memberships: { select: { userId: true } } },
    });
  }

  listInboxes() {
    // The identity secret is shown once, to the admin who rotates it (web chat module).
    return this.db.inbox.findMany({ orderBy: { name: 'asc' }, omit: { identitySecret: true } });
  }

  createInbox(options: CreateInboxOptions) {
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
}
