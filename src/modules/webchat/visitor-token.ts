import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export interface Visitor {
  visitorId: string;
  inboxId: string;
}

/**
 * A visitor token proves "this browser is visitor X of inbox Y". The widget keeps it
 * (localStorage) and presents it on every connection; it is signed, so it cannot be forged.
 */
export class VisitorTokens {
  constructor(private readonly secret: string) {}

  issue(inboxId: string): { token: string; visitor: Visitor } {
    const visitor = { visitorId: randomUUID(), inboxId };
    return { token: this.sign(visitor), visitor };
  }

  /** The visitor a token names, or null when it is malformed, forged or for another inbox. */
  verify(token: string, inboxId: string): Visitor | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [visitorId, tokenInboxId, signature] = parts as [string, string, string];
    if (tokenInboxId !== inboxId) return null;
    const expected = Buffer.from(this.signature(visitorId, tokenInboxId));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { visitorId, inboxId };
  }

  private sign(visitor: Visitor): string {
    return `${visitor.visitorId}.${visitor.inboxId}.${this.signature(visitor.visitorId, visitor.inboxId)}`;
  }

  private signature(visitorId: string, inboxId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${visitorId}:${inboxId}`).digest('base64url');
  }
}
