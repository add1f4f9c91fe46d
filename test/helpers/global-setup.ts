import { applyMigrations } from '../../src/infra/migrate.js';
import { adminQuery, databaseUrl, serverUrl, templateName } from './databases.js';
import pg from 'pg';

/** Migrates one template database per migration set; each test file copies it (fast). */
export default async function setup(): Promise<void> {
  const template = await templateName();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  await client.end();
  if (rowCount) return;
  const building = `${template}_building_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${building}`);
  await applyMigrations(databaseUrl(building));
  await adminQuery(`ALTER DATABASE ${building} RENAME TO ${template}`).catch(async (error: unknown) => {
    // Another run built the same template meanwhile.
    await adminQuery(`DROP DATABASE IF EXISTS ${building}`);
    if (!String(error).includes('already exists')) throw error;
  });
}
