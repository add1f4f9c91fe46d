import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const sessionSchema = z.object({ userId: z.string(), createdAt: z.string() });
export type Session = z.infer<typeof sessionSchema>;

/** Login sessions in Redis under an unguessable id, expiring on their own. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async create(userId: string): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    const session: Session = { userId, createdAt: new Date().toISOString() };
    await this.redis.set(this.key(sessionId), JSON.stringify(session), 'EX', this.ttlSeconds);
    await this.redis.sadd(this.userKey(userId), sessionId);
    await this.redis.expire(this.userKey(userId), this.ttlSeconds);
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

  async destroy(sessionId: string): Promise<void> {
    const session = await this.find(sessionId);
    await this.redis.del(this.key(sessionId));
    if (session) await this.redis.srem(this.userKey(session.userId), sessionId);
  }

  /** Ends every session of a user (deactivated, role or password changed). */
  async destroyAllFor(userId: string): Promise<void> {
    const sessionIds = await this.redis.smembers(this.userKey(userId));
    if (sessionIds.length > 0) await this.redis.del(...sessionIds.map((id) => this.key(id)));
    await this.redis.del(this.userKey(userId));
  }

  private key(sessionId: string): string {
    return `${this.keyPrefix}:session:${sessionId}`;
  }

  private userKey(userId: string): string {
    return `${this.keyPrefix}:user-sessions:${userId}`;
  }
}
