import type { Db } from '../../infra/db.js';

/**
 * Where a mailbox's watcher stopped reading: the folder's UIDVALIDITY and the highest UID
 * stored. Written with plain SQL so the row's updatedAt keeps meaning "settings changed".
 */
export interface UidState {
  uidValidity: bigint | null;
  lastUid: bigint;
}

export async function readUidState(db: Db, mailboxId: string): Promise<UidState> {
  const row = await db.emailMailbox.findUniqueOrThrow({ where: { id: mailboxId }, select: { uidValidity: true, lastUid: true } });
  return row;
}

/** The server renumbered the folder (RFC 3501 2.3.1.1): every UID seen before is meaningless. */
export async function resetUidValidity(db: Db, mailboxId: string, uidValidity: bigint): Promise<void> {
  await db.$executeRaw`UPDATE "EmailMailbox" SET "uidValidity" = ${uidValidity}, "lastUid" = 0 WHERE id = ${mailboxId}::uuid`;
}

/** Moves the mark forward only, and only within the same UIDVALIDITY, so a late writer never rewinds it. */
export async function advanceLastUid(db: Db, mailboxId: string, uidValidity: bigint, uid: bigint): Promise<void> {
  await db.$executeRaw`
    UPDATE "EmailMailbox" SET "lastUid" = ${uid}
    WHERE id = ${mailboxId}::uuid AND "uidValidity" = ${uidValidity} AND "lastUid" < ${uid}`;
}
