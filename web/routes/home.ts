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
    // The page is public, so the account guard has not run: a supervisor's details only while the account still is one.
    const actor = currentActor(req);
    const state = actor?.role === 'supervisor' ? await services.accounts.state(actor) : undefined;
    const supervisor = Boolean(state?.active && state.role === 'supervisor' && !state.mustChangePassword);
    const status =
      supervisor && actor ? await services.status.check(actor.insurerNo) : await services.status.checkPublic();
    res.render('start', {
      title: 'kaigo-flow',
      status,
      temporalUiUrl: supervisor ? services.temporalUiUrl() : null,
    });
  });
  return router;
}
