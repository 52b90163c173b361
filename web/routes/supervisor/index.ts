import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireMunicipal } from '../../middleware/auth';
import { auditHandlers } from './audit';
import { dashboardHandlers } from './dashboard';
import { historyHandlers } from './history';

/** Supervisor pages: dashboard of deadlines, audit log, case history. */
export function supervisorRoutes(services: Services): Router {
  const router = Router();
  const dashboard = dashboardHandlers(services);
  const audit = auditHandlers(services);
  const history = historyHandlers(services);
  const supervisor = [requireMunicipal, requireAction('dashboard.view')];

  router.get('/dashboard', supervisor, dashboard.page);
  router.get('/dashboard/overdue.csv', supervisor, dashboard.overdueCsv);
  // The audit log names who looked at whom: 係長 only (the one role holding settings.edit).
  router.get('/audit', requireMunicipal, requireAction('settings.edit'), audit.page);
  router.get('/cases/:workflowId/history', requireMunicipal, requireAction('case.history'), history.page);
  return router;
}
