import { AppError } from '../../domain/errors.js';
import type { ConversationsService, RedeemUploads } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { EmailMailboxService } from './mailbox.service.js';

export interface StartEmailConversationInput {
  agentId: string;
  inboxId: string;
  to: string;
  name?: string;
  subject: string;
  text: string;
  /** Upload tokens from POST /api/uploads. */
  uploads: string[];
}

/** What agents do with e-mail beyond a plain reply: write first, attach files, forward. */
export class EmailConversationsService {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly customers: CustomersService,
    private readonly mailboxes: EmailMailboxService,
    /** The attachments module's: the files behind the agent's own upload tokens. */
    private readonly redeemUploads: RedeemUploads,
  ) {}

  async startConversation(input: StartEmailConversationInput) {
    await this.mailboxes.loadConnectionByInbox(input.inboxId);
    const customer = await this.customers.resolveCustomer({ identity: { kind: 'EMAIL', value: input.to }, name: input.name });
    return this.conversations.startAgentConversation({
      inboxId: input.inboxId,
      customerId: customer.id,
      agentId: input.agentId,
      subject: input.subject,
      text: input.text,
      attachments: await this.redeemUploads(input.agentId, input.uploads),
      channelData: { email: { kind: 'new', to: [input.to.toLowerCase()] } },
    });
  }

  async reply(input: { agentId: string; conversationId: string; text: string; clientMessageId?: string; uploads: string[] }) {
    await this.requireEmailConversation(input.conversationId);
    return this.conversations.postAgentMessage({
      conversationId: input.conversationId,
      agentId: input.agentId,
      text: input.text,
      isPrivate: false,
      clientMessageId: input.clientMessageId,
      attachments: await this.redeemUploads(input.agentId, input.uploads, input.clientMessageId),
    });
  }

  /** Sends the conversation so far to other people; the forward is kept in the conversation. */
  async forward(input: { agentId: string; conversationId: string; to: string[]; note: string; uploads: string[] }) {
    await this.requireEmailConversation(input.conversationId);
    const to = input.to.map((address) => address.toLowerCase());
    const { message } = await this.conversations.postAgentMessage({
      conversationId: input.conversationId,
      agentId: input.agentId,
      text: [`Forwarded to ${to.join(', ')}`, input.note].filter(Boolean).join('\n\n'),
      isPrivate: false,
      attachments: await this.redeemUploads(input.agentId, input.uploads),
      channelData: { email: { kind: 'forward', to } },
    });
    return message;
  }

  private async requireEmailConversation(conversationId: string) {
    const conversation = await this.conversations.getConversation(conversationId);
    await this.mailboxes.loadConnectionByInbox(conversation.inboxId).catch(() => {
      throw new AppError('invalid_input', 'This conversation is not in an e-mail inbox.');
    });
  }
}
