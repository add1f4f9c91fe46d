import type { User, UserRole } from '@prisma/client';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import { invitationTokenHash } from './invitation-token.js';
import { hashNewPassword, unknownUserHash, verifyPassword } from './password.js';
import type { SessionStore } from './session.store.js';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  capacity: number;
  locale: string;
  timeZone: string;
}

export interface OwnProfileChanges {
  name?: string;
  locale?: string;
  timeZone?: string;
}

export interface LoginOptions {
  email: string;
  password: string;
  ip: string;
}

/** The live connections of signed-in users, on every server process (Socket.IO /agent). */
export interface LiveConnections {
  closeSession(sessionId: string): Promise<void>;
  closeUser(userId: string): Promise<void>;
}

export interface LoginLimits {
  maxFailures: number;
  lockSeconds: number;
}

export class AuthService {
  private readonly failuresByAccount: RateLimiterRedis;
  private readonly failuresByIp: RateLimiterRedis;
  private connections: LiveConnections | null = null;

  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
    redis: Redis,
    keyPrefix: string,
    limits: LoginLimits,
  ) {
    this.failuresByAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:login-fail:account`,
      points: limits.maxFailures,
      duration: limits.lockSeconds,
    });
    // Guessing across many accounts from one address is stopped too.
    this.failuresByIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:login-fail:ip`,
      points: limits.maxFailures * 10,
      duration: limits.lockSeconds,
    });
  }

  /** Returns a new session id. Wrong e-mail and wrong password fail alike. */
  async login({ email, password, ip }: LoginOptions): Promise<{ sessionId: string; user: AuthenticatedUser }> {
    const accountKey = `${email.toLowerCase()}|${ip}`;
    await this.refuseIfLocked(accountKey, ip);
    const user = await this.db.user.findUnique({ where: { email: email.toLowerCase() } });
    const passwordMatches = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), password);
    // An invited user has no password of their own until they accept.
    if (!user || !user.active || user.inviteTokenHash !== null || !passwordMatches) {
      await Promise.all([this.failuresByAccount.penalty(accountKey), this.failuresByIp.penalty(ip)]);
      throw new AppError('unauthenticated', 'Wrong e-mail or password.');
    }
    await this.failuresByAccount.delete(accountKey);
    return { sessionId: await this.sessions.create(user.id), user: toAuthenticatedUser(user) };
  }

  /**
   * An invited user chooses their password and is signed in. Rate limited like logins: a
   * wrong token counts as a failure of this address.
   */
  async acceptInvitation({ token, password, ip }: { token: string; password: string; ip: string }) {
    await this.refuseIfLocked(`invitation|${ip}`, ip);
    const user = await this.db.user.findUnique({ where: { inviteTokenHash: invitationTokenHash(token) } });
    if (!user || !user.inviteExpiresAt || user.inviteExpiresAt < new Date() || !user.active) {
      await this.failuresByIp.penalty(ip);
      throw new AppError('invalid_input', 'This invitation link is not valid or has expired; ask an admin for a new one.');
    }
    const accepted = await this.db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashNewPassword(password, user.email), inviteTokenHash: null, inviteExpiresAt: null },
    });
    return { sessionId: await this.sessions.create(accepted.id), user: toAuthenticatedUser(accepted) };
  }

  /** What a user changes about themselves: name, language, time zone. */
  async updateOwnProfile(userId: string, changes: OwnProfileChanges): Promise<AuthenticatedUser> {
    return toAuthenticatedUser(await this.db.user.update({ where: { id: userId }, data: changes }));
  }

  /** Sockets exist after the auth service; the composition root hands them over once they do. */
  useLiveConnections(connections: LiveConnections): void {
    this.connections = connections;
  }

  /** Ends this session and closes the sockets it opened (other devices stay signed in). */
  async logout(sessionId: string): Promise<void> {
    if (await this.sessions.destroy(sessionId)) await this.connections?.closeSession(sessionId);
  }

  /** Ends every session of the user and closes all their sockets (signed out everywhere, deactivated). */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.sessions.destroyAllFor(userId);
    await this.connections?.closeUser(userId);
  }

  /**
   * The user's role or teams changed: their sessions stay, but their sockets are closed so the
   * console reconnects and joins the rooms the new role allows (a socket keeps its rooms otherwise).
   */
  async accessChanged(userId: string): Promise<void> {
    await this.connections?.closeUser(userId);
  }

  /** The active user behind a session id, or null. */
  async authenticate(sessionId: string | undefined): Promise<AuthenticatedUser | null> {
    if (!sessionId) return null;
    const session = await this.sessions.find(sessionId);
    if (!session) return null;
    const user = await this.db.user.findUnique({ where: { id: session.userId } });
    return user?.active ? toAuthenticatedUser(user) : null;
  }

  private async refuseIfLocked(accountKey: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.failuresByAccount.get(accountKey), this.failuresByIp.get(ip)]);
    const locked = [account, address].find(
      (state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0,
    );
    if (locked) {
      const minutes = Math.max(1, Math.ceil(locked.msBeforeNext / 60_000));
      throw new AppError('rate_limited', `Too many failed logins. Try again in ${minutes} minute(s).`, {
        retryAfterSeconds: Math.ceil(locked.msBeforeNext / 1000),
      });
    }
  }
}

function toAuthenticatedUser(user: User): AuthenticatedUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    capacity: user.capacity,
    locale: user.locale,
    timeZone: user.timeZone,
  };
}
