import type { Conversation, ConversationPriority, Prisma } from '@prisma/client';
import { canChangeStatus, type ConversationStatus } from '../../domain/conversation-status.js';
import { AppError } from '../../domain/errors.js';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import { findConversationRow } from './conversation-reads.js';
import type { Actor, ConversationsDeps } from './conversations.deps.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import { toConversationView } from './conversation.views.js';

const trackedFields = ['status', 'assigneeId', 'teamId', 'priority', 'snoozedUntil'] as const;

/** { field: { from, to } } for each tracked field that changed, for the timeline. */
export function describeChange(before: Conversation, after: Conversation): Prisma.InputJsonObject {
  const changes: Record<string, { from: string | null; to: string | null }> = {};
  for (const field of trackedFields) {
    const from = before[field] instanceof Date ? before[field].toISOString() : (before[field] as string | null);
    const to = after[field] instanceof Date ? after[field].toISOString() : (after[field] as string | null);
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}

/** An agent changes a conversation's status, assignee, team or priority. */
export function createConversationChanges({ db, bus, admin }: Pick<ConversationsDeps, 'db' | 'bus' | 'admin'>) {
  async function updateConversation(
    current: Conversation,
    actor: Actor,
    kind: 'status.changed' | 'assignee.changed' | 'team.changed' | 'priority.changed',
    changes: Prisma.ConversationUncheckedUpdateInput,
  ): Promise<ConversationView> {
    return runWithEvents(db, bus, async (tx, emit) => {
      const updated = await tx.conversation.update({ where: { id: current.id }, data: changes });
      await recordTimelineEvent(tx, {
        customerId: current.customerId,
        conversationId: current.id,
        kind,
        actorType: 'AGENT',
        actorUserId: actor.userId,
        data: describeChange(current, updated),
      });
      const conversation = toConversationView(updated);
      emit('conversation.updated', { conversation, previous: toConversationView(current), actorUserId: actor.userId });
      return conversation;
    });
  }

  return {
    async changeStatus(conversationId: string, status: ConversationStatus, actor: Actor, snoozedUntil?: Date) {
      const current = await findConversationRow(db, conversationId);
      if (current.status === status && status !== 'SNOOZED') return toConversationView(current);
      if (!canChangeStatus(current.status, status)) {
        throw new AppError('conflict', `A ${current.status.toLowerCase()} conversation cannot become ${status.toLowerCase()}.`);
      }
      if (status === 'SNOOZED' && (!snoozedUntil || snoozedUntil <= new Date())) {
        throw new AppError('invalid_input', 'Snoozing needs a "snoozedUntil" time in the future.');
      }
      return updateConversation(current, actor, 'status.changed', {
        status,
        snoozedUntil: status === 'SNOOZED' ? snoozedUntil : null,
        resolvedAt: status === 'RESOLVED' ? new Date() : null,
      });
    },

    async assignConversation(conversationId: string, assigneeId: string | null, actor: Actor) {
      const current = await findConversationRow(db, conversationId);
      if (assigneeId && (await admin.activeUsers([assigneeId])).length === 0) {
        throw new AppError('invalid_input', 'The assignee is not an active user.');
      }
      if (current.assigneeId === assigneeId) return toConversationView(current);
      return updateConversation(current, actor, 'assignee.changed', { assigneeId });
    },

    async changeTeam(conversationId: string, teamId: string | null, actor: Actor) {
      const current = await findConversationRow(db, conversationId);
      if (teamId && !(await admin.hasTeam(teamId))) throw new AppError('invalid_input', 'No team with this id.');
      if (current.teamId === teamId) return toConversationView(current);
      return updateConversation(current, actor, 'team.changed', { teamId });
    },

    async setPriority(conversationId: string, priority: ConversationPriority, actor: Actor) {
      const current = await findConversationRow(db, conversationId);
      if (current.priority === priority) return toConversationView(current);
      return updateConversation(current, actor, 'priority.changed', { priority });
    },
  };
}
