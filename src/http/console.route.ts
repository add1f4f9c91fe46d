import express, { Router } from 'express';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { AppError } from '../domain/errors.js';

/**
 * The built agent console (agent-console/dist): index.html at / (never cached, so a new build
 * shows on the next load) and its fingerprinted assets, cached for good. The console routes
 * in the URL hash (#/conversations/…), so no other path needs to fall back to index.html.
 */
export function consoleRoute(distDir: string): Router {
  const router = Router();
  const indexFile = join(distDir, 'index.html');

  router.get('/', async (_req, res) => {
    const built = await stat(indexFile).then(() => true, () => false);
    if (!built) throw new AppError('not_found', 'The agent console is not built yet: run "npm run build:console".');
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  router.use('/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));

  return router;
}
