import { createAgentMessages } from './agent-messages.js';
import { createConversationChanges } from './conversation-changes.js';
import { createConversationReads } from './conversation-reads.js';
import type { ConversationsDeps } from './conversations.deps.js';
import { createDeliveryState } from './delivery-state.js';
import { createInboundIngest } from './inbound-ingest.js';
import { createRoutingQueueState } from './routing-queue-state.js';

export type { AgentConversationInput, AgentMessageInput, RedeemUploads, SystemMessageInput } from './agent-messages.js';
export type { Actor, AttachmentInput, ConversationsDeps, OutboundDispatcher } from './conversations.deps.js';
export type { InboundMessageInput, IngestResult } from './inbound-ingest.js';

/**
 * The conversations module's use-cases as one object: each job lives in its own file and
 * contributes its functions (closures over the dependencies, so callers may pass them around
 * unbound); this only puts them side by side.
 */
export function createConversationsService(deps: ConversationsDeps) {
  const delivery = createDeliveryState(deps);
  return {
    ...createInboundIngest(deps),
    ...createAgentMessages({ ...deps, dispatchOutbound: delivery.dispatchOutbound }),
    ...delivery,
    ...createConversationChanges(deps),
    ...createRoutingQueueState(deps),
    ...createConversationReads(deps),
  };
}

export type ConversationsService = ReturnType<typeof createConversationsService>;
