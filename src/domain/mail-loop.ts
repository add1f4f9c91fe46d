import { baseAddress } from './email-thread-keys.js';

/**
 * Tells mail a person wrote from mail a machine sent: answering a machine (an
 * out-of-office, a bounce, our own auto-acknowledgement) is how mail loops start.
 */
export type InboundMailKind = 'person' | 'auto-reply' | 'bounce' | 'own-address';

export interface ClassifyMailOptions {
  /** Header values by lower-case name. */
  headers: Record<string, string | undefined>;
  /** The sender's address. */
  from: string | null;
  /** Addresses this deployment sends from, lower-case, without plus tags. */
  ownAddresses: string[];
}

export function classifyInboundMail(options: ClassifyMailOptions): InboundMailKind {
  const header = (name: string) => options.headers[name]?.trim().toLowerCase();
  if (options.from && options.ownAddresses.includes(baseAddress(options.from))) return 'own-address';
  if (isDeliveryReport(header('content-type'), header('x-failed-recipients'), options.from)) return 'bounce';

  // RFC 3834: anything but "no" was sent by a machine.
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-reply';
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined || header('x-autoreply-from') !== undefined) {
    return 'auto-reply';
  }
  const precedence = header('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return 'auto-reply';
  // Microsoft Exchange's out-of-office marker.
  if (header('x-ms-exchange-inbox-rules-loop') !== undefined || header('x-auto-response-suppress')?.includes('oof')) {
    return 'auto-reply';
  }
  // An empty envelope sender (Return-Path: <>) is what RFC 3834 asks automatic responses to use.
  if (header('return-path') === '<>') return 'auto-reply';
  return 'person';
}

function isDeliveryReport(contentType: string | undefined, failedRecipients: string | undefined, from: string | null): boolean {
  if (contentType?.startsWith('multipart/report') && /report-type="?delivery-status/.test(contentType)) return true;
  if (failedRecipients) return true;
  const local = from?.toLowerCase().split('@')[0];
  return local === 'mailer-daemon' || local === 'postmaster';
}
