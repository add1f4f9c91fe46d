import { z } from 'zod';
import { idSchema } from '../../http/schemas.js';
import { messageText, uploadTokens } from '../conversations/conversations.schemas.js';

const host = z.string().trim().min(1).max(255).regex(/^[\w.:-]+$/, 'must be a host name or IP address');
const port = z.number().int().min(1).max(65535);
const secret = z.string().min(1).max(8192);
const emailAddress = z.string().trim().max(320).email();

const imapSettings = z.object({
  host,
  port,
  tls: z.boolean().default(true),
  user: z.string().trim().min(1).max(320),
  /** PASSWORD, or OAUTH2 when the secret is an access token. */
  auth: z.enum(['PASSWORD', 'OAUTH2']).default('PASSWORD'),
  secret,
  folder: z.string().trim().min(1).max(200).default('INBOX'),
});

const smtpSettings = z.object({
  host,
  port,
  tls: z.boolean().default(true),
  user: z.string().trim().min(1).max(320).optional(),
  secret: secret.optional(),
});

const mailboxOptions = {
  displayName: z.string().trim().max(200).default(''),
  enabled: z.boolean().default(true),
  autoAcknowledge: z.boolean().default(false),
  reopenWithinDays: z.number().int().min(0).max(3650).default(30),
};

export const createEmailInboxBody = z.object({
  name: z.string().trim().min(1).max(200),
  teamId: idSchema.optional(),
  address: emailAddress,
  imap: imapSettings,
  /** Null or absent: send through the deployment's shared SMTP server (SMTP_URL). */
  smtp: smtpSettings.nullable().default(null),
  ...mailboxOptions,
});
export type CreateEmailInboxInput = z.infer<typeof createEmailInboxBody>;

/** Every field optional; an absent secret keeps the stored one. */
export const updateEmailInboxBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  teamId: idSchema.nullable().optional(),
  address: emailAddress.optional(),
  imap: imapSettings.partial().optional(),
  smtp: smtpSettings.partial().nullable().optional(),
  displayName: mailboxOptions.displayName.optional(),
  enabled: z.boolean().optional(),
  autoAcknowledge: z.boolean().optional(),
  reopenWithinDays: mailboxOptions.reopenWithinDays.optional(),
});
export type UpdateEmailInboxInput = z.infer<typeof updateEmailInboxBody>;

export const inboxIdParams = z.object({ inboxId: idSchema });
export const heldMailParams = z.object({ inboxId: idSchema, heldMailId: idSchema });
export const heldMailQuery = z.object({ kind: z.enum(['AUTOMATIC', 'QUARANTINED']).optional() });

export function startEmailConversationBody(maxChars: number) {
  return z.object({
    inboxId: idSchema,
    to: emailAddress,
    name: z.string().trim().max(200).optional(),
    subject: z.string().trim().min(1, 'A new e-mail needs a subject.').max(300),
    text: messageText(maxChars),
    uploads: uploadTokens,
  });
}

export function emailReplyBody(maxChars: number) {
  return z.object({
    text: messageText(maxChars),
    clientMessageId: z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/).optional(),
    uploads: uploadTokens,
  });
}

export function forwardConversationBody(maxChars: number) {
  return z.object({
    to: z.array(emailAddress).min(1, 'Name at least one recipient.').max(10),
    note: z.string().trim().max(maxChars).default(''),
    uploads: uploadTokens,
  });
}

export const contentQuery = z.object({ remoteContent: z.enum(['true', 'false']).default('false') });

/** What an e-mail message keeps in Message.channelData, read back leniently. */
const emailChannelData = z.object({
  email: z
    .object({
      kind: z.enum(['inbound', 'reply', 'new', 'auto-ack', 'forward']).default('reply'),
      messageId: z.string().optional(),
      from: z.string().optional(),
      replyTo: z.string().optional(),
      to: z.array(z.string()).default([]),
      cc: z.array(z.string()).default([]),
      subject: z.string().optional(),
      references: z.array(z.string()).default([]),
      relatedConversationId: z.string().optional(),
      /** Written by someone the thread had in To/Cc, not by the conversation's customer. */
      participant: z.object({ address: z.string(), name: z.string().default('') }).optional(),
      /** A reply of another channel's conversation sent by e-mail: the e-mail inbox it went out from. */
      viaInboxId: z.string().optional(),
      /** Content-ID -> storage key of the inline images the HTML shows. */
      inlineImages: z.record(z.string(), z.string()).default({}),
    })
    .default({ kind: 'reply', to: [], cc: [], references: [], inlineImages: {} }),
});
export type EmailChannelData = z.infer<typeof emailChannelData>['email'];

export function readEmailChannelData(value: unknown): EmailChannelData {
  const parsed = emailChannelData.safeParse(value ?? {});
  return parsed.success ? parsed.data.email : { kind: 'reply', to: [], cc: [], references: [], inlineImages: {} };
}
