import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import type { Db } from '../../infra/db.js';
import type { Logger } from '../../infra/logger.js';
import type { MailboxConnection } from './mailbox.service.js';
import { advanceLastUid, readUidState, resetUidValidity } from './uid-state.js';

export interface WatchMailboxOptions {
  mailbox: MailboxConnection;
  db: Db;
  /** Stores a batch of raw mails; throws to have the batch read again later. */
  ingest: (sources: Buffer[]) => Promise<void>;
  /** Keeps a mail that failed to store `attemptsBeforeQuarantine` times, with the reason; throws when it cannot. */
  quarantine: (source: Buffer, reason: string) => Promise<void>;
  attemptsBeforeQuarantine: number;
  /** False once an admin changed or disabled the mailbox: the watcher then returns 'reconfigured'. */
  stillCurrent: () => Promise<boolean>;
  pollMs: number;
  batchSize: number;
  logger: Logger;
  signal: AbortSignal;
}

export type WatchOutcome = 'stopped' | 'reconfigured';

const MAX_BACKOFF_MS = 60_000;

interface FetchedMail {
  uid: number;
  source: Buffer;
}

/** The mail that failed last and how often in a row: after attemptsBeforeQuarantine it is quarantined. */
interface PoisonState {
  uid: number;
  failures: number;
}

/**
 * Reads a mailbox until stopped: connect, read everything above the stored UID mark,
 * then IDLE until the server announces mail (or the poll interval passes, for servers
 * without IDLE). Reconnects with exponential backoff. The mark only moves past a mail once
 * it is stored (or held, or quarantined with its bytes), and storing is idempotent, so a
 * crash anywhere re-reads at most one batch, stores nothing twice and passes over nothing.
 */
