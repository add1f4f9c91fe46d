import { Prisma } from '@prisma/client';

/** Words as the 'simple' text search configuration splits them: letters and digits. */
function wordsOf(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/** LIKE treats % _ and \ as wildcards/escapes; a search term must match them literally. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * SQL condition on conversation `c`: the customer's name or company starts with every word,
 * one of their e-mail addresses or phone numbers starts with the query, or one of the
 * conversation's messages contains its words. User text only ever travels as a parameter.
 */
export function conversationSearchCondition(query: string): Prisma.Sql {
  const term = query.trim().toLowerCase();
  const words = wordsOf(term);
  const digits = term.replace(/\D/g, '');
  const looksLikePhone = digits.length >= 3 && /^[+\d\s().-]+$/.test(term);
  const customerMatches: Prisma.Sql[] = [
    Prisma.sql`SELECT "customerId" FROM "CustomerIdentity" WHERE lower("value") LIKE ${`${escapeLike(term)}%`}`,
  ];
  if (looksLikePhone) {
    customerMatches.push(Prisma.sql`SELECT "customerId" FROM "CustomerIdentity" WHERE lower("value") LIKE ${`+${digits}%`}`);
  }
  if (words.length > 0) {
    // Every word is letters and digits only, so the tsquery text cannot carry operators.
    const prefixQuery = words.map((word) => `${word}:*`).join(' & ');
    customerMatches.push(
      Prisma.sql`SELECT id FROM "Customer" WHERE to_tsvector('simple', "name" || ' ' || "company") @@ to_tsquery('simple', ${prefixQuery})`,
    );
  }
  const messageMatch =
    words.length > 0
      ? Prisma.sql`OR c.id IN (SELECT "conversationId" FROM "Message" WHERE to_tsvector('simple', "text") @@ plainto_tsquery('simple', ${term}))`
      : Prisma.empty;
  return Prisma.sql`(c."customerId" IN (${Prisma.join(customerMatches, ' UNION ')}) ${messageMatch})`;
}
