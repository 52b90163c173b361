import { Router } from 'express';
import type { Services } from '../../services';

/** Municipal caseworker pages: inbox, cases, persons, intake. */
export function caseworkerRoutes(_services: Services): Router {
  return Router();
}
