import { join } from 'node:path';
import { build } from 'vite';
import { projectRoot } from './server-process.js';

/** Builds the website widget once per test run, so /widget.js and the browser tests use the current code. */
export default async function buildWidget(): Promise<void> {
  await build({ configFile: join(projectRoot, 'widget', 'vite.config.ts'), logLevel: 'warn' });
}
