/** Keyset pagination position: the sort value and id of the last item a page showed. */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Rows are stamped by the server clock, so a real cursor always lies in this range.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** Undefined for anything that is not a cursor this server wrote. */
export function decodeCursor(encoded: string): Cursor | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
    const date = new Date(at);
    const time = date.getTime();
    return time >= EARLIEST && time <= LATEST ? { at: date, id } : undefined;
  } catch {
    return undefined;
  }
}
