export type IdentityKind = 'EMAIL' | 'PHONE' | 'WIDGET_VISITOR' | 'EXTERNAL_ID';

export interface CustomerIdentityInput {
  kind: IdentityKind;
  value: string;
  /** Proven by the channel (HMAC-signed widget user, authenticated mailbox, Twilio-signed caller). */
  verified?: boolean;
}

/**
 * One spelling per identity so the unique (kind, value) index finds the same customer:
 * e-mail addresses compare case-insensitively, phone numbers as E.164 digits.
 */
export function normaliseIdentityValue(kind: IdentityKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'EMAIL':
      return trimmed.toLowerCase();
    case 'PHONE': {
      const digits = trimmed.replace(/[^\d]/g, '');
      return `+${digits}`;
    }
    default:
      return trimmed;
  }
}
