import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const sessionSchema = z.object({ userId: z.string(), createdAt: z.string() });
export type Session = z.infer<typeof sessionSchema>;

/**
 * Names a session without revealing it (socket rooms travel through Redis pub/sub and show in
 * logs): whoever reads the tag cannot sign in with it.
 */
export function sessionTag(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 32);
}

/**
 * Login sessions in Redis under an unguessable id, expiring on their own, plus an index of each
 * user's sessions so all of them can be ended at once.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async create(userId: string): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    const session: Session = { userId, createdAt: new Date().toISOString() };
    // The index lives as long as the newest session; ids of expired sessions in it are harmless.
    await this.redis
      .multi()
      .set(this.key(sessionId), JSON.stringify(session), 'EX', this.ttlSeconds)
      .sadd(this.userKey(userId), sessionId)
      .expire(this.userKey(userId), this.ttlSeconds)
      .exec();
    return sessionId;
  }

  async find(sessionId: string): Promise<Session | null> {
    if (!/^[\w-]{43}$/.test(sessionId)) return null;
    const raw = await this.redis.get(this.key(sessionId));
    if (!raw) return null;
    try {
      const parsed = sessionSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // unreadable session data is no session
    }
  }

  /** Ends one session; returns whose it was (null when it had already ended). */
  async destroy(sessionId: string): Promise<Session | null> {
    const session = await this.find(sessionId);
    if (!session) return null;
    await this.redis.multi().del(this.key(sessionId)).srem(this.userKey(session.userId), sessionId).exec();
    return session;
  }

  /** Ends every session of a user (signed out everywhere, deactivated). */
  async destroyAllFor(userId: string): Promise<void> {
    const sessionIds = await this.redis.smembers(this.userKey(userId));
    await this.redis
      .multi()
      .del(...sessionIds.map((id) => this.key(id)), this.userKey(userId))
      .exec();
  }

  private key(sessionId: string): string {
    return `${this.keyPrefix}:session:${sessionId}`;
  }

  private userKey(userId: string): string {
    return `${this.keyPrefix}:user-sessions:${userId}`;
  }
}
