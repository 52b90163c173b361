import { Router } from 'express';
import type { Services } from '../../services';

/** Supervisor pages: dashboard of deadlines, case history. */
export function supervisorRoutes(_services: Services): Router {
  return Router();
}
