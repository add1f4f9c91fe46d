import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Deliverer } from '../outbound/outbound.worker.js';
import { composeEmail } from './mail-composer.js';
import type { EmailMailboxService } from './mailbox.service.js';
import { loadOutboundContext } from './outbound-context.js';
import type { SmtpTransports } from './smtp-transports.js';

export interface EmailDelivererOptions {
  db: Db;
  storage: FileStorage;
  mailboxes: EmailMailboxService;
  transports: SmtpTransports;
}

/** Sends a stored e-mail message over SMTP; an SMTP error is thrown, so the outbound queue retries it. */
export function emailDeliverer(options: EmailDelivererOptions): Deliverer {
  return async ({ message, conversation, inbox }) => {
    const mailbox = await options.mailboxes.loadConnectionByInbox(inbox.id);
    const context = await loadOutboundContext(options.db, options.storage, message.id, conversation, await options.mailboxes.ownAddresses());
    const { mail, messageId } = composeEmail({
      mailbox,
      conversation,
      message: { id: message.id, text: message.text, kind: context.data.kind, senderName: message.senderName },
      to: context.to,
      cc: context.cc,
      parent: context.parent,
      attachments: context.attachments,
      transcript: context.transcript,
    });
    await options.transports.transporterFor(mailbox).sendMail(mail);
    return { status: 'SENT', channelMessageId: messageId };
  };
}
