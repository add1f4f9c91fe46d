import type Mail from 'nodemailer/lib/mailer/index.js';
import { plusAddress, replySubject } from '../../domain/email-thread-keys.js';
import type { EmailChannelData } from './email.schemas.js';

export interface TranscriptEntry {
  from: string;
  at: Date;
  text: string;
}

export interface ComposeEmailOptions {
  mailbox: { address: string; displayName: string };
  conversation: { number: number; subject: string; replyToken: string };
  message: { id: string; text: string; kind: EmailChannelData['kind']; senderName: string | null };
  to: string[];
  /** People copied on the thread (participants); none on a forward. */
  cc?: string[];
  /** The message this one answers, to continue its thread. */
  parent: { messageId: string; references: string[] } | null;
  attachments: { fileName: string; contentType: string; content: Buffer }[];
  /** A forward carries the conversation so far. */
  transcript: TranscriptEntry[];
}

// RFC 5322 3.6.4 lets a long References chain be trimmed; keep its root and the newest ids.
const MAX_REFERENCES = 20;

/**
 * The e-mail for one stored outbound message. Its Message-ID derives from the message id,
 * so a retried send carries the same one and receivers can drop the repeat.
 */
export function composeEmail(options: ComposeEmailOptions): { mail: Mail.Options; messageId: string } {
  const { mailbox, conversation, message } = options;
  const domain = mailbox.address.slice(mailbox.address.lastIndexOf('@') + 1);
  const messageId = `<${message.id}@${domain}>`;
  const isForward = message.kind === 'forward';
  const references = options.parent ? trimReferences([...options.parent.references, options.parent.messageId]) : [];
  const mail: Mail.Options = {
    messageId,
    from: { name: senderLabel(message.senderName, mailbox.displayName), address: mailbox.address },
    // The reply token rides in Reply-To, so a reply finds its thread even when a client drops References.
    replyTo: isForward ? mailbox.address : plusAddress(mailbox.address, conversation.replyToken),
    to: options.to,
    ...(options.cc?.length && !isForward && { cc: options.cc }),
    subject: subjectFor(message.kind, conversation),
    text: isForward ? forwardText(message.text, options.transcript) : message.text,
    attachments: options.attachments.map(({ fileName, contentType, content }) => ({ filename: fileName, contentType, content })),
    ...(options.parent && !isForward && { inReplyTo: options.parent.messageId, references }),
    // RFC 3834: mark automatic mail so other robots do not answer it.
    ...(message.kind === 'auto-ack' && { headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } }),
  };
  return { mail, messageId };
}

function senderLabel(agentName: string | null, displayName: string): string {
  if (agentName && displayName) return `${agentName} (${displayName})`;
  return agentName ?? displayName;
}

function subjectFor(kind: EmailChannelData['kind'], conversation: ComposeEmailOptions['conversation']): string {
  if (kind === 'new') return `${conversation.subject} [#${conversation.number}]`;
  if (kind === 'forward') return replySubject(conversation.subject, conversation.number).replace(/^Re: /, 'Fwd: ');
  return replySubject(conversation.subject, conversation.number);
}

function trimReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))];
}

function forwardText(note: string, transcript: TranscriptEntry[]): string {
  const entries = transcript.map((entry) => `From: ${entry.from}\nDate: ${entry.at.toUTCString()}\n\n${entry.text}`);
  return [note, '---------- Forwarded conversation ----------', ...entries].join('\n\n');
}
