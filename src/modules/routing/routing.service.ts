import type { Team } from '@prisma/client';
import type { Redis } from 'ioredis';
import { AppError } from '../../domain/errors.js';
import { channelWeight, isLiveChannel, type Channel, type ChannelWeight } from '../../domain/routing/channel-weight.js';
import { chooseAgent, type RoutingPolicy } from '../../domain/routing/choose-agent.js';
import { estimateWaitSeconds } from '../../domain/routing/estimate-wait.js';
import { routingPriority } from '../../domain/routing/priority.js';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { QueuePositionView, QueueStatsView } from '../../contracts/routing.views.js';
import type { Actor, ConversationsService } from '../conversations/conversations.service.js';
import type { AgentPresenceStore, AgentState, PresenceStatus } from './agent-presence.store.js';
import type { DrainCoordinator } from './drain-coordinator.js';
import type { MatchCommitter, PlannedMatch } from './match-committer.js';
import { GENERAL_ROUTING_KEY, routingKeyOf, type RoutingQueues, type WaitingItem } from './routing.queue.js';

/** A waiting customer's place in line, with whom to tell. */
export interface QueuePosition extends QueuePositionView {
  customerId: string;
  estimatedWaitSeconds: number;
}

/** Where routing tells people what changed (Socket.IO in the app). */
export interface RoutingNotifier {
  assigned(conversation: ConversationView, rule: string): void;
  queueChanged(stats: QueueStatsView): void;
  positions(positions: QueuePosition[]): void;
}

export interface RoutingDependencies {
  db: Db;
  redis: Redis;
  /** Redis key prefix of this deployment. */
  prefix: string;
  conversations: ConversationsService;
  presence: AgentPresenceStore;
  queues: RoutingQueues;
  drains: DrainCoordinator;
  committer: MatchCommitter;
  notifier: RoutingNotifier;
  logger: Logger;
  options: RoutingOptions;
}

export interface EnqueueOptions {
  /** Back in line (priority just ahead of new work of its urgency; keeps its original wait). */
  requeued?: boolean;
  /** Take it from the agent who holds it (they went offline, a supervisor said so). */
  takeFromAssignee?: boolean;
  actor?: Actor;
  reason?: string;
  teamId?: string | null;
}

export interface RoutingOptions {
  heartbeatTimeoutMs: number;
  /** How far down a queue one drain looks for work the free agents can take. */
  scanLimit: number;
  /** Customers this far up a queue get live position updates; the rest get theirs on joining. */
  positionUpdatesFor: number;
}

const DEFAULT_HANDLE_SECONDS = 300;
/** Items a drain reads and commits at a time. */
const DRAIN_BATCH = 100;
/** Bounds one drain (refusals can make it loop); another is requested if work remains. */
const MAX_DRAIN_ROUNDS = 50;
/** Batches of one drain written to PostgreSQL at once (each takes a pooled connection). */
const MAX_BATCHES_STORING = 3;
const HANDLE_TIME_SAMPLES = 50;

/**
 * The router: waiting work lives in BullMQ queues (one per team), agents' presence and
 * load in Redis. A queue is drained whenever something could change a match: work
 * arrives, an agent comes online, finishes or hands over. Capacity is reserved with an
 * atomic Redis script before a job is claimed, so no agent is ever over capacity, however
 * many processes route at once.
 */
export class RoutingService {
  private closed = false;
  private sweeping: Promise<void> = Promise.resolve();
  private readonly broadcastTimers = new Map<string, NodeJS.Timeout>();

  private readonly db: Db;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly conversations: ConversationsService;
  private readonly presence: AgentPresenceStore;
  private readonly queues: RoutingQueues;
  private readonly drains: DrainCoordinator;
  private readonly committer: MatchCommitter;
  private readonly notifier: RoutingNotifier;
  private readonly logger: Logger;
  private readonly options: RoutingOptions;

  constructor(dependencies: RoutingDependencies) {
    ({
      db: this.db,
      redis: this.redis,
      prefix: this.prefix,
      conversations: this.conversations,
      presence: this.presence,
      queues: this.queues,
      drains: this.drains,
      committer: this.committer,
      notifier: this.notifier,
      logger: this.logger,
      options: this.options,
    } = dependencies);
  }

  // ---- work arriving ------------------------------------------------------------------

