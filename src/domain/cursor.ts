/** Keyset pagination position: the sort value and id of the last item a page showed. */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

/** Undefined for anything that is not a cursor this server wrote. */
export function decodeCursor(encoded: string): Cursor | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string') return undefined;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? undefined : { at: date, id };
  } catch {
    return undefined;
  }
}
