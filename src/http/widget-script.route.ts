import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { Router } from 'express';
import { AppError } from '../domain/errors.js';

interface ScriptBody {
  modifiedMs: number;
  plain: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * GET /widget.js: the built website widget, for pages of any origin. Compressed once
 * per build, not per request; a rebuild is picked up by its modification time.
 */
export function widgetScriptRoute(file: string): Router {
  const router = Router();
  let current: ScriptBody | undefined;

  router.get('/widget.js', async (req, res) => {
    const modifiedMs = await stat(file).then((info) => info.mtimeMs, () => undefined);
    if (modifiedMs === undefined) throw new AppError('not_found', 'The widget is not built yet: run "npm run build:widget".');
    if (current?.modifiedMs !== modifiedMs) current = compress(await readFile(file), modifiedMs);
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      ETag: current.etag,
      Vary: 'Accept-Encoding',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (req.headers['if-none-match'] === current.etag) {
      res.status(304).end();
      return;
    }
    const gzip = req.acceptsEncodings('gzip') === 'gzip';
    if (gzip) res.set('Content-Encoding', 'gzip');
    res.send(gzip ? current.gzip : current.plain);
  });

  return router;
}

function compress(plain: Buffer, modifiedMs: number): ScriptBody {
  const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 22)}"`;
  return { modifiedMs, plain, gzip: gzipSync(plain, { level: 9 }), etag };
}
