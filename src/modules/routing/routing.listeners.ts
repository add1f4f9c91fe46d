import type { EventBus } from '../../infra/event-bus.js';
import type { ConversationEvents } from '../conversations/conversation.events.js';
import type { RoutingService } from './routing.service.js';

const working = new Set(['OPEN', 'PENDING']);

/** Routing's reactions to conversation events: queue new work, free capacity when work ends or sleeps. */
export function routeConversationEvents(bus: EventBus<ConversationEvents>, routing: RoutingService): void {
  bus.on('conversation.opened', async ({ conversation }) => {
    // Opened by an agent (an outbound e-mail): it counts on their load like routed work.
    if (conversation.assigneeId) await routing.countOnAssignee(conversation);
    else await routing.enqueue(conversation.id);
  });

  bus.on('conversation.updated', async ({ conversation, previous }) => {
    if (conversation.status === previous.status) return;
    const wasWorking = working.has(previous.status);
    const isWorking = working.has(conversation.status);
    if (wasWorking && !isWorking) {
      if (conversation.assigneeId) {
        await routing.releaseCapacity(conversation, conversation.assigneeId);
        if (conversation.status === 'RESOLVED' && conversation.assignedAt && conversation.resolvedAt) {
          await routing.recordHandleTime(conversation, new Date(conversation.assignedAt), new Date(conversation.resolvedAt));
        }
      } else {
        await routing.withdraw(conversation);
      }
    }
    if (!wasWorking && isWorking) await routing.resume(conversation);
  });
}
