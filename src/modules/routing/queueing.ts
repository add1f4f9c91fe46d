import { AppError } from '../../domain/errors.js';
import { routingPriority } from '../../domain/routing/priority.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { Actor } from '../conversations/conversations.service.js';
import { weightOf } from './item-weight.js';
import { numericWeight, type EnqueueOptions, type RoutingDependencies, type RoutingParts } from './routing.context.js';
import { routingKeyOf, type WaitingItem } from './routing.queue.js';

export interface TransferOptions {
  conversationId: string;
  actor: Actor;
  toAgentId?: string;
  toTeamId?: string;
  note: string;
}

export interface QueueingJobs {
  /**
   * The customer of a live chat left (their last widget tab closed) or came back: while away the
   * item weighs like an e-mail, on whoever holds it and when it is routed. Raising the weight back
   * never takes the conversation from its agent, so their load may exceed capacity by that raise
   * (only through work they already hold); they get no new work until it falls below again.
   */
  setCustomerAway(conversationId: string, away: boolean): Promise<void>;
  /**
   * Puts a conversation in its team's queue and looks for an agent at once. New work that
   * someone took meanwhile is left alone (returns the conversation as it is).
   */
  enqueue(conversationId: string, options?: EnqueueOptions): Promise<ConversationView>;
  /**
   * Work coming back (a snoozed or resolved conversation reopened): its agent keeps it if
   * they have room, otherwise it waits in line like new work.
   */
  resume(conversation: ConversationView): Promise<void>;
  /** Takes a conversation out of its queue (resolved or assigned elsewhere). */
  withdraw(conversation: ConversationView): Promise<void>;
  /** A supervisor puts a conversation back in line (at the front of its priority). */
  requeue(conversationId: string, actor: Actor): Promise<ConversationView>;
  /** Assigns by hand (supervisor, or an agent taking work). Capacity is respected; presence is not required. */
  assignManually(conversationId: string, assigneeId: string | null, actor: Actor): Promise<ConversationView>;
  /** Hands a conversation to another agent or another team's queue, with a note. */
  transfer(options: TransferOptions): Promise<ConversationView>;
  /**
   * Counts work an agent started themselves (an outbound e-mail) on their load. They chose to
   * take it, so it stays theirs even when they are full; it is then counted from their next
   * load snapshot (going online again) instead of now.
   */
  countOnAssignee(conversation: ConversationView): Promise<void>;
  /** Gives the agent's capacity for this conversation back and lets their queues move. */
  releaseCapacity(conversation: ConversationView, agentId: string): Promise<void>;
}

