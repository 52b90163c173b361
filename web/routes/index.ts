import { Router } from 'express';
import type { Services } from '../services';
import { accountGuard } from '../middleware/account';
import { requireLogin } from '../middleware/auth';
import { adminRoutes } from './admin';
import { authRoutes } from './auth';
import { caseworkerRoutes } from './caseworker';
import { homeRoutes } from './home';
import { meRoutes } from './me';
import { medicalRoutes } from './medical';
import { officeRoutes } from './office';
import { supervisorRoutes } from './supervisor';

/**
 * Every route but /healthz (mounted before the session, in app.ts), public ones first. Area routers check roles and
 * office scope themselves.
 */
export function routes(services: Services): Router {
  const router = Router();
  router.use(authRoutes(services));
  router.use(homeRoutes(services));
  // 本人の閲覧: its own identity check and session, before (and apart from) the staff login
  router.use(meRoutes(services));
  router.use(requireLogin);
  router.use(accountGuard(services));
  router.use(adminRoutes(services));
  router.use(caseworkerRoutes(services));
  router.use(supervisorRoutes(services));
  router.use('/office', officeRoutes(services));
  router.use('/medical', medicalRoutes(services));
  return router;
}
