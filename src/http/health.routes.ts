import { Router } from 'express';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '../infra/db.js';

/** /healthz: the process answers. /readyz: it can reach PostgreSQL and Redis. /metrics: Prometheus. */
export function healthRoutes(db: Db, redis: Redis, isShuttingDown: () => boolean): Router {
  const router = Router();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const [postgres, redisReady] = await Promise.all([
      db.$queryRaw`SELECT 1`.then(() => true, () => false),
      redis.ping().then((reply) => reply === 'PONG', () => false),
    ]);
    const ready = postgres && redisReady && !isShuttingDown();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks: { postgres, redis: redisReady, acceptingWork: !isShuttingDown() },
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });

  return router;
}
