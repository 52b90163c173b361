import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireMunicipal } from '../../middleware/auth';
import { auditCsv } from './audit-csv';
import { auditPage } from './audit';
import { dashboardPage } from './dashboard';
import { historyPage } from './history';
import { overdueCsv } from './overdue-csv';

/** Supervisor pages: dashboard of deadlines, audit log, case history. */
export function supervisorRoutes(services: Services): Router {
  const router = Router();
  const supervisor = [requireMunicipal, requireAction('dashboard.view')];
  // The audit log names who looked at whom: 係長 only (the one role holding settings.edit).
  const auditor = [requireMunicipal, requireAction('settings.edit')];

  router.get('/dashboard', supervisor, dashboardPage(services));
  router.get('/dashboard/overdue.csv', supervisor, overdueCsv(services));
  router.get('/audit', auditor, auditPage(services));
  router.get('/audit.csv', auditor, auditCsv(services));
  router.get('/cases/:workflowId/history', requireMunicipal, requireAction('case.history'), historyPage(services));
  return router;
}
