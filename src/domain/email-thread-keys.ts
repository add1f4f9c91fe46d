/**
 * The keys an e-mail carries that can tie it to a conversation: Message-IDs it answers,
 * a reply token in a plus address, a "[#number]" in its subject. Pure parsing, no lookups.
 */

const MESSAGE_ID = /<[^<>\s]+>/g;

/** Message-IDs in an In-Reply-To or References value, in order, each once, at most `limit` (the newest). */
export function parseMessageIds(values: (string | string[] | undefined)[], limit = 50): string[] {
  const ids: string[] = [];
  for (const value of values.flat()) {
    for (const id of value?.match(MESSAGE_ID) ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids.slice(-limit);
}

const TOKEN = /^[a-z0-9]{8,64}$/i;

/** `support@example.com` + token -> `support+token@example.com`. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

/**
 * The reply token of the first recipient that is the mailbox's own address with a plus
 * tag (`support+TOKEN@example.com`), compared without case.
 */
export function findReplyToken(recipients: string[], mailboxAddress: string): string | null {
  const own = splitAddress(mailboxAddress);
  if (!own) return null;
  for (const recipient of recipients) {
    const parts = splitAddress(recipient);
    if (!parts || parts.domain !== own.domain) continue;
    const plus = parts.local.indexOf('+');
    if (plus < 0 || parts.local.slice(0, plus) !== own.local) continue;
    const token = parts.local.slice(plus + 1);
    if (TOKEN.test(token)) return token.toLowerCase();
  }
  return null;
}

/** The address without its plus tag, lower-cased: what "is this one of ours?" compares. */
export function baseAddress(address: string): string {
  const parts = splitAddress(address);
  if (!parts) return address.trim().toLowerCase();
  const plus = parts.local.indexOf('+');
  return `${plus < 0 ? parts.local : parts.local.slice(0, plus)}@${parts.domain}`;
}

/** The conversation number of the last "[#1234]" in a subject. */
export function subjectConversationNumber(subject: string): number | null {
  const matches = [...subject.matchAll(/\[#(\d{1,9})\]/g)];
  const last = matches.at(-1);
  return last ? Number(last[1]) : null;
}

/** "Re: Order late [#12]" for a reply in conversation 12, without piling up prefixes or numbers. */
export function replySubject(subject: string, conversationNumber: number): string {
  const bare = subject
    .replace(/\s*\[#\d{1,9}\]/g, '')
    .replace(/^\s*((re|aw|sv|fw|fwd|回复|答复|转发)\s*[:：]\s*)+/i, '')
    .trim();
  return `Re: ${bare || '(no subject)'} [#${conversationNumber}]`;
}

function splitAddress(address: string): { local: string; domain: string } | null {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  return { local: trimmed.slice(0, at), domain: trimmed.slice(at + 1) };
}
