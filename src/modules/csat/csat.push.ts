import type { Server } from 'socket.io';
import { agentRoomsFor } from '../../realtime/conversation.push.js';
import type { RatingPush } from './csat.service.js';

/** A rating reaches the console at once, in the rooms that see the conversation's other changes. */
export function socketRatingPush(io: Server): RatingPush {
  return (conversation, rating) => {
    io.of('/agent')
      .to(agentRoomsFor(conversation))
      .emit('csat:rated', { conversationId: conversation.id, customerId: conversation.customerId, ...rating });
  };
}