  /**
   * Puts a conversation in its team's queue and looks for an agent at once. New work that
   * someone took meanwhile is left alone (returns the conversation as it is).
   */
  async enqueue(conversationId: string, options: EnqueueOptions = {}): Promise<ConversationView> {
    const facts = await this.conversations.getRoutingFacts(conversationId);
    const teamId = options.teamId !== undefined ? options.teamId : facts.conversation.teamId;
    const queuedAt = options.requeued && facts.queuedAt ? facts.queuedAt : new Date();
    const conversation = await this.conversations.markWaiting(conversationId, {
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
    await this.queues.enqueue(routingKey, item, priority);
    this.requestDrain(routingKey);
    this.publishQueueChangeSoon(routingKey);
    const position = await this.positionOf(conversation);
    if (position) this.notifier.positions([position]);
    return conversation;
  }

  // ---- agents -------------------------------------------------------------------------

  async setPresence(agentId: string, status: PresenceStatus): Promise<AgentState | null> {
    if (status === 'OFFLINE') {
      await this.goOffline(agentId, 'went offline');
      return this.presence.getState(agentId);
    }
    const routingKeys = await this.storeLoadSnapshot(agentId, status);
    if (status === 'ONLINE') for (const key of routingKeys) this.requestDrain(key);
    return this.presence.getState(agentId);
  }

  /**
   * Reads an online agent's teams, skills and capacity again after an admin changed them (a
   * deactivated agent goes offline). Offline agents are read when they come online anyway.
   */
  async refreshAgent(agentId: string): Promise<void> {
    const state = await this.presence.getState(agentId);
    if (!state || state.status === 'OFFLINE') return;
    const agent = await this.db.user.findUnique({ where: { id: agentId }, select: { active: true } });
    if (!agent?.active) return this.goOffline(agentId, 'deactivated');
    await this.setPresence(agentId, state.status);
  }

  /** False when the agent is offline (their console must set presence again). */
  heartbeat(agentId: string): Promise<boolean> {
    return this.presence.heartbeat(agentId, Date.now());
  }

  /** Whether anyone who serves this team's queue is ONLINE. */
  async hasAgentsOnline(teamId: string | null): Promise<boolean> {
    return (await this.presence.onlineAgents(routingKeyOf(teamId))).length > 0;
  }

  getPresence(agentId: string): Promise<AgentState | null> {
    return this.presence.getState(agentId);
  }

  /** An agent leaves: live chats and calls go back to the front of their queues; e-mails stay unless the team says so. */
  async goOffline(agentId: string, reason: string): Promise<void> {
    const state = await this.presence.getState(agentId);
    await this.presence.setOffline(agentId);
    const work = await this.conversations.listAssignedOpenWork(agentId);
    for (const item of work) {
      const team = item.teamId ? await this.team(item.teamId) : null;
      const handBack = isLiveChannel(item.inbox.channel) || team?.requeueAsyncOnOffline === true;
      if (!handBack) continue;
      await this.presence.release(agentId, item.id, Date.now());
      await this.enqueue(item.id, { requeued: true, takeFromAssignee: true, reason });
    }
    if (state) this.logger.info({ agentId, reason }, 'agent offline');
  }

  // ---- work finishing or moving -------------------------------------------------------

  /** Gives the agent's capacity for this conversation back and lets their queues move. */
  async releaseCapacity(conversation: ConversationView, agentId: string): Promise<void> {
    const released = await this.presence.release(agentId, conversation.id, Date.now());
    if (released === 0) return;
    const state = await this.presence.getState(agentId);
    for (const key of state?.routingKeys ?? []) this.requestDrain(key);
  }

  /** Learns how long items take, for customers' estimated waits. */
  async recordHandleTime(conversation: ConversationView, assignedAt: Date | null, resolvedAt: Date): Promise<void> {
    if (!assignedAt) return;
    const key = this.handleTimesKey(routingKeyOf(conversation.teamId));
    const seconds = Math.max(1, Math.round((resolvedAt.getTime() - assignedAt.getTime()) / 1000));
    await this.redis.multi().lpush(key, seconds).ltrim(key, 0, HANDLE_TIME_SAMPLES - 1).exec();
  }

  /** Assigns by hand (supervisor, or an agent taking work). Capacity is respected; presence is not required. */
  async assignManually(conversationId: string, assigneeId: string | null, actor: Actor): Promise<ConversationView> {
    const facts = await this.conversations.getRoutingFacts(conversationId);
    const current = facts.conversation;
    if (current.assigneeId === assigneeId) return current;
    if (assigneeId) await this.reserveFor(assigneeId, current, facts.channel);
    try {
      if (current.assigneeId === null) await this.queues.claim(routingKeyOf(current.teamId), conversationId);
      const updated = await this.conversations.assignConversation(conversationId, assigneeId, actor);
      if (current.assigneeId) await this.releaseCapacity(current, current.assigneeId);
      if (!assigneeId) return this.enqueue(conversationId, { requeued: true, actor, reason: 'unassigned' });
      return updated;
    } catch (error) {
      if (assigneeId) await this.presence.release(assigneeId, conversationId, Date.now());
      throw error;
    }
  }

  /** Hands a conversation to another agent or another team's queue, with a note. */
  async transfer(options: { conversationId: string; actor: Actor; toAgentId?: string; toTeamId?: string; note: string }) {
    const facts = await this.conversations.getRoutingFacts(options.conversationId);
    const current = facts.conversation;
    if (current.status === 'RESOLVED') throw new AppError('conflict', 'A resolved conversation cannot be transferred.');
    if (options.toTeamId && !(await this.team(options.toTeamId))) throw new AppError('invalid_input', 'No team with this id.');
    if (options.toAgentId) await this.reserveFor(options.toAgentId, current, facts.channel);
    if (current.assigneeId === null) await this.queues.claim(routingKeyOf(current.teamId), current.id);
    const updated = await this.conversations.transferConversation({
      conversationId: current.id,
      actor: options.actor,
      toAgentId: options.toAgentId,
      toTeamId: options.toTeamId,
      note: options.note,
    });
    if (current.assigneeId) await this.releaseCapacity(current, current.assigneeId);
    if (options.toAgentId) return updated;
    return this.enqueue(current.id, { requeued: false, teamId: updated.teamId, actor: options.actor, reason: 'transferred' });
  }

  /** A supervisor puts a conversation back in line (at the front of its priority). */
  async requeue(conversationId: string, actor: Actor): Promise<ConversationView> {
    const facts = await this.conversations.getRoutingFacts(conversationId);
    if (facts.conversation.status === 'RESOLVED') throw new AppError('conflict', 'A resolved conversation cannot be queued.');
    if (facts.conversation.assigneeId) await this.presence.release(facts.conversation.assigneeId, conversationId, Date.now());
    const conversation = await this.enqueue(conversationId, { requeued: true, takeFromAssignee: true, actor, reason: 'requeued by hand' });
    if (facts.conversation.assigneeId) await this.releaseCapacity(facts.conversation, facts.conversation.assigneeId);
    return conversation;
  }

  /**
   * Work coming back (a snoozed or resolved conversation reopened): its agent keeps it if
   * they have room, otherwise it waits in line like new work.
   */
  async resume(conversation: ConversationView): Promise<void> {
    if (conversation.assigneeId) {
      const facts = await this.conversations.getRoutingFacts(conversation.id);
      const team = conversation.teamId ? await this.team(conversation.teamId) : null;
      const weight = channelWeight(facts.channel, team?.channelWeights);
      const reservation = await this.presence.reserve(conversation.assigneeId, conversation.id, weight, Date.now(), false);
      if (reservation !== 'refused') return;
    }
    await this.enqueue(conversation.id, { requeued: Boolean(conversation.assigneeId), takeFromAssignee: true, reason: 'reopened' });
  }

  /**
   * Counts work an agent started themselves (an outbound e-mail) on their load. They chose to
   * take it, so it stays theirs even when they are full; it is then counted from their next
   * load snapshot (going online again) instead of now.
   */
  async countOnAssignee(conversation: ConversationView): Promise<void> {
    if (!conversation.assigneeId) return;
    const facts = await this.conversations.getRoutingFacts(conversation.id);
    const team = conversation.teamId ? await this.team(conversation.teamId) : null;
    await this.presence.reserve(conversation.assigneeId, conversation.id, channelWeight(facts.channel, team?.channelWeights), Date.now(), false);
  }

  /** Takes a conversation out of its queue (resolved or assigned elsewhere). */
  async withdraw(conversation: ConversationView): Promise<void> {
    if (await this.queues.claim(routingKeyOf(conversation.teamId), conversation.id)) {
      this.publishQueueChangeSoon(routingKeyOf(conversation.teamId));
    }
  }

  // ---- queues -------------------------------------------------------------------------

  async queueStats(routingKey: string): Promise<QueueStatsView> {
    const teamId = routingKey === GENERAL_ROUTING_KEY ? null : routingKey;
    const [depth, oldest] = await Promise.all([
      this.queues.depth(routingKey),
      this.conversations.listWaiting({ teamId, limit: 1 }),
    ]);
    const queuedAt = oldest[0]?.queuedAt;
    return {
      routingKey,
      teamId,
      depth,
      longestWaitSeconds: depth > 0 && queuedAt ? Math.max(0, Math.round((Date.now() - queuedAt.getTime()) / 1000)) : 0,
    };
  }

  async allQueueStats(): Promise<QueueStatsView[]> {
    const teams = await this.db.team.findMany({ select: { id: true }, orderBy: { name: 'asc' } });
    return Promise.all([...teams.map((team) => team.id), GENERAL_ROUTING_KEY].map((key) => this.queueStats(key)));
  }

  /** Where a waiting conversation stands, for the customer. Null when it is not waiting. */
  async positionOf(conversation: ConversationView): Promise<QueuePosition | null> {
    const routingKey = routingKeyOf(conversation.teamId);
    const position = await this.queues.position(routingKey, conversation.id);
    if (position === null) return null;
    const estimate = await this.waitEstimator(routingKey);
    return { conversationId: conversation.id, customerId: conversation.customerId, position, estimatedWaitSeconds: estimate(position) };
  }

  /** Asks for a drain of this queue; it runs in the background. */
  requestDrain(routingKey: string): void {
    this.drains.request(routingKey, (keepGoing) => this.drain(routingKey, keepGoing));
  }

  /** Stops sweeping and draining, and waits for what is under way (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.broadcastTimers.values()) clearTimeout(timer);
    await this.sweeping;
    await this.drains.close();
  }

  // ---- housekeeping (every few seconds, in every process) --------------------------------

  async sweep(): Promise<void> {
    if (this.closed) return;
    this.sweeping = this.sweepOnce();
    await this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const stale = await this.presence.staleAgents(Date.now() - this.options.heartbeatTimeoutMs);
    for (const agentId of stale) await this.goOffline(agentId, 'heartbeat lost');
    await this.overflow();
    await this.repairQueues();
  }

  // ---- the matching itself -------------------------------------------------------------

  /**
   * Walks the queue in serving order and matches items to the team policy's pick. Matches
   * are planned against a local copy of the agents' load, then committed to Redis a batch
   * at a time; the Redis scripts have the last word, and any refusal refreshes that agent.
   */
  private async drain(routingKey: string, keepGoing: () => Promise<boolean>): Promise<void> {
    if ((await this.queues.depth(routingKey)) === 0) return;
    const candidates = await this.presence.onlineAgents(routingKey);
    if (candidates.length === 0) return;
    const team = routingKey === GENERAL_ROUTING_KEY ? null : await this.team(routingKey);
    const policy: RoutingPolicy = team?.routingPolicy ?? 'LEAST_BUSY';
    const hasRoom = () => candidates.some((agent) => agent.status === 'ONLINE' && agent.load < agent.capacity);
    let skipped = 0;
    let assignedAny = false;
    let round = 0;
    // Batches already claimed in Redis are stored while the next batch is planned.
    const storing = new Set<Promise<void>>();
    for (; round < MAX_DRAIN_ROUNDS && skipped < this.options.scanLimit && hasRoom(); round++) {
      const items = await this.queues.waiting(routingKey, skipped, DRAIN_BATCH);
      if (items.length === 0) break;
      const now = Date.now();
      const plans = this.planMatches(items, candidates, policy, team, now);
      skipped += items.length - plans.length;
      const outcomes = await this.committer.commit(routingKey, plans, now);
      const refusedBy = new Set<string>();
      const matches: { conversationId: string; agentId: string; rule: string }[] = [];
      plans.forEach((plan, index) => {
        if (outcomes[index] === 'matched') {
          matches.push({ conversationId: plan.conversationId, agentId: plan.agentId, rule: policy });
          return;
        }
        if (outcomes[index] === 'agent-full') refusedBy.add(plan.agentId);
      });
      // Another process filled these agents or they left: learn their real state.
      for (const agent of candidates.filter((candidate) => refusedBy.has(candidate.agentId))) {
        Object.assign(agent, (await this.presence.getState(agent.agentId)) ?? { status: 'OFFLINE' });
      }
      const stored: Promise<void> = this.persistMatches(routingKey, matches).finally(() => storing.delete(stored));
      storing.add(stored);
      if (storing.size >= MAX_BATCHES_STORING) await Promise.race(storing);
      assignedAny ||= matches.length > 0;
      if (plans.length === 0 && items.length < DRAIN_BATCH) break;
      if (!(await keepGoing())) break;
    }
    await Promise.all(storing);
    // Stopped by the round bound with work and room left: go on in the next drain.
    if (round === MAX_DRAIN_ROUNDS) this.requestDrain(routingKey);
    if (assignedAny) this.publishQueueChangeSoon(routingKey);
  }

  /** The policy's pick for each item the online agents can take, updating their local load as it goes. */
  private planMatches(items: WaitingItem[], candidates: AgentState[], policy: RoutingPolicy, team: Team | null, now: number): PlannedMatch[] {
    const plans: PlannedMatch[] = [];
    for (const item of items) {
      const weight = channelWeight(item.channel, team?.channelWeights);
      const agent = chooseAgent({
        candidates: candidates.filter((candidate) => candidate.status === 'ONLINE'),
        policy,
        weight,
        requiredSkills: item.requiredSkills,
      }) as AgentState | undefined;
      if (!agent) continue;
      agent.load += numericWeight(weight, agent.capacity);
      agent.lastAssignedAt = now;
      agent.idleSince = undefined;
      plans.push({ agentId: agent.agentId, conversationId: item.conversationId, weight });
    }
    return plans;
  }

  /** Writes the matches; anything the database refused goes back where it was. */
  private async persistMatches(routingKey: string, matches: { conversationId: string; agentId: string; rule: string }[]) {
    if (matches.length === 0) return;
    let assigned: ConversationView[] = [];
    try {
      assigned = await this.conversations.assignFromQueue(matches);
    } catch (error) {
      this.logger.error({ err: error, routingKey }, 'storing assignments failed; putting the work back');
    }
    const assignedIds = new Set(assigned.map((conversation) => conversation.id));
    for (const conversation of assigned) this.notifier.assigned(conversation, matches.find((m) => m.conversationId === conversation.id)!.rule);
    for (const match of matches.filter((candidate) => !assignedIds.has(candidate.conversationId))) {
      await this.presence.release(match.agentId, match.conversationId, Date.now());
      // Still waiting in the database (not assigned by hand, not resolved): back in line.
      const [stillWaiting] = await this.conversations.listWaitingByIds([match.conversationId]);
      if (stillWaiting) await this.enqueue(match.conversationId, { requeued: true, reason: 'assignment not stored' });
    }
  }

  private async reserveFor(agentId: string, conversation: ConversationView, channel: Channel): Promise<void> {
    const agent = await this.db.user.findUnique({ where: { id: agentId } });
    if (!agent || !agent.active) throw new AppError('invalid_input', 'The assignee is not an active user.');
    const team = conversation.teamId ? await this.team(conversation.teamId) : null;
    const weight = channelWeight(channel, team?.channelWeights);
    // Never seen since Redis started: record their current load before adding to it.
    if (!(await this.presence.getState(agentId))) await this.storeLoadSnapshot(agentId, 'OFFLINE');
    const reservation = await this.presence.reserve(agentId, conversation.id, weight, Date.now(), false);
    if (reservation === 'refused') throw new AppError('conflict', `${agent.name} has no free capacity for this conversation.`);
  }

  /** Presence plus the load the database says the agent carries; returns the queues they serve. */
  private async storeLoadSnapshot(agentId: string, status: PresenceStatus): Promise<string[]> {
    const agent = await this.db.user.findUnique({
      where: { id: agentId },
      include: { memberships: { include: { team: true } } },
    });
    if (!agent || !agent.active) throw new AppError('not_found', 'No active agent with this id.');
    const teams = agent.memberships.map((membership) => membership.team);
    const heldItems = async () => {
      const held = new Map<string, number>();
      for (const work of await this.conversations.listAssignedOpenWork(agentId)) {
        const team = teams.find((candidate) => candidate.id === work.teamId);
        held.set(work.id, numericWeight(channelWeight(work.inbox.channel, team?.channelWeights), agent.capacity));
      }
      return held;
    };
    const routingKeys = [...teams.map((team) => team.id), GENERAL_ROUTING_KEY];
    await this.presence.setState({ agentId, capacity: agent.capacity, skills: agent.skills, routingKeys }, status, heldItems, Date.now());
    return routingKeys;
  }

  private async overflow(): Promise<void> {
    const teams = await this.db.team.findMany({ where: { overflowAfterSeconds: { not: null }, overflowTeamId: { not: null } } });
    for (const team of teams) {
      const limit = new Date(Date.now() - (team.overflowAfterSeconds ?? 0) * 1000);
      const overdue = await this.conversations.listWaiting({ teamId: team.id, queuedBefore: limit, limit: 200 });
      for (const conversation of overdue) {
        if (!(await this.queues.claim(team.id, conversation.id))) continue;
        await this.enqueue(conversation.id, { teamId: team.overflowTeamId, reason: `waited over ${team.overflowAfterSeconds} s in ${team.name}` });
      }
      if (overdue.length > 0) this.publishQueueChangeSoon(team.id);
    }
  }

  /**
   * Open, unassigned conversations that are in no queue (Redis lost them, a crash between
   * steps, a failed listener) go back in line. Re-queueing never takes work from anyone,
   * so a conversation a drain is assigning right now is left alone.
   */
  private async repairQueues(): Promise<void> {
    const settled = new Date(Date.now() - 30_000);
    const [waiting, neverQueued] = await Promise.all([
      this.conversations.listWaiting({ queuedBefore: settled, limit: 500 }),
      this.conversations.listNeverQueued({ createdBefore: settled, limit: 500 }),
    ]);
    const byKey = new Map<string, string[]>();
    for (const conversation of waiting) {
      const key = routingKeyOf(conversation.teamId);
      byKey.set(key, [...(byKey.get(key) ?? []), conversation.id]);
    }
    for (const [routingKey, ids] of byKey) {
      const missing = await this.queues.notWaiting(routingKey, ids);
      for (const conversationId of missing) {
        const repaired = await this.enqueue(conversationId, { requeued: true, reason: 'repaired' });
        if (repaired.queuedAt) this.logger.warn({ conversationId }, 'waiting conversation was missing from its queue; re-queued');
      }
      this.requestDrain(routingKey);
    }
    for (const conversation of neverQueued) {
      this.logger.warn({ conversationId: conversation.id }, 'open conversation was never queued; queued now');
      await this.enqueue(conversation.id, { reason: 'repaired' });
    }
  }

  /** Queue stats and customers' positions, at most every half second per queue. */
  private publishQueueChangeSoon(routingKey: string): void {
    if (this.closed || this.broadcastTimers.has(routingKey)) return;
    const timer = setTimeout(() => {
      this.broadcastTimers.delete(routingKey);
      this.publishQueueChange(routingKey).catch((error: unknown) =>
        this.logger.error({ err: error, routingKey }, 'queue broadcast failed'),
      );
    }, 500);
    timer.unref();
    this.broadcastTimers.set(routingKey, timer);
  }

  private async publishQueueChange(routingKey: string): Promise<void> {
    this.notifier.queueChanged(await this.queueStats(routingKey));
    const ids = await this.queues.waitingIds(routingKey, this.options.positionUpdatesFor);
    if (ids.length === 0) return;
    const estimate = await this.waitEstimator(routingKey);
    const customers = await this.conversations.customersOf(ids);
    this.notifier.positions(
      ids.flatMap((conversationId, index) => {
        const customerId = customers.get(conversationId);
        return customerId ? [{ conversationId, customerId, position: index + 1, estimatedWaitSeconds: estimate(index + 1) }] : [];
      }),
    );
  }

  private async waitEstimator(routingKey: string): Promise<(position: number) => number> {
    const samples = (await this.redis.lrange(this.handleTimesKey(routingKey), 0, -1)).map(Number);
    const averageHandleSeconds = samples.length > 0 ? samples.reduce((sum, value) => sum + value, 0) / samples.length : DEFAULT_HANDLE_SECONDS;
    const agents = await this.presence.onlineAgents(routingKey);
    // Slots for a typical item: capacity over the chat weight, the most common live channel.
    const parallelSlots = agents.reduce((sum, agent) => sum + Math.max(1, Math.floor(agent.capacity / 2)), 0);
    return (position) => estimateWaitSeconds({ position, averageHandleSeconds, parallelSlots });
  }

  private handleTimesKey(routingKey: string): string {
    return `${this.prefix}:routing:handle-times:${routingKey}`;
  }

  private team(teamId: string): Promise<Team | null> {
    return this.db.team.findUnique({ where: { id: teamId } });
  }
}

function numericWeight(weight: ChannelWeight, capacity: number): number {
  return typeof weight === 'number' ? weight : capacity;
}