/** Work entering, leaving and moving between queues and agents. */
export function queueing(deps: RoutingDependencies, routing: RoutingParts): QueueingJobs {
  const { conversations, directory, presence, queues, notifier } = deps;

  /** Holds the conversation's weight on its assignee without requiring them online; false when it does not fit. */
  async function holdOnAssignee(conversation: ConversationView, assigneeId: string): Promise<boolean> {
    const facts = await conversations.getRoutingFacts(conversation.id);
    const weight = await weightOf(deps, conversation, facts.channel);
    return (await presence.reserve(assigneeId, conversation.id, weight, deps.clock.now(), false)) !== 'refused';
  }

  return {
    async enqueue(conversationId, options = {}) {
      const facts = await conversations.getRoutingFacts(conversationId);
      const teamId = options.teamId !== undefined ? options.teamId : facts.conversation.teamId;
      const queuedAt = options.requeued && facts.queuedAt ? facts.queuedAt : new Date(deps.clock.now());
      const conversation = await conversations.markWaiting(conversationId, {
        queuedAt,
        requeued: options.requeued ?? false,
        takeFromAssignee: options.takeFromAssignee ?? false,
        teamId,
        actorUserId: options.actor?.userId,
        reason: options.reason,
      });
      if (!conversation) return facts.conversation;
      const routingKey = routingKeyOf(teamId);
      const item: WaitingItem = {
        conversationId,
        customerId: conversation.customerId,
        channel: facts.channel,
        requiredSkills: facts.requiredSkills,
        queuedAt: queuedAt.getTime(),
      };
      const priority = routingPriority({
        channel: facts.channel,
        customerPriority: facts.customerPriority,
        conversationPriority: conversation.priority,
        requeued: options.requeued,
      });
      await queues.enqueue(routingKey, item, priority);
      routing.requestDrain(routingKey);
      routing.publishQueueChangeSoon(routingKey);
      const position = await routing.positionOf(conversation);
      if (position) notifier.positions([position]);
      return conversation;
    },

    async resume(conversation) {
      if (conversation.assigneeId && (await holdOnAssignee(conversation, conversation.assigneeId))) return;
      await routing.enqueue(conversation.id, { requeued: Boolean(conversation.assigneeId), takeFromAssignee: true, reason: 'reopened' });
    },

    async withdraw(conversation) {
      if (await queues.claim(routingKeyOf(conversation.teamId), conversation.id)) {
        routing.publishQueueChangeSoon(routingKeyOf(conversation.teamId));
      }
    },

    async requeue(conversationId, actor) {
      const facts = await conversations.getRoutingFacts(conversationId);
      if (facts.conversation.status === 'RESOLVED') throw new AppError('conflict', 'A resolved conversation cannot be queued.');
      if (facts.conversation.assigneeId) await presence.release(facts.conversation.assigneeId, conversationId, deps.clock.now());
      const conversation = await routing.enqueue(conversationId, { requeued: true, takeFromAssignee: true, actor, reason: 'requeued by hand' });
      if (facts.conversation.assigneeId) await routing.releaseCapacity(facts.conversation, facts.conversation.assigneeId);
      return conversation;
    },

    async assignManually(conversationId, assigneeId, actor) {
      const facts = await conversations.getRoutingFacts(conversationId);
      const current = facts.conversation;
      if (current.assigneeId === assigneeId) return current;
      if (assigneeId) await routing.reserveFor(assigneeId, current, facts.channel);
      try {
        if (current.assigneeId === null) await queues.claim(routingKeyOf(current.teamId), conversationId);
        const updated = await conversations.assignConversation(conversationId, assigneeId, actor);
        if (current.assigneeId) await routing.releaseCapacity(current, current.assigneeId);
        if (!assigneeId) return routing.enqueue(conversationId, { requeued: true, actor, reason: 'unassigned' });
        return updated;
      } catch (error) {
        if (assigneeId) await presence.release(assigneeId, conversationId, deps.clock.now());
        throw error;
      }
    },

    async transfer(options) {
      const facts = await conversations.getRoutingFacts(options.conversationId);
      const current = facts.conversation;
      if (current.status === 'RESOLVED') throw new AppError('conflict', 'A resolved conversation cannot be transferred.');
      if (options.toTeamId && !(await directory.teamRoutingSettings(options.toTeamId))) {
        throw new AppError('invalid_input', 'No team with this id.');
      }
      if (options.toAgentId) await routing.reserveFor(options.toAgentId, current, facts.channel);
      if (current.assigneeId === null) await queues.claim(routingKeyOf(current.teamId), current.id);
      const updated = await conversations.transferConversation({
        conversationId: current.id,
        actor: options.actor,
        toAgentId: options.toAgentId,
        toTeamId: options.toTeamId,
        note: options.note,
      });
      if (current.assigneeId) await routing.releaseCapacity(current, current.assigneeId);
      if (options.toAgentId) return updated;
      return routing.enqueue(current.id, { requeued: false, teamId: updated.teamId, actor: options.actor, reason: 'transferred' });
    },

    async countOnAssignee(conversation) {
      if (conversation.assigneeId) await holdOnAssignee(conversation, conversation.assigneeId);
    },

    async setCustomerAway(conversationId, away) {
      if (routing.isClosed()) return; // shutting down: customers' sockets closing are not customers leaving
      await presence.setCustomerAway(conversationId, away);
      const facts = await conversations.getRoutingFacts(conversationId);
      const agentId = facts.conversation.assigneeId;
      // Waiting: the drain reads the mark when it plans, and a lighter item may fit someone now.
      if (!agentId) return away ? routing.requestDrain(routingKeyOf(facts.conversation.teamId)) : undefined;
      const state = await presence.getState(agentId);
      if (!state) return; // counted from the database (and the mark) when they come online
      const weight = numericWeight(await weightOf(deps, facts.conversation, facts.channel), state.capacity);
      const change = await presence.reweigh(agentId, conversationId, weight, deps.clock.now());
      if (change !== null && change < 0) for (const key of state.routingKeys) routing.requestDrain(key);
    },

    async releaseCapacity(conversation, agentId) {
      const released = await presence.release(agentId, conversation.id, deps.clock.now());
      if (released === 0) return;
      const state = await presence.getState(agentId);
      for (const key of state?.routingKeys ?? []) routing.requestDrain(key);
    },
  };
}
