import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `hash` is HMAC-SHA256(userId) under the inbox's identity secret, as the
 * website's server computes it (hex). Compared in constant time.
 */
export function isUserHashValid(secret: string | null, userId: string, hash: string | undefined): boolean {
  if (!secret || !hash) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(userId).digest('hex'));
  const given = Buffer.from(hash.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
