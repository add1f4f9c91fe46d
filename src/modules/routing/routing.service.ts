import { agentPresence } from './agent-presence.js';
import { queueDraining } from './queue-draining.js';
import { queueInsights } from './queue-insights.js';
import { queueing } from './queueing.js';
import type { RoutingDependencies, RoutingParts, RoutingService } from './routing.context.js';
import { routingSweeps } from './routing-sweeps.js';

export type {
  EnqueueOptions,
  QueuePosition,
  RoutingDependencies,
  RoutingNotifier,
  RoutingOptions,
  RoutingService,
} from './routing.context.js';

/**
 * The router: waiting work lives in BullMQ queues (one per team), agents' presence and
 * load in Redis. A queue is drained whenever something could change a match: work
 * arrives, an agent comes online, finishes or hands over. Capacity is reserved with an
 * atomic Redis script before a job is claimed, so no agent is ever over capacity, however
 * many processes route at once.
 *
 * One object made of its jobs (presence, queueing, draining, sweeps, queue insights). Each
 * job's factory gets this object and calls its neighbours through it at run time, so the
 * object is filled once every job exists.
 */
export function createRoutingService(deps: RoutingDependencies): RoutingService {
  // Filled below; the jobs only call through it after construction.
  const routing = {} as RoutingParts;
  const parts: RoutingParts = {
    ...agentPresence(deps, routing),
    ...queueing(deps, routing),
    ...queueDraining(deps, routing),
    ...routingSweeps(deps, routing),
    ...queueInsights(deps),
    async close() {
      routing.stopBroadcasts();
      await routing.stopSweeping();
      await deps.drains.close();
      await routing.presenceListenersIdle();
    },
  };
  Object.assign(routing, parts);
  return routing;
}
