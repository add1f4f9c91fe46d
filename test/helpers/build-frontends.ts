import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './server-process.js';

/**
 * Builds the website widget and the agent console once per test run, exactly as
 * `npm run build:widget` / `build:console` do, so the server and the browser tests use the
 * current code. Child processes, because vitest's NODE_ENV=test would otherwise give Vite a
 * development build.
 */
export default async function buildFrontends(): Promise<void> {
  const vite = join(projectRoot, 'node_modules', '.bin', 'vite');
  const build = (config: string) =>
    promisify(execFile)(vite, ['build', '--config', config], { cwd: projectRoot, env: { ...process.env, NODE_ENV: 'production' } });
  await Promise.all([build('widget/vite.config.ts'), build('agent-console/vite.config.ts')]);
}
