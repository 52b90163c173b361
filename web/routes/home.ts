import { Router } from 'express';
import type { Services } from '../services';

/** The start page: system state (database, Temporal, worker), links to the Temporal Web UI and the login. */
export function homeRoutes(services: Services): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const status = await services.status.check(true);
    res.render('start', { title: 'kaigo-flow', status, temporalUiUrl: services.temporalUiUrl() });
  });
  return router;
}
