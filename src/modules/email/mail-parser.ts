import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { parseMessageIds } from '../../domain/email-thread-keys.js';
import { mailHtmlToText, sanitizeMailHtml } from './mail-html.js';
import { withUtf8Headers } from './raw-headers.js';

export interface ParsedAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  /** Set for inline images that the HTML refers to as cid:… */
  contentId: string | null;
}

/** One received e-mail, decoded (charsets, RFC 2047/2231 words) and reduced to what the channel uses. */
export interface ParsedEmail {
  /** The mail's Message-ID, or one derived from its bytes when it has none (so a re-read is still a repeat). */
  messageId: string;
  from: { address: string; name: string } | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  /** To, Cc and the delivery headers servers add: where a plus-address reply token may be. */
  recipients: string[];
  subject: string;
  text: string;
  /** Sanitised. */
  html: string | null;
  /** In-Reply-To first, then References newest first: the order thread lookups try them in. */
  threadIds: string[];
  /** The References chain to continue in a reply to this mail. */
  references: string[];
  /** Raw header values by lower-case name (first occurrence), decoded. */
  headers: Record<string, string>;
  attachments: ParsedAttachment[];
  /** Attachments left out for being larger than the limit. */
  oversized: { fileName: string; byteSize: number }[];
}

export interface ParseEmailOptions {
  attachmentMaxBytes: number;
}

export async function parseEmail(source: Buffer, options: ParseEmailOptions): Promise<ParsedEmail> {
  const mail = await simpleParser(withUtf8Headers(source), { skipTextToHtml: true, skipImageLinks: true, keepDeliveryStatus: true });
  const inReplyTo = parseMessageIds([mail.inReplyTo]);
  const references = parseMessageIds([mail.references]);
  const from = addresses(mail.from)[0] ?? null;
  const attachments: ParsedAttachment[] = [];
  const oversized: ParsedEmail['oversized'] = [];
  mail.attachments.forEach((attachment, index) => {
    // A part whose type cannot be read ("Content-Type: ; name=x.jpg") is kept as a plain file.
    const contentType = MIME_TYPE.test(attachment.contentType ?? '') ? attachment.contentType.toLowerCase() : 'application/octet-stream';
    const fileName = withoutNul(attachment.filename ?? '') || `attachment-${index + 1}${extensionOf(contentType)}`;
    if (attachment.size > options.attachmentMaxBytes) {
      oversized.push({ fileName, byteSize: attachment.size });
      return;
    }
    attachments.push({
      fileName,
      contentType,
      content: attachment.content,
      contentId: attachment.contentId ? attachment.contentId.replace(/^<|>$/g, '') : null,
    });
  });
  const headers = headerRecord(mail);
  const html = mail.html ? sanitizeMailHtml(withoutNul(mail.html)) : null;
  const text = withoutNul(mail.text ?? '').trim();
  return {
    messageId: parseMessageIds([mail.messageId])[0] ?? derivedMessageId(source),
    from: from ? { address: from.address.toLowerCase(), name: withoutNul(from.name) } : null,
    replyTo: addresses(mail.replyTo)[0]?.address ?? null,
    to: addresses(mail.to).map((entry) => entry.address),
    cc: addresses(mail.cc).map((entry) => entry.address),
    recipients: [
      ...addresses(mail.to),
      ...addresses(mail.cc),
      ...['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => headerValues(mail, name).map((address) => ({ address, name: '' }))),
    ].map((entry) => entry.address.replace(/^<|>$/g, '')),
    subject: withoutNul(mail.subject ?? ''),
    // An HTML-only mail gets a text version, for previews, search and folding.
    text: text || (html ? mailHtmlToText(html) : ''),
    html,
    threadIds: [...inReplyTo, ...[...references].reverse().filter((id) => !inReplyTo.includes(id))],
    references: [...references, ...inReplyTo.filter((id) => !references.includes(id))],
    headers,
    attachments,
    oversized,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // Group members are listed inside their group entry.
  const flat = objects.flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry])));
  return flat.filter((entry) => entry.address).map((entry) => ({ address: entry.address!, name: entry.name ?? '' }));
}

function headerRecord(mail: ParsedMail): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    if (record[key] !== undefined) continue;
    record[key] = withoutNul(line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return record;
}

function headerValues(mail: ParsedMail, name: string): string[] {
  return mail.headerLines.filter((header) => header.key === name).map(({ line }) => line.slice(line.indexOf(':') + 1).trim());
}

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** PostgreSQL text and JSON refuse U+0000; it carries nothing a reader needs. */
function withoutNul(value: string): string {
  return value.replaceAll('\u0000', '');
}

function derivedMessageId(source: Buffer): string {
  return `<${createHash('sha256').update(source).digest('hex').slice(0, 40)}@no-message-id.invalid>`;
}

function extensionOf(contentType: string): string {
  const known: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'application/pdf': '.pdf', 'text/plain': '.txt' };
  return known[contentType] ?? '';
}
