import { Router } from 'express';
import type { Services } from '../services';

/** GET /healthz: database, Temporal and worker up or down as JSON (no details: it is public); 503 when any is down. */
export function healthRoutes(services: Services): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const status = await services.status.checkPublic();
    res.status(status.ok ? 200 : 503).json(status);
  });
  return router;
}
