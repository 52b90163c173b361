import { Router } from 'express';
import { currentActor } from '../middleware/auth';
import type { Services } from '../services';

/**
 * The start page. Anyone sees whether each part is up and the way to log in; a signed-in supervisor also sees the
 * details (versions, errors), the counts and the link to the Temporal Web UI, which are not for the public.
 */
export function homeRoutes(services: Services): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = currentActor(req);
    const supervisor = actor?.role === 'supervisor';
    const status = supervisor ? await services.status.check(actor.insurerNo) : await services.status.checkPublic();
    res.render('start', {
      title: 'kaigo-flow',
      status,
      temporalUiUrl: supervisor ? services.temporalUiUrl() : null,
    });
  });
  return router;
}
