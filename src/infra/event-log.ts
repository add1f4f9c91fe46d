import { randomUUID } from 'node:crypto';
import { type Prisma } from '@prisma/client';
import type { Db } from './db.js';
import type { Logger } from './logger.js';

type Tx = Prisma.TransactionClient;

/** One event of an event map, as written to the log and handed to consumers. */
export type LoggedEvent<Events extends object> = {
  [Name in keyof Events & string]: { id: bigint; name: Name; payload: Events[Name] };
}[keyof Events & string];

export type EventToLog<Events extends object> = {
  [Name in keyof Events & string]: { name: Name; payload: Events[Name] };
}[keyof Events & string];

/**
 * Appends events in the caller's transaction, so an event exists exactly when its change does:
 * a process dying between commit and publish loses nothing that a consumer of the log must see.
 */
export async function appendEvents<Events extends object>(tx: Tx, events: EventToLog<Events>[]): Promise<void> {
  if (events.length === 0) return;
  await tx.domainEvent.createMany({
    data: events.map((event) => ({ name: event.name, payload: event.payload as Prisma.InputJsonValue })),
  });
}

export interface EventLogConsumerOptions<Events extends object> {
  db: Db;
  logger: Logger;
  /** Names the cursor: one position per consumer, shared by every process. */
  consumer: string;
  /** The event names this consumer reads; the others are passed over. */
  events: (keyof Events & string)[];
  /** At least once: a handler may see an event again after a crash, so it must be idempotent. */
  handle: (event: LoggedEvent<Events>) => Promise<void>;
  pollIntervalMs: number;
  /** Events younger than this wait (a repair consumer lets the live path act first). */
  minAgeMs?: number;
  batchSize?: number;
  /** How long one process may read for the consumer before another may take over. */
  leaseMs?: number;
}

interface CursorRow {
  txId: bigint;
  eventId: bigint;
}

interface EventRow {
  id: bigint;
  txId: bigint;
  name: string;
  payload: unknown;
}

/**
 * Reads the log in order for one consumer, from whichever process holds the consumer's lease.
 * Order is (transaction id, event id) and only transactions older than every running one are
 * read, so an event committed late can never land behind the cursor.
 */
export class EventLogConsumer<Events extends object> {
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private closed = false;

  constructor(private readonly options: EventLogConsumerOptions<Events>) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
  }

  /** Reads now (coalesced: a call while reading makes one more pass afterwards). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, consumer: this.options.consumer }, 'event log consumer failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Reads until nothing is left for this consumer; returns how many events it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.readBatch();
      if (batch === undefined || batch === 0) return handled;
      handled += batch;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await this.options.db.eventCursor.updateMany({
      where: { consumer: this.options.consumer, leaseHolder: this.holder },
      data: { leaseHolder: null, leaseUntil: null },
    });
  }

  /** One batch under the lease: undefined when another process holds it. */
  private async readBatch(): Promise<number | undefined> {
    const { db, consumer, events, handle } = this.options;
    const cursor = await this.takeLease();
    if (!cursor) return undefined;
    const minAge = `${this.options.minAgeMs ?? 0} milliseconds`;
    const rows = await db.$queryRaw<EventRow[]>`
      SELECT "id", "txId", "name", "payload" FROM "DomainEvent"
      WHERE ("txId", "id") > (${cursor.txId}, ${cursor.eventId})
        AND "txId" < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
        AND "createdAt" <= now() - ${minAge}::interval
        AND "name" = ANY(${events})
      ORDER BY "txId", "id"
      LIMIT ${this.options.batchSize ?? 200}`;
    for (const row of rows) {
      await handle({ id: row.id, name: row.name, payload: row.payload } as LoggedEvent<Events>);
      await db.eventCursor.updateMany({
        where: { consumer, leaseHolder: this.holder },
        data: { txId: row.txId, eventId: row.id },
      });
    }
    return rows.length;
  }

  private async takeLease(): Promise<CursorRow | undefined> {
    const { db, consumer } = this.options;
    const leaseMs = `${this.options.leaseMs ?? 30_000} milliseconds`;
    await db.eventCursor.createMany({ data: [{ consumer }], skipDuplicates: true });
    const [cursor] = await db.$queryRaw<CursorRow[]>`
      UPDATE "EventCursor" SET "leaseHolder" = ${this.holder}, "leaseUntil" = now() + ${leaseMs}::interval, "updatedAt" = now()
      WHERE "consumer" = ${consumer}
        AND ("leaseHolder" IS NULL OR "leaseHolder" = ${this.holder} OR "leaseUntil" < now())
      RETURNING "txId", "eventId"`;
    return cursor;
  }
}

/** Forgets events every consumer has read and that are older than the retention. */
export async function pruneEventLog(db: Db, retentionMs: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "DomainEvent"
    WHERE "createdAt" < now() - ${`${retentionMs} milliseconds`}::interval
      AND EXISTS (SELECT 1 FROM "EventCursor")
      AND NOT EXISTS (
        SELECT 1 FROM "EventCursor" AS cursor WHERE (cursor."txId", cursor."eventId") < ("DomainEvent"."txId", "DomainEvent"."id")
      )`;
}
