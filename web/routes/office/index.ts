import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireOffice } from '../../middleware/auth';
import { officeApplicationHandlers } from './applications';
import { officePageHandlers } from './pages';
import { officePlanDetailHandlers } from './plan-notifications/detail';
import { planListHandler } from './plan-notifications/list';
import { newPlanHandlers } from './plan-notifications/new';
import { refilePlanHandlers } from './plan-notifications/refile';

/** Care office pages (mounted at /office): own clients, applications on their behalf, 居宅届. Every query is scoped to the session's office. */
export function officeRoutes(services: Services): Router {
  const router = Router();
  const pages = officePageHandlers(services);
  const applications = officeApplicationHandlers(services);
  const newPlan = newPlanHandlers(services);
  const refile = refilePlanHandlers(services);
  const plan = officePlanDetailHandlers(services);
  const filer = requireAction('plan.file');
  router.use(requireOffice);

  router.get('/', pages.home);
  router.get('/state', pages.state);
  router.get('/persons/:insuredNo', pages.person);
  router.get('/cases/:workflowId', pages.case);
  router.get('/tasks', pages.tasks);
  router.get('/applications/new', requireAction('certification.intake'), applications.form);
  router.post('/applications/new', requireAction('certification.intake'), applications.submit);

  router.get('/plan-notifications', filer, planListHandler(services));
  router.get('/plan-notifications/new', filer, newPlan.form);
  router.post('/plan-notifications/new', filer, newPlan.submit);
  router.get('/plan-notifications/:id', filer, plan.show);
  router.get('/plan-notifications/:id/state', filer, plan.state);
  router.get('/plan-notifications/:id/notices/:key', filer, plan.notice);
  router.post('/plan-notifications/:id/withdraw', filer, plan.withdraw);
  router.get('/plan-notifications/:id/refile', filer, refile.form);
  router.post('/plan-notifications/:id/refile', filer, refile.submit);
  return router;
}
