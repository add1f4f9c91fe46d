import type { PresenceStatus } from './enums.js';

/** An agent's presence and load (GET /api/presence, the `presence:set` answer). */
export interface PresenceView {
  status: PresenceStatus;
  capacity: number;
  load: number;
}

/** A routing queue's state, pushed to supervisors and the team (`queue:stats`). */
export interface QueueStatsView {
  routingKey: string;
  teamId: string | null;
  depth: number;
  longestWaitSeconds: number;
}

/** A waiting customer's place in line (`queue:position` on /widget). */
export interface QueuePositionView {
  conversationId: string;
  position: number;
  estimatedWaitSeconds: number | null;
}
