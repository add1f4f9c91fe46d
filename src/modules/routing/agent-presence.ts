import { AppError } from '../../domain/errors.js';
import { isLiveChannel, itemWeight, type Channel } from '../../domain/routing/channel-weight.js';
import type { TeamRoutingSettings } from '../admin/admin.service.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { AgentState, PresenceStatus } from './agent-presence.store.js';
import { weightOf } from './item-weight.js';
import { numericWeight, type RoutingDependencies, type RoutingParts } from './routing.context.js';
import { GENERAL_ROUTING_KEY, routingKeyOf } from './routing.queue.js';

export interface AgentPresenceJobs {
  setPresence(agentId: string, status: PresenceStatus): Promise<AgentState | null>;
  /**
   * Reads an online agent's teams, skills and capacity again after an admin changed them (a
   * deactivated agent goes offline). Offline agents are read when they come online anyway.
   */
  refreshAgent(agentId: string): Promise<void>;
  /** False when the agent is offline (their console must set presence again). */
  heartbeat(agentId: string): Promise<boolean>;
  /** Whether anyone who serves this team's queue is ONLINE. */
  hasAgentsOnline(teamId: string | null): Promise<boolean>;
  getPresence(agentId: string): Promise<AgentState | null>;
  /** An agent leaves: live chats and calls go back to the front of their queues; e-mails stay unless the team says so. */
  goOffline(agentId: string, reason: string): Promise<void>;
  /** Listens to agents' presence changes (in this process; every process hears its own agents). */
  onPresenceChange(listener: PresenceListener): void;
}

/** Told when an agent's presence changed (someone may have become, or stopped being, available). */
export type PresenceListener = () => Promise<void>;

export interface AgentReservations {
  /** Holds a conversation's weight on an active agent (manual assignment, transfer); refuses past capacity. */
  reserveFor(agentId: string, conversation: ConversationView, channel: Channel): Promise<void>;
  /** Resolves when the presence listeners told so far have finished (shutdown waits, so none pushes into closed sockets). */
  presenceListenersIdle(): Promise<void>;
}

/** Agents coming, staying and going, and the load they carry while here. */
export function agentPresence(deps: RoutingDependencies, routing: RoutingParts): AgentPresenceJobs & AgentReservations {
  const { conversations, directory, presence, logger } = deps;
  const presenceListeners: PresenceListener[] = [];
  const listenersRunning = new Set<Promise<void>>();

  function presenceChanged(): void {
    for (const listener of presenceListeners) {
      const run = listener().catch((error: unknown) => logger.error({ err: error }, 'presence listener failed'));
      listenersRunning.add(run);
      void run.finally(() => listenersRunning.delete(run));
    }
  }

  /** Presence plus the load the database says the agent carries; returns the queues they serve. */
  async function storeLoadSnapshot(agentId: string, status: PresenceStatus): Promise<string[]> {
    const agent = await directory.routingProfileOf(agentId);
    if (!agent || !agent.active) throw new AppError('not_found', 'No active agent with this id.');
    const heldItems = async () => {
      const held = new Map<string, number>();
      const work = await conversations.listAssignedOpenWork(agentId);
      const away = await presence.customersAway(work.map((item) => item.id));
      for (const item of work) {
        const team = agent.teams.find((candidate) => candidate.id === item.teamId);
        held.set(item.id, numericWeight(itemWeight(item.inbox.channel, team?.channelWeights, away.has(item.id)), agent.capacity));
      }
      return held;
    };
    const routingKeys = [...agent.teams.map((team) => team.id), GENERAL_ROUTING_KEY];
    await presence.setState({ agentId, capacity: agent.capacity, skills: agent.skills, routingKeys }, status, heldItems, deps.clock.now());
    return routingKeys;
  }

  return {
    async setPresence(agentId, status) {
      if (status === 'OFFLINE') {
        await routing.goOffline(agentId, 'went offline');
        return presence.getState(agentId);
      }
      const previous = await presence.getState(agentId);
      const routingKeys = await storeLoadSnapshot(agentId, status);
      if (status === 'ONLINE') for (const key of routingKeys) routing.requestDrain(key);
      if (previous?.status !== status) presenceChanged();
      return presence.getState(agentId);
    },

    async refreshAgent(agentId) {
      const state = await presence.getState(agentId);
      if (!state || state.status === 'OFFLINE') return;
      const agent = await directory.routingProfileOf(agentId);
      if (!agent?.active) return routing.goOffline(agentId, 'deactivated');
      await routing.setPresence(agentId, state.status);
    },

    heartbeat(agentId) {
      return presence.heartbeat(agentId, deps.clock.now());
    },

    async hasAgentsOnline(teamId) {
      return (await presence.onlineAgents(routingKeyOf(teamId))).length > 0;
    },

    getPresence(agentId) {
      return presence.getState(agentId);
    },

    async goOffline(agentId, reason) {
      const state = await presence.getState(agentId);
      await presence.setOffline(agentId);
      if (state && state.status !== 'OFFLINE') presenceChanged();
      const work = await conversations.listAssignedOpenWork(agentId);
      // Read each team once, however much of its work the agent held.
      const teams = new Map<string, Promise<TeamRoutingSettings | null>>();
      const teamOf = (teamId: string) => {
        let team = teams.get(teamId);
        if (!team) teams.set(teamId, (team = directory.teamRoutingSettings(teamId)));
        return team;
      };
      for (const item of work) {
        const team = item.teamId ? await teamOf(item.teamId) : null;
        const handBack = isLiveChannel(item.inbox.channel) || team?.requeueAsyncOnOffline === true;
        if (!handBack) continue;
        await presence.release(agentId, item.id, deps.clock.now());
        await routing.enqueue(item.id, { requeued: true, takeFromAssignee: true, reason });
      }
      if (state) logger.info({ agentId, reason }, 'agent offline');
    },

    onPresenceChange(listener) {
      presenceListeners.push(listener);
    },

    async presenceListenersIdle() {
      while (listenersRunning.size > 0) await Promise.all([...listenersRunning]);
    },

    async reserveFor(agentId, conversation, channel) {
      const agent = await directory.routingProfileOf(agentId);
      if (!agent || !agent.active) throw new AppError('invalid_input', 'The assignee is not an active user.');
      const weight = await weightOf(deps, conversation, channel);
      // Never seen since Redis started: record their current load before adding to it.
      if (!(await presence.getState(agentId))) await storeLoadSnapshot(agentId, 'OFFLINE');
      const reservation = await presence.reserve(agentId, conversation.id, weight, deps.clock.now(), false);
      if (reservation === 'refused') throw new AppError('conflict', `${agent.name} has no free capacity for this conversation.`);
    },
  };
}
