import type { Prisma } from '@prisma/client';
import type { Db } from './db.js';
import type { EventBus } from './event-bus.js';
import { appendEvents, type EventToLog } from './event-log.js';

type Tx = Prisma.TransactionClient;

/** Records a domain event of the change being made; it exists (log) and is heard (bus) only if the change commits. */
export type Emit<Events extends object> = <Name extends keyof Events & string>(name: Name, payload: Events[Name]) => void;

/**
 * Runs a change in one transaction with the events it emits: they are appended to the durable
 * log in that transaction (one statement for all of them), then published on the in-process bus
 * after commit, in emit order, for the live pushes. A rolled-back change leaves no event anywhere.
 */
export async function runWithEvents<Events extends object, Result>(
  db: Db,
  bus: EventBus<Events>,
  change: (tx: Tx, emit: Emit<Events>) => Promise<Result>,
  options?: { timeout?: number },
): Promise<Result> {
  const events: EventToLog<Events>[] = [];
  const result = await db.$transaction(async (tx) => {
    const emit: Emit<Events> = (name, payload) => void events.push({ name, payload } as EventToLog<Events>);
    const value = await change(tx, emit);
    await appendEvents(tx, events);
    return value;
  }, options);
  for (const event of events) bus.publish(event.name, event.payload as Events[typeof event.name]);
  return result;
}
