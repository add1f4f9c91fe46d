import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { pgConnectionOptions } from './pg-connection.js';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize: number): Db {
  const adapter = new PrismaPg({ ...pgConnectionOptions(databaseUrl), max: poolSize });
  return new PrismaClient({ adapter });
}

/** PostgreSQL's unique-violation, as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
