import type { ConversationView, MessageView } from './conversation.views.js';

/** Domain events of the conversation spine, published after the transaction commits. */
export interface ConversationEvents {
  'conversation.opened': { conversation: ConversationView };
  'conversation.updated': { conversation: ConversationView; previous: ConversationView };
  'message.created': { message: MessageView; conversation: ConversationView };
  'message.updated': { message: MessageView; conversation: ConversationView };
}
