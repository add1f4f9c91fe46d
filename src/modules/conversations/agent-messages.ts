import type { Prisma } from '@prisma/client';
import { runWithEvents } from '../../infra/events-in-transaction.js';
import { recordTimelineEvent } from '../timeline/timeline.service.js';
import { findConversationRow } from './conversation-reads.js';
import { findInbox, type AttachmentInput, type ConversationsDeps } from './conversations.deps.js';
import type { ConversationView, MessageView } from '../../contracts/conversation.views.js';
import { messageViewInclude, toConversationView, toMessageView } from './conversation.views.js';
import { resolveMentions } from './mentions.js';
import { writeOutboundMessage } from './message-writer.js';

/**
 * Turns an agent's upload tokens into the files to attach, refusing tokens that are not theirs,
 * expired or already sent; `messageKey` (the client message id) lets a retry of one message redeem them again.
 */
export type RedeemUploads = (agentId: string, tokens: string[], messageKey?: string) => Promise<AttachmentInput[]>;

export interface AgentMessageInput {
  conversationId: string;
  agentId: string;
  text: string;
  isPrivate: boolean;
  clientMessageId?: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
  /** Users a private note names; each is told (notifications listen for message.created). */
  mentions?: string[];
}

export interface SystemMessageInput {
  conversationId: string;
  text: string;
  channelData?: Prisma.InputJsonObject;
}

export interface AgentConversationInput {
  inboxId: string;
  customerId: string;
  agentId: string;
  subject: string;
  text: string;
  attachments?: AttachmentInput[];
  channelData?: Prisma.InputJsonObject;
}

type AgentMessagesDeps = Pick<ConversationsDeps, 'db' | 'bus' | 'admin'> & {
  dispatchOutbound: (messageId: string, inboxId: string) => Promise<void>;
};

/** What agents (and the system on their behalf) write: replies, notes, a conversation they start. */
export function createAgentMessages({ db, bus, admin, dispatchOutbound }: AgentMessagesDeps) {
  /** A public message goes to its channel once stored; a note stays here. */
  async function handOver(view: MessageView, inboxId: string): Promise<MessageView> {
    if (!view.isPrivate) await dispatchOutbound(view.id, inboxId);
    return view;
  }

  return {
    /** Stores an agent's reply (then hands it to its channel) or a private note. */
    async postAgentMessage(input: AgentMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
      const current = await findConversationRow(db, input.conversationId);
      if (input.clientMessageId) {
        const stored = await db.message.findUnique({
          where: { conversationId_clientMessageId: { conversationId: current.id, clientMessageId: input.clientMessageId } },
          include: messageViewInclude,
        });
        if (stored) return { message: toMessageView(stored), duplicate: true };
      }
      const mentions = await resolveMentions(admin, input.mentions ?? []);
      const channelData = mentions.length ? { ...input.channelData, mentions: mentions.map((mention) => ({ ...mention })) } : input.channelData;
      const { view } = await runWithEvents(db, bus, (tx, emit) =>
        writeOutboundMessage(tx, emit, current, { ...input, channelData, senderType: 'AGENT' }),
      );
      return { message: await handOver(view, current.inboxId), duplicate: false };
    },

    /** A message the system sends on the conversation's channel (an automatic acknowledgement). */
    async postSystemMessage(input: SystemMessageInput): Promise<MessageView> {
      const current = await findConversationRow(db, input.conversationId);
      const { view } = await runWithEvents(db, bus, (tx, emit) =>
        writeOutboundMessage(tx, emit, current, { ...input, senderType: 'SYSTEM', isPrivate: false }),
      );
      return handOver(view, current.inboxId);
    },

    /** An agent writes first: opens a conversation with the customer and sends its first message. */
    async startAgentConversation(input: AgentConversationInput): Promise<{ conversation: ConversationView; message: MessageView }> {
      const inbox = await findInbox(admin, input.inboxId);
      const { view, conversation } = await runWithEvents(db, bus, async (tx, emit) => {
        // The agent who writes first owns the conversation (routing never queues it) and has answered.
        const now = new Date();
        const opened = await tx.conversation.create({
          data: {
            inboxId: inbox.id,
            customerId: input.customerId,
            teamId: inbox.teamId,
            subject: input.subject,
            assigneeId: input.agentId,
            assignedAt: now,
            lastMessageAt: now,
            firstResponseAt: now,
          },
        });
        await recordTimelineEvent(tx, {
          customerId: input.customerId,
          conversationId: opened.id,
          kind: 'conversation.opened',
          actorType: 'AGENT',
          actorUserId: input.agentId,
        });
        emit('conversation.opened', { conversation: toConversationView(opened) });
        return writeOutboundMessage(tx, emit, opened, { ...input, senderType: 'AGENT', isPrivate: false });
      });
      return { conversation: toConversationView(conversation), message: await handOver(view, inbox.id) };
    },
  };
}
