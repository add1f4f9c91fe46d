import type { RoutingPolicy } from '../../contracts/enums.js';
import { WHOLE_AGENT, type ChannelWeight } from './channel-weight.js';

export type { RoutingPolicy };

export interface AgentCandidate {
  agentId: string;
  capacity: number;
  load: number;
  skills: string[];
  /** Epoch ms of the agent's last assignment (round robin). */
  lastAssignedAt: number;
  /** Epoch ms since which the agent has had no work, or undefined while busy (longest idle). */
  idleSince?: number;
}

export interface ChooseAgentOptions {
  candidates: AgentCandidate[];
  policy: RoutingPolicy;
  weight: ChannelWeight;
  requiredSkills: string[];
}

/** Whether an agent can take one more item of this weight and has every required skill. */
export function canTake(agent: AgentCandidate, weight: ChannelWeight, requiredSkills: string[]): boolean {
  const fits = weight === WHOLE_AGENT ? agent.load === 0 && agent.capacity > 0 : agent.load + weight <= agent.capacity;
  return fits && requiredSkills.every((skill) => agent.skills.includes(skill));
}

/**
 * The agent a team's policy picks among those who can take the item, or undefined.
 * Ties go to the agent id, so every server process picks the same agent.
 */
export function chooseAgent({ candidates, policy, weight, requiredSkills }: ChooseAgentOptions): AgentCandidate | undefined {
  const eligible = candidates.filter((agent) => canTake(agent, weight, requiredSkills));
  return eligible.sort((a, b) => compareByPolicy(policy, a, b) || a.agentId.localeCompare(b.agentId))[0];
}

function compareByPolicy(policy: RoutingPolicy, a: AgentCandidate, b: AgentCandidate): number {
  switch (policy) {
    case 'LEAST_BUSY':
      // Relative load, so an agent with capacity 10 and 4 items counts as less busy than one with 4 of 6.
      return a.load / a.capacity - b.load / b.capacity || a.lastAssignedAt - b.lastAssignedAt;
    case 'ROUND_ROBIN':
      return a.lastAssignedAt - b.lastAssignedAt;
    case 'LONGEST_IDLE':
      return (a.idleSince ?? Number.POSITIVE_INFINITY) - (b.idleSince ?? Number.POSITIVE_INFINITY) || a.lastAssignedAt - b.lastAssignedAt;
  }
}
