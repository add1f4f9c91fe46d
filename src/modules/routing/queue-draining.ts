import { itemWeight } from '../../domain/routing/channel-weight.js';
import { chooseAgent, type RoutingPolicy } from '../../domain/routing/choose-agent.js';
import type { TeamRoutingSettings } from '../admin/admin.service.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { AgentState } from './agent-presence.store.js';
import type { PlannedMatch } from './match-committer.js';
import { numericWeight, type RoutingDependencies, type RoutingParts } from './routing.context.js';
import { GENERAL_ROUTING_KEY, type WaitingItem } from './routing.queue.js';

/** Items a drain reads and commits at a time. */
const DRAIN_BATCH = 100;
/** Bounds one drain (refusals can make it loop); another is requested if work remains. */
const MAX_DRAIN_ROUNDS = 50;
/** Batches of one drain written to PostgreSQL at once (each takes a pooled connection). */
const MAX_BATCHES_STORING = 3;

type Match = { conversationId: string; agentId: string; rule: string };

export interface QueueDrainingJobs {
  /** Asks for a drain of this queue; it runs in the background. */
  requestDrain(routingKey: string): void;
}

export interface QueueDraining {
  /**
   * Walks the queue in serving order and matches items to the team policy's pick. Matches
   * are planned against a local copy of the agents' load, then committed to Redis a batch
   * at a time; the Redis scripts have the last word, and any refusal refreshes that agent.
   */
  drain(routingKey: string, keepGoing: () => Promise<boolean>): Promise<void>;
}

/** Matching waiting work to free agents, one queue at a time (DrainCoordinator picks the process). */
export function queueDraining(deps: RoutingDependencies, routing: RoutingParts): QueueDrainingJobs & QueueDraining {
  const { conversations, directory, presence, queues, drains, committer, notifier, logger, options } = deps;

  /** Writes the matches; anything the database refused goes back where it was. */
  async function persistMatches(routingKey: string, matches: Match[]): Promise<void> {
    if (matches.length === 0) return;
    let assigned: ConversationView[] = [];
    try {
      assigned = await conversations.assignFromQueue(matches);
    } catch (error) {
      logger.error({ err: error, routingKey }, 'storing assignments failed; putting the work back');
    }
    const assignedIds = new Set(assigned.map((conversation) => conversation.id));
    for (const conversation of assigned) notifier.assigned(conversation, matches.find((m) => m.conversationId === conversation.id)!.rule);
    for (const match of matches.filter((candidate) => !assignedIds.has(candidate.conversationId))) {
      await presence.release(match.agentId, match.conversationId, deps.clock.now());
      // Still waiting in the database (not assigned by hand, not resolved): back in line.
      const [stillWaiting] = await conversations.listWaitingByIds([match.conversationId]);
      if (stillWaiting) await routing.enqueue(match.conversationId, { requeued: true, reason: 'assignment not stored' });
    }
  }

  return {
    requestDrain(routingKey) {
      drains.request(routingKey, (keepGoing) => routing.drain(routingKey, keepGoing));
    },

    async drain(routingKey, keepGoing) {
      if ((await queues.depth(routingKey)) === 0) return;
      const candidates = await presence.onlineAgents(routingKey);
      if (candidates.length === 0) return;
      // One read of the team per drain, shared by every batch.
      const team = routingKey === GENERAL_ROUTING_KEY ? null : await directory.teamRoutingSettings(routingKey);
      const policy: RoutingPolicy = team?.routingPolicy ?? 'LEAST_BUSY';
      const hasRoom = () => candidates.some((agent) => agent.status === 'ONLINE' && agent.load < agent.capacity);
      let skipped = 0;
      let assignedAny = false;
      let round = 0;
      // Batches already claimed in Redis are stored while the next batch is planned.
      const storing = new Set<Promise<void>>();
      for (; round < MAX_DRAIN_ROUNDS && skipped < options.scanLimit && hasRoom(); round++) {
        const items = await queues.waiting(routingKey, skipped, DRAIN_BATCH);
        if (items.length === 0) break;
        const now = deps.clock.now();
        const away = await deps.presence.customersAway(items.map((item) => item.conversationId));
        const plans = planMatches(items, away, candidates, policy, team, now);
        skipped += items.length - plans.length;
        const outcomes = await committer.commit(routingKey, plans, now);
        const refusedBy = new Set<string>();
        const matches: Match[] = [];
        plans.forEach((plan, index) => {
          if (outcomes[index] === 'matched') {
            matches.push({ conversationId: plan.conversationId, agentId: plan.agentId, rule: policy });
            return;
          }
          if (outcomes[index] === 'agent-full') refusedBy.add(plan.agentId);
        });
        // Another process filled these agents or they left: learn their real state.
        for (const agent of candidates.filter((candidate) => refusedBy.has(candidate.agentId))) {
          Object.assign(agent, (await presence.getState(agent.agentId)) ?? { status: 'OFFLINE' });
        }
        const stored: Promise<void> = persistMatches(routingKey, matches).finally(() => storing.delete(stored));
        storing.add(stored);
        if (storing.size >= MAX_BATCHES_STORING) await Promise.race(storing);
        assignedAny ||= matches.length > 0;
        if (plans.length === 0 && items.length < DRAIN_BATCH) break;
        if (!(await keepGoing())) break;
      }
      await Promise.all(storing);
      // Stopped by the round bound with work and room left: go on in the next drain.
      if (round === MAX_DRAIN_ROUNDS) routing.requestDrain(routingKey);
      if (assignedAny) routing.publishQueueChangeSoon(routingKey);
    },
  };
}

/** The policy's pick for each item the online agents can take, updating their local load as it goes. */
function planMatches(
  items: WaitingItem[],
  customersAway: Set<string>,
  candidates: AgentState[],
  policy: RoutingPolicy,
  team: TeamRoutingSettings | null,
  now: number,
): PlannedMatch[] {
  const plans: PlannedMatch[] = [];
  for (const item of items) {
    const weight = itemWeight(item.channel, team?.channelWeights, customersAway.has(item.conversationId));
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
