import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC signatures for values the server hands out and must later recognise
 * (upload tokens, download links). The purpose is signed too, so a signature made
 * for one use is never accepted for another.
 */
export class Signer {
  constructor(private readonly secret: string) {}

  sign(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${value}`).digest('base64url');
  }

  /** Constant-time check of a signature someone gave back. */
  verify(purpose: string, value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(purpose, value));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
