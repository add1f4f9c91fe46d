import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The machine's PostgreSQL; override with TEST_DATABASE_URL. */
export const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Name of the migrated template database: changes whenever a migration changes. */
export async function templateName(): Promise<string> {
  const root = join(import.meta.dirname, '..', '..', 'prisma', 'migrations');
  const hash = createHash('sha256');
  for (const entry of (await readdir(root, { recursive: true })).sort()) {
    if (entry.endsWith('.sql')) hash.update(entry).update(await readFile(join(root, entry)));
  }
  return `cc_test_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** A fresh database of its own for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${await templateName()}`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
