import type { Conversation, Prisma } from '@prisma/client';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { EmailChannelData } from './email.schemas.js';
import { composeEmail } from './mail-composer.js';
import type { EmailMailboxService } from './mailbox.service.js';
import type { SmtpTransports } from './smtp-transports.js';

export interface ReplyByEmailInput {
  /** The e-mail inbox whose mailbox sends the reply and receives the answer. */
  emailInboxId: string;
  conversation: Conversation;
  message: MessageView;
}

/** What the sending channel records on its message: that it went by e-mail, to whom, from which inbox. */
export interface ReplyByEmailResult {
  channelMessageId: string;
  channelData: Prisma.InputJsonObject;
}

/** The e-mail module's offer to other channels: send one of their replies as an e-mail. */
export type ReplyByEmail = (input: ReplyByEmailInput) => Promise<ReplyByEmailResult | null>;

export interface ReplyByEmailOptions {
  db: Db;
  storage: FileStorage;
  customers: CustomersService;
  mailboxes: EmailMailboxService;
  transports: SmtpTransports;
  logger: Logger;
}

// A chat has no subject of its own.
const CHAT_SUBJECT = 'Your conversation with us';

/**
 * Sends a reply of another channel's conversation (a web chat whose visitor left) to the
 * customer's e-mail address, with the conversation's reply token in Reply-To: their answer
 * comes back through the mailbox into the same conversation (see thread-lookup). Null when
 * the customer gave no address or the inbox is no longer an e-mail inbox: the caller then
 * delivers as it always does. An SMTP error is thrown, so the outbound queue retries.
 */
export function replyByEmail(options: ReplyByEmailOptions): ReplyByEmail {
  return async ({ emailInboxId, conversation, message }) => {
    const address = await customerEmail(options.customers, conversation.customerId);
    const mailbox = await options.mailboxes.loadConnectionByInbox(emailInboxId).catch(() => null);
    if (!address || !mailbox) {
      options.logger.info({ conversationId: conversation.id, emailInboxId, hasAddress: Boolean(address) }, 'reply not sent by e-mail');
      return null;
    }
    const [files, previous] = await Promise.all([
      options.db.attachment.findMany({ where: { messageId: message.id } }),
      // The last reply that went by e-mail: this one continues its thread in the customer's mail client.
      options.db.message.findFirst({
        where: { conversationId: conversation.id, id: { not: message.id }, channelMessageId: { not: null }, channelData: { path: ['deliveredVia'], equals: 'EMAIL' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { channelMessageId: true },
      }),
    ]);
    const attachments = await Promise.all(
      files.map(async (file) => {
        const content = await options.storage.get(file.storageKey);
        if (!content) throw new Error(`The file of attachment "${file.fileName}" is missing from storage.`);
        return { fileName: file.fileName, contentType: file.contentType, content };
      }),
    );
    const { mail, messageId } = composeEmail({
      mailbox,
      conversation: { number: conversation.number, subject: conversation.subject || CHAT_SUBJECT, replyToken: conversation.replyToken },
      message: { id: message.id, text: message.text, kind: 'reply', senderName: message.senderName },
      to: [address],
      parent: previous?.channelMessageId ? { messageId: previous.channelMessageId, references: [] } : null,
      attachments,
      transcript: [],
    });
    await options.transports.transporterFor(mailbox).sendMail(mail);
    const email: Pick<EmailChannelData, 'kind' | 'to' | 'viaInboxId'> = { kind: 'reply', to: [address], viaInboxId: emailInboxId };
    return { channelMessageId: messageId, channelData: { deliveredVia: 'EMAIL', email } };
  };
}

/** An address the customer proved (an e-mail identity), else the one they gave in a form. */
async function customerEmail(customers: CustomersService, customerId: string): Promise<string | null> {
  const customer = await customers.getCustomer(customerId);
  const identity = customer.identities.find((entry) => entry.kind === 'EMAIL');
  if (identity) return identity.value;
  const given = (customer.attributes as Record<string, unknown> | null)?.email;
  return typeof given === 'string' && given.includes('@') ? given : null;
}
