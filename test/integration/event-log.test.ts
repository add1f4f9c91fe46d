import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/infra/db.js';
import { appendEvents, EventLogConsumer, pruneEventLog, type LoggedEvent } from '../../src/infra/event-log.js';
import { createLogger } from '../../src/infra/logger.js';
import { createTestDatabase } from '../helpers/databases.js';

interface TestEvents {
  'thing.created': { n: number };
  'thing.ignored': { n: number };
}

let db: Db;
let drop: () => Promise<void>;
const logger = createLogger('silent');

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  db = createDb(database.url, 5);
});

afterAll(async () => {
  await db?.$disconnect();
  await drop?.();
});

function consumerOf(name: string, seen: number[], handle?: (event: LoggedEvent<TestEvents>) => Promise<void>) {
  return new EventLogConsumer<TestEvents>({
    db,
    logger,
    consumer: name,
    events: ['thing.created'],
    pollIntervalMs: 60_000,
    handle: handle ?? (async (event) => void seen.push(event.payload.n)),
  });
}

const created = (n: number) => ({ name: 'thing.created' as const, payload: { n } });

describe('durable event log', () => {
  it('hands each committed event of the consumer’s kinds once, in order; rolled-back events never', async () => {
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(1), { name: 'thing.ignored', payload: { n: 99 } }, created(2)]));
    await db
      .$transaction(async (tx) => {
        await appendEvents<TestEvents>(tx, [created(666)]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(3)]));

    const seen: number[] = [];
    const consumer = consumerOf('in-order', seen);
    expect(await consumer.drain()).toBe(3);
    expect(await consumer.drain()).toBe(0);
    expect(seen).toEqual([1, 2, 3]);
    await consumer.close();
  });

  it('does not pass over an event whose transaction commits after a later one', async () => {
    const seen: number[] = [];
    const consumer = consumerOf('late-commit', seen);
    await consumer.drain();
    seen.length = 0;

    let commitSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
    let slowWrote!: () => void;
    const slowHasWritten = new Promise<void>((resolve) => (slowWrote = resolve));
    const slow = db.$transaction(async (tx) => {
      await appendEvents<TestEvents>(tx, [created(10)]);
      slowWrote();
      await slowMayCommit;
    });
    await slowHasWritten;
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(11)]));

    // The slow transaction is still open: nothing after it may be read yet, or 10 would be skipped.
    await consumer.drain();
    expect(seen).toEqual([]);
    commitSlow();
    await slow;
    await consumer.drain();
    expect(seen).toEqual([10, 11]);
    await consumer.close();
  });

  it('hands an event again when its handler failed (at least once)', async () => {
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(20)]));
    const seen: number[] = [];
    let failures = 1;
    const consumer = consumerOf('retry', seen, async (event) => {
      if (event.payload.n === 20 && failures-- > 0) throw new Error('handler down');
      seen.push(event.payload.n);
    });
    await expect(consumer.drain()).rejects.toThrow('handler down');
    await consumer.drain();
    expect(seen.filter((n) => n === 20)).toEqual([20]);
    await consumer.close();
  });

  it('lets one process read for a consumer at a time, and another take over after close', async () => {
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(30)]));
    const first: number[] = [];
    const second: number[] = [];
    const a = consumerOf('shared', first);
    const b = consumerOf('shared', second);
    await a.drain();
    expect(await b.drain()).toBe(0);
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(31)]));
    await a.close();
    await b.drain();
    expect(first).toContain(30);
    expect(second).toEqual([31]);
    await b.close();
  });

  it('prunes only what every consumer has read', async () => {
    await db.$transaction((tx) => appendEvents<TestEvents>(tx, [created(40)]));
    await pruneEventLog(db, 0);
    const left = await db.domainEvent.findMany({ select: { payload: true }, orderBy: { id: 'asc' } });
    // The slowest cursor ('in-order') stopped after 3: what it read is gone, the rest stays.
    expect(left.map((row) => (row.payload as { n: number }).n)).toEqual([10, 11, 20, 30, 31, 40]);
  });
});
