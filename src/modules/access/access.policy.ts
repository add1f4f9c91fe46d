import { Prisma, type UserRole } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';

/** Who is looking: what the policy needs to know about a signed-in user. */
export interface Viewer {
  id: string;
  role: UserRole;
  teamIds: string[];
}

/**
 * Something a route or socket event names. Each kind leads to the conversation(s) it belongs to;
 * a new kind (ticket, call, complaint) is one more entry in `AccessPolicy.checks`.
 */
export type AccessTarget =
  | { kind: 'conversation'; id: string }
  | { kind: 'message'; id: string }
  | { kind: 'attachment'; id: string }
  | { kind: 'inbox'; id: string };

export type AccessKind = AccessTarget['kind'];

/** Shorthands for route and socket definitions: `access: ({ params }) => [conversation(params.id)]`. */
export const conversation = (id: string): AccessTarget => ({ kind: 'conversation', id });
export const message = (id: string): AccessTarget => ({ kind: 'message', id });
export const attachment = (id: string): AccessTarget => ({ kind: 'attachment', id });
export const inbox = (id: string): AccessTarget => ({ kind: 'inbox', id });

/** The same words as "does not exist": an agent must not learn what other teams handle. */
const notFound: Record<AccessKind, string> = {
  conversation: 'No conversation with this id.',
  message: 'No message with this id.',
  attachment: 'No attachment with this id.',
  inbox: 'No inbox with this id.',
};

/** Supervisors and admins see all work; agents see what the policy lets through. */
function seesEverything(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role !== 'AGENT';
}

/**
 * The one access policy: an agent may see and act on a conversation assigned to them, of one of
 * their teams, or, with no team, of an inbox of one of their teams or of an inbox with no team.
 * Supervisors and admins see everything. Refusals are 404s, as if the thing did not exist.
 */
export class AccessPolicy {
  private readonly checks: Record<AccessKind, (viewer: Viewer, id: string) => Promise<boolean>>;

  constructor(
    private readonly db: Db,
    private readonly teamIdsOf: (userId: string) => Promise<string[]>,
  ) {
    this.checks = {
      conversation: async (viewer, id) => (await db.conversation.count({ where: { id, AND: [this.conversationWhere(viewer)] } })) > 0,
      message: async (viewer, id) =>
        (await db.message.count({ where: { id, conversation: this.conversationWhere(viewer) } })) > 0,
      attachment: async (viewer, id) =>
        (await db.attachment.count({ where: { id, message: { conversation: this.conversationWhere(viewer) } } })) > 0,
      inbox: async (viewer, id) => (await db.inbox.count({ where: { id, AND: [this.inboxWhere(viewer)] } })) > 0,
    };
  }

  async viewerOf(user: { id: string; role: UserRole }): Promise<Viewer> {
    return { id: user.id, role: user.role, teamIds: await this.teamIdsOf(user.id) };
  }

  /** The check: throws not_found unless the viewer may see every target (missing ones included), e.g. [conversation(id)]. */
  async assertCanSee(viewer: Viewer, targets: AccessTarget[]): Promise<void> {
    for (const target of targets) {
      if (!(await this.checks[target.kind](viewer, target.id))) throw new AppError('not_found', notFound[target.kind]);
    }
  }

  /** Whether this user may see the conversation (for notifications made without a request). */
  async userMaySeeConversation(userId: string, conversationId: string): Promise<boolean> {
    const user = await this.db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    return user !== null && this.checks.conversation(await this.viewerOf(user), conversationId);
  }

  /** The conversations the viewer may see, for Prisma `where` (AND it with the query's own conditions). */
  conversationWhere(viewer: Viewer): Prisma.ConversationWhereInput {
    if (seesEverything(viewer)) return {};
    return {
      OR: [
        { assigneeId: viewer.id },
        { teamId: { in: viewer.teamIds } },
        { teamId: null, inbox: this.inboxWhere(viewer) },
      ],
    };
  }

  /** The inboxes whose work the viewer may take (start conversations in, see unowned work of). */
  inboxWhere(viewer: Viewer): Prisma.InboxWhereInput {
    if (seesEverything(viewer)) return {};
    return { OR: [{ teamId: null }, { teamId: { in: viewer.teamIds } }] };
  }

  /** The same rule as a SQL condition on the conversation aliased `c`, for hand-written list and count queries. */
  conversationSql(viewer: Viewer): Prisma.Sql {
    if (seesEverything(viewer)) return Prisma.sql`TRUE`;
    const teams = Prisma.sql`${viewer.teamIds}::uuid[]`;
    return Prisma.sql`(c."assigneeId" = ${viewer.id}::uuid OR c."teamId" = ANY(${teams}) OR (c."teamId" IS NULL AND EXISTS (
      SELECT 1 FROM "Inbox" i WHERE i.id = c."inboxId" AND (i."teamId" IS NULL OR i."teamId" = ANY(${teams})))))`;
  }

  /** Of these conversation ids, the ones the viewer may not see (or that do not exist). */
  async hiddenConversationIds(viewer: Viewer, conversationIds: string[]): Promise<Set<string>> {
    const unique = [...new Set(conversationIds)];
    if (unique.length === 0) return new Set();
    const visible = await this.db.conversation.findMany({
      where: { id: { in: unique }, AND: [this.conversationWhere(viewer)] },
      select: { id: true },
    });
    const seen = new Set(visible.map((row) => row.id));
    return new Set(unique.filter((id) => !seen.has(id)));
  }
}