export async function watchMailbox(options: WatchMailboxOptions): Promise<WatchOutcome> {
  const log = options.logger.child({ mailboxId: options.mailbox.id });
  const poison = { uid: -1, failures: 0 };
  const wake = new WakeSignal(options.signal);
  let failures = 0;
  while (!options.signal.aborted) {
    const client = createClient(options.mailbox);
    try {
      return await runSession(client, options, { poison, wake }, () => (failures = 0));
    } catch (error) {
      if (options.signal.aborted) break;
      failures += 1;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
      log.warn({ err: error, failures, retryInMs: Math.round(delay) }, 'mailbox session failed; reconnecting');
      await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }
  return 'stopped';
}

function createClient(mailbox: MailboxConnection): ImapFlow {
  const { host, port, tls, user, auth, secret } = mailbox.imap;
  const client = new ImapFlow({
    host,
    port,
    secure: tls,
    auth: auth === 'OAUTH2' ? { user, accessToken: secret } : { user, pass: secret },
    logger: false,
    // IDLE is entered explicitly between reads (auto-IDLE under a mailbox lock delivered nothing).
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
  });
  // Socket errors also reject the pending command; this keeps them from being unhandled.
  client.on('error', () => undefined);
  return client;
}

async function runSession(
  client: ImapFlow,
  options: WatchMailboxOptions,
  { poison, wake }: { poison: PoisonState; wake: WakeSignal },
  onHealthy: () => void,
): Promise<WatchOutcome> {
  client.on('exists', () => wake.fire());
  client.on('close', () => wake.fire());

  await client.connect();
  let folder = await selectFolder(client, options);
  onHealthy();

  while (!options.signal.aborted) {
    if (!(await options.stillCurrent())) return 'reconfigured';
    if (!client.usable) throw new Error('IMAP connection closed');
    wake.reset();
    folder.lastUid = await readNewMail(client, options, folder.uidValidity, folder.lastUid, poison);
    if (wake.pending) continue; // mail arrived while reading
    // Runs until the next command ends it; a failed IDLE shows up as that command's error.
    client.idle().catch(() => undefined);
    const announced = await wake.wait(options.pollMs);
    // A quiet interval: select the folder again, which is how a replaced folder (new UIDVALIDITY) shows itself.
    if (!announced && !options.signal.aborted && client.usable) folder = await selectFolder(client, options);
  }
  return 'stopped';
}

/** Opens the folder and returns where to read from: the stored mark, or 0 when the server renumbered the folder. */
async function selectFolder(client: ImapFlow, options: WatchMailboxOptions): Promise<{ uidValidity: bigint; lastUid: bigint }> {
  const opened = await client.mailboxOpen(options.mailbox.imap.folder);
  const uidValidity = BigInt(opened.uidValidity);
  const stored = await readUidState(options.db, options.mailbox.id);
  if (stored.uidValidity === uidValidity) return { uidValidity, lastUid: stored.lastUid };
  if (stored.uidValidity !== null) {
    options.logger.warn(
      { mailboxId: options.mailbox.id, from: String(stored.uidValidity), to: String(uidValidity) },
      'UIDVALIDITY changed: reading the folder again',
    );
  }
  await resetUidValidity(options.db, options.mailbox.id, uidValidity);
  return { uidValidity, lastUid: 0n };
}

async function readNewMail(
  client: ImapFlow,
  options: WatchMailboxOptions,
  uidValidity: bigint,
  lastUid: bigint,
  poison: PoisonState,
): Promise<bigint> {
  // "n:*" always matches the newest message, even below n: filter.
  const found = (await client.search({ uid: `${lastUid + 1n}:*` }, { uid: true })) || [];
  const uids = found.filter((uid) => BigInt(uid) > lastUid).sort((a, b) => a - b);
  const batches = Array.from({ length: Math.ceil(uids.length / options.batchSize) }, (_, index) =>
    uids.slice(index * options.batchSize, (index + 1) * options.batchSize),
  );
  const fetchSources = async (batch: number[]): Promise<FetchedMail[]> => {
    const fetched = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
    return fetched.sort((a, b) => a.uid - b.uid).flatMap(({ uid, source }) => (source ? [{ uid, source }] : []));
  };
  const advance = async (uid: number) => {
    await advanceLastUid(options.db, options.mailbox.id, uidValidity, BigInt(uid));
    lastUid = BigInt(uid);
  };
  // The next batch downloads while this one is stored.
  let next = batches[0] ? fetchSources(batches[0]) : undefined;
  for (const [index, batch] of batches.entries()) {
    if (options.signal.aborted) break;
    const mails = await next!;
    next = batches[index + 1] ? fetchSources(batches[index + 1]!) : undefined;
    next?.catch(() => undefined); // its failure surfaces when awaited
    await ingestWithQuarantine(options, mails, advance, poison);
    // UIDs of the batch the server no longer had (expunged meanwhile) are behind us too.
    await advance(batch.at(-1)!);
  }
  return lastUid;
}

/**
 * Stores a batch in one go; when that fails, mail by mail, moving the mark past each one
 * stored. A mail that fails is tried again (the session restarts with backoff, so a database
 * hiccup heals) and after attemptsBeforeQuarantine failures in a row it is quarantined with
 * its bytes and the reason: one poisonous mail cannot stop a mailbox, nor be passed over.
 */
async function ingestWithQuarantine(
  options: WatchMailboxOptions,
  mails: FetchedMail[],
  advance: (uid: number) => Promise<void>,
  poison: PoisonState,
): Promise<void> {
  try {
    await options.ingest(mails.map((mail) => mail.source));
    return;
  } catch (error) {
    options.logger.warn({ err: error, mailboxId: options.mailbox.id, mails: mails.length }, 'storing a batch failed; storing its mails one by one');
  }
  for (const mail of mails) {
    try {
      await options.ingest([mail.source]);
    } catch (error) {
      poison.failures = poison.uid === mail.uid ? poison.failures + 1 : 1;
      poison.uid = mail.uid;
      if (poison.failures < options.attemptsBeforeQuarantine) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      await options.quarantine(mail.source, reason);
      options.logger.error({ err: error, mailboxId: options.mailbox.id, uid: mail.uid }, 'mail could not be stored; quarantined');
    }
    await advance(mail.uid);
  }
}

/** Wakes the watcher when the server announces mail, the connection drops, or it is stopped. */
class WakeSignal {
  pending = false;
  private resolve?: () => void;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', () => this.fire(), { once: true });
  }

  fire(): void {
    this.pending = true;
    this.resolve?.();
  }

  reset(): void {
    this.pending = false;
  }

  /** True when woken by the server, the connection or a stop; false when the time ran out. */
  async wait(timeoutMs: number): Promise<boolean> {
    if (this.pending) return true;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.resolve = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    this.resolve = undefined;
    return this.pending;
  }
}
