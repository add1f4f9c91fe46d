import type { PoolConfig } from 'pg';

/**
 * Splits a postgres:// URL into pg pool options. Prisma's migrate needs the parts
 * separately: with only a connectionString its shadow database reused the main one.
 */
export function pgConnectionOptions(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// (got "${url.protocol}")`);
  }
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
  };
}
