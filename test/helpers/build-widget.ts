import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './server-process.js';

/**
 * Builds the website widget once per test run, exactly as `npm run build:widget` does, so
 * /widget.js and the browser tests use the current code. A child process, because vitest's
 * NODE_ENV=test would otherwise give Vite a development build (Preact devtools and all).
 */
export default async function buildWidget(): Promise<void> {
  await promisify(execFile)(join(projectRoot, 'node_modules', '.bin', 'vite'), ['build', '--config', 'widget/vite.config.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
