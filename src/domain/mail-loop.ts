import { baseAddress } from './email-thread-keys.js';

/**
 * Tells mail a person wrote from mail a machine sent: answering a machine (an
 * out-of-office, a bounce, our own auto-acknowledgement) is how mail loops start.
 *
 * Only true automatic replies count as machines: RFC 3834 Auto-Submitted (anything but
 * "no"), the X-Autoreply family, Precedence: auto_reply, an empty envelope sender, an
 * out-of-office subject, and delivery reports. A list or group relaying a person's mail
 * (Precedence: list/bulk, List-Id) or the person's own forwarding rule
 * (X-MS-Exchange-Inbox-Rules-Loop) is still that person's mail.
 */
export type InboundMailKind = 'person' | 'auto-reply' | 'bounce' | 'own-address';

export interface ClassifyMailOptions {
  /** Header values by lower-case name. */
  headers: Record<string, string | undefined>;
  /** The sender's address. */
  from: string | null;
  subject: string;
  /** Addresses this deployment sends from, lower-case, without plus tags. */
  ownAddresses: string[];
}

// Subject prefixes mail clients put on vacation and out-of-office replies (Outlook, Gmail, Exchange, localised).
const OUT_OF_OFFICE_SUBJECT =
  /^\s*(automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office(?: reply| autoreply)?|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica|自动回复|自動回覆|自動応答)\s*[:：]/i;

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
  if (header('precedence') === 'auto_reply') return 'auto-reply';
  // An empty envelope sender (Return-Path: <>) is what RFC 3834 asks automatic responses to use.
  if (header('return-path') === '<>') return 'auto-reply';
  if (OUT_OF_OFFICE_SUBJECT.test(options.subject)) return 'auto-reply';
  return 'person';
}

function isDeliveryReport(contentType: string | undefined, failedRecipients: string | undefined, from: string | null): boolean {
  if (contentType?.startsWith('multipart/report') && /report-type="?delivery-status/.test(contentType)) return true;
  if (failedRecipients) return true;
  const local = from?.toLowerCase().split('@')[0];
  return local === 'mailer-daemon' || local === 'postmaster';
}

/**
 * RFC 3834 2: no automatic answer (an acknowledgement) to list or bulk mail, even a person's:
 * a group relay's Reply-To is the whole group.
 */
export function mayAnswerAutomatically(headers: Record<string, string | undefined>): boolean {
  const precedence = headers['precedence']?.trim().toLowerCase();
  return !(precedence && ['bulk', 'junk', 'list'].includes(precedence)) && headers['list-id'] === undefined;
}
