import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { pgConnectionOptions } from './pg-connection.js';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize: number): Db {
  const adapter = new PrismaPg({ ...pgConnectionOptions(databaseUrl), max: poolSize });
  // Bursts of arrivals queue for connections; wait for one rather than fail the message.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
}

/** PostgreSQL's unique-violation, as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
