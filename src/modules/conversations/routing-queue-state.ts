import { Prisma, type Conversation } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvent, recordTimelineEvents } from '../timeline/timeline.service.js';
import { describeChange } from './conversation-changes.js';
import { findConversationRow } from './conversation-reads.js';
import type { Actor, ConversationsDeps } from './conversations.deps.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import { toConversationView } from './conversation.views.js';
import { writeOutboundMessage } from './message-writer.js';

const waitingStatuses = { in: ['OPEN' as const, 'PENDING' as const] };

/**
 * Routing's view of conversations: who waits since when, who holds what, and the writes that
 * queue, assign and transfer. The Conversation table is this module's, so routing asks here.
 */
export function createRoutingQueueState({ db, bus, admin, customers }: Pick<ConversationsDeps, 'db' | 'bus' | 'admin' | 'customers'>) {
  return {
    /** What routing needs to queue a conversation: channel, team, skills and the inputs of its priority. */
    async getRoutingFacts(conversationId: string) {
      const row = await findConversationRow(db, conversationId);
      const [[inbox], customerPriority] = await Promise.all([admin.findInboxes([row.inboxId]), customers.priorityOf(row.customerId)]);
      if (!inbox) throw new AppError('not_found', 'No inbox with this id.');
      return {
        conversation: toConversationView(row),
        channel: inbox.channel,
        customerPriority,
        requiredSkills: [...new Set([...inbox.requiredSkills, ...row.requiredSkills])],
        queuedAt: row.queuedAt,
      };
    },

    /**
     * Records that an open conversation waits for an agent, unassigned, on its team's queue.
     * Work someone holds is taken from them only with takeFromAssignee (they went offline, a
     * supervisor said so); otherwise, and for resolved or snoozed work, nothing changes (null).
     */
    async markWaiting(
      conversationId: string,
      options: {
        queuedAt: Date;
        requeued: boolean;
        takeFromAssignee: boolean;
        teamId?: string | null;
        actorUserId?: string;
        reason?: string;
      },
    ): Promise<ConversationView | null> {
      const current = await findConversationRow(db, conversationId);
      return runWithEvents(db, bus, async (tx, emit) => {
        const { count } = await tx.conversation.updateMany({
          where: { id: conversationId, status: waitingStatuses, ...(!options.takeFromAssignee && { assigneeId: null }) },
          data: {
            queuedAt: options.queuedAt,
            assigneeId: null,
            assignedAt: null,
            ...(options.teamId !== undefined && { teamId: options.teamId }),
          },
        });
        if (count === 0) return null;
        await recordTimelineEvent(tx, {
          customerId: current.customerId,
          conversationId,
          kind: options.requeued ? 'routing.requeued' : 'routing.queued',
          actorType: options.actorUserId ? 'AGENT' : 'SYSTEM',
          actorUserId: options.actorUserId,
          data: { teamId: options.teamId !== undefined ? options.teamId : current.teamId, ...(options.reason && { reason: options.reason }) },
        });
        const updated = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
        const conversation = toConversationView(updated);
        if (current.assigneeId !== updated.assigneeId || current.teamId !== updated.teamId) {
          emit('conversation.updated', { conversation, previous: toConversationView(current) });
        }
        return conversation;
      });
    },

    /**
     * Stores the router's matches in one statement. Only conversations still unassigned are
     * taken (someone may have assigned one by hand meanwhile); returns those that were.
     */
    async assignFromQueue(matches: { conversationId: string; agentId: string; rule: string }[]): Promise<ConversationView[]> {
      if (matches.length === 0) return [];
      const now = new Date();
      return runWithEvents(db, bus, async (tx, emit) => {
        const values = Prisma.join(matches.map((match) => Prisma.sql`(${match.conversationId}::uuid, ${match.agentId}::uuid)`));
        const assigned = await tx.$queryRaw<Conversation[]>`
          UPDATE "Conversation" AS c
          SET "assigneeId" = m.agent_id, "assignedAt" = ${now}, "queuedAt" = NULL, "updatedAt" = ${now}
          FROM (VALUES ${values}) AS m(conversation_id, agent_id)
          WHERE c.id = m.conversation_id AND c."assigneeId" IS NULL AND c.status <> 'RESOLVED'
          RETURNING c.*`;
        const ruleOf = new Map(matches.map((match) => [match.conversationId, match.rule]));
        await recordTimelineEvents(
          tx,
          assigned.map((row) => ({
            customerId: row.customerId,
            conversationId: row.id,
            kind: 'routing.assigned' as const,
            actorType: 'SYSTEM' as const,
            data: { agentId: row.assigneeId, rule: ruleOf.get(row.id) ?? '' },
          })),
        );
        const views = assigned.map(toConversationView);
        for (const conversation of views) {
          emit('conversation.updated', { conversation, previous: { ...conversation, assigneeId: null }, actorUserId: null });
        }
        return views;
      });
    },

    /** Those of these conversations that still wait for an agent. */
    listWaitingByIds(conversationIds: string[]) {
      return db.conversation.findMany({
        where: { id: { in: conversationIds }, assigneeId: null, status: waitingStatuses },
        select: { id: true },
      });
    },

    /** conversationId -> customerId, for addressing customers. */
    async customersOf(conversationIds: string[]): Promise<Map<string, string>> {
      const rows = await db.conversation.findMany({ where: { id: { in: conversationIds } }, select: { id: true, customerId: true } });
      return new Map(rows.map((row) => [row.id, row.customerId]));
    },

    /** Moves a conversation to another agent or team with a note the next person reads. */
    async transferConversation(options: {
      conversationId: string;
      actor: Actor;
      toAgentId?: string;
      toTeamId?: string | null;
      note: string;
    }): Promise<ConversationView> {
      const current = await findConversationRow(db, options.conversationId);
      const now = new Date();
      return runWithEvents(db, bus, async (tx, emit) => {
        const updated = await tx.conversation.update({
          where: { id: current.id },
          data: {
            assigneeId: options.toAgentId ?? null,
            assignedAt: options.toAgentId ? now : null,
            queuedAt: options.toAgentId ? null : now,
            ...(options.toTeamId !== undefined && { teamId: options.toTeamId }),
          },
        });
        await recordTimelineEvent(tx, {
          customerId: current.customerId,
          conversationId: current.id,
          kind: 'routing.transferred',
          actorType: 'AGENT',
          actorUserId: options.actor.userId,
          data: { ...describeChange(current, updated), note: options.note },
        });
        const conversation = toConversationView(updated);
        emit('conversation.updated', { conversation, previous: toConversationView(current), actorUserId: options.actor.userId });
        if (options.note) {
          await writeOutboundMessage(tx, emit, updated, { senderType: 'AGENT', agentId: options.actor.userId, text: options.note, isPrivate: true });
        }
        return conversation;
      });
    },

    /** Open work assigned to an agent, for their load and for handing back. */
    async listAssignedOpenWork(agentId: string) {
      const rows = await db.conversation.findMany({
        where: { assigneeId: agentId, status: waitingStatuses },
        select: { id: true, teamId: true, inboxId: true },
      });
      const channelOf = new Map((await admin.findInboxes(rows.map((row) => row.inboxId))).map((inbox) => [inbox.id, inbox.channel]));
      return rows.map(({ id, teamId, inboxId }) => ({ id, teamId, inbox: { channel: channelOf.get(inboxId)! } }));
    },

    /** Unassigned conversations that wait for an agent, oldest first (for overflow and repair). */
    async listWaiting(options: { teamId?: string | null; queuedBefore?: Date; limit: number }) {
      return db.conversation.findMany({
        where: {
          assigneeId: null,
          status: waitingStatuses,
          queuedAt: { not: null, ...(options.queuedBefore && { lt: options.queuedBefore }) },
          ...(options.teamId !== undefined && { teamId: options.teamId }),
        },
        orderBy: { queuedAt: 'asc' },
        take: options.limit,
        select: { id: true, teamId: true, queuedAt: true },
      });
    },

    /** Open, unassigned conversations that never reached a queue (their queueing failed). */
    async listNeverQueued(options: { createdBefore: Date; limit: number }) {
      return db.conversation.findMany({
        where: { assigneeId: null, status: waitingStatuses, queuedAt: null, createdAt: { lt: options.createdBefore } },
        orderBy: { createdAt: 'asc' },
        take: options.limit,
        select: { id: true, teamId: true },
      });
    },
  };
}
