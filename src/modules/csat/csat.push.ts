import type { Server } from 'socket.io';
import { agentRoomsFor, type InboxTeamOf } from '../../realtime/conversation.push.js';
import { agentNamespace } from '../../realtime/socket-server.js';
import type { RatingPush } from './csat.service.js';

/** A rating reaches the console at once, in the rooms that see the conversation's other changes. */
export function socketRatingPush(io: Server, inboxTeamOf: InboxTeamOf): RatingPush {
  return async (conversation, rating) => {
    agentNamespace(io)
      .to(await agentRoomsFor(inboxTeamOf, conversation))
      .emit('csat:rated', { conversationId: conversation.id, customerId: conversation.customerId, ...rating });
  };
}
