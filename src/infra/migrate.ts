import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Applies pending migrations with `prisma migrate deploy`. Runs as a child process
 * (asynchronously: an embedded PostgreSQL is served from this very process).
 */
export async function applyMigrations(databaseUrl: string): Promise<string> {
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const preload = join(projectRoot, 'prisma', 'unref-engine-timers.cjs');
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', preload, prismaCli, 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    timeout: 180_000,
  });
  return stdout;
}
