import { PrismaPg } from '@prisma/adapter-pg';
import { AppError } from '../domain/errors.js';
import { PrismaClient } from '@prisma/client';
import { pgConnectionOptions } from './pg-connection.js';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize: number): Db {
  // A server that stops answering fails requests (503) instead of hanging them. pg counts the wait for a
  // free pooled connection in this too, so it stays above the transaction timeouts below: bursts wait.
  const adapter = new PrismaPg({ ...pgConnectionOptions(databaseUrl), max: poolSize, connectionTimeoutMillis: 30_000 });
  // Bursts of arrivals queue for connections; wait for one rather than fail the message.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
}

/** PostgreSQL's unique-violation, as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/** Runs a write; a unique-violation (a name or code taken meanwhile) becomes a 409 with this message. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', message);
    throw error;
  }
}
