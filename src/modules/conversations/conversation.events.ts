import type { ConversationView, MessageView } from '../../contracts/conversation.views.js';

/** Domain events of the conversation spine: logged with their change (runWithEvents), published on the bus after commit. */
export interface ConversationEvents {
  'conversation.opened': { conversation: ConversationView };
  /** actorUserId: the person who made the change; null or absent when the system did (routing, a customer). */
  'conversation.updated': { conversation: ConversationView; previous: ConversationView; actorUserId?: string | null };
  'message.created': { message: MessageView; conversation: ConversationView };
  'message.updated': { message: MessageView; conversation: ConversationView };
}
