import type { Redis } from 'ioredis';
import type { ChannelWeight } from '../../domain/routing/channel-weight.js';
import type { Clock } from '../../infra/clock.js';
import type { Logger } from '../../infra/logger.js';
import type { AdminService } from '../admin/admin.service.js';
import type { ConversationView } from '../../contracts/conversation.views.js';
import type { QueuePositionView, QueueStatsView } from '../../contracts/routing.views.js';
import type { Actor, ConversationsService } from '../conversations/conversations.service.js';
import type { AgentPresenceJobs, AgentReservations } from './agent-presence.js';
import type { AgentPresenceStore } from './agent-presence.store.js';
import type { DrainCoordinator } from './drain-coordinator.js';
import type { MatchCommitter } from './match-committer.js';
import type { QueueDraining, QueueDrainingJobs } from './queue-draining.js';
import type { QueueBroadcasts, QueueInsightJobs } from './queue-insights.js';
import type { QueueingJobs } from './queueing.js';
import type { RoutingQueues } from './routing.queue.js';
import type { RoutingSweepJobs, SweepLifecycle } from './routing-sweeps.js';

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

/** What routing reads about agents and teams: the admin module owns those tables. */
export type RoutingDirectory = Pick<AdminService, 'routingProfileOf' | 'teamRoutingSettings' | 'overflowingTeams' | 'teamIdsByName'>;

export interface RoutingDependencies {
  redis: Redis;
  /** Redis key prefix of this deployment. */
  prefix: string;
  conversations: ConversationsService;
  directory: RoutingDirectory;
  presence: AgentPresenceStore;
  queues: RoutingQueues;
  drains: DrainCoordinator;
  committer: MatchCommitter;
  notifier: RoutingNotifier;
  logger: Logger;
  options: RoutingOptions;
  /** Heartbeat timeouts, overflow and queue waits read the time here (tests move it forward). */
  clock: Clock;
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

/** The router's public use-cases: what routes, sockets, listeners and other modules call. */
export type RoutingService = AgentPresenceJobs &
  QueueingJobs &
  QueueDrainingJobs &
  RoutingSweepJobs &
  QueueInsightJobs & {
    /** Stops sweeping and draining, and waits for what is under way (shutdown). */
    close(): Promise<void>;
  };

/**
 * Every job's operations, including those only the other jobs call. Each job gets this one
 * object and calls its neighbours through it, so the jobs may call each other in any direction
 * (enqueueing drains, a drain puts refused work back in line).
 */
export type RoutingParts = RoutingService & AgentReservations & QueueDraining & QueueBroadcasts & SweepLifecycle;

export function numericWeight(weight: ChannelWeight, capacity: number): number {
  return typeof weight === 'number' ? weight : capacity;
}
