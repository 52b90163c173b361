import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireOffice } from '../../middleware/auth';
import { requireFiling } from '../../middleware/office-filing';
import { requireOfficeAdmin } from '../../middleware/account';
import { officeStaffRoutes } from '../admin';
import { officeApplicationHandlers } from './applications';
import { officeCaseHandler } from './case';
import { officeDisclosureHandlers } from './disclosures';
import { officeDocumentsHandler } from './documents';
import { officeHomeHandlers } from './home';
import { officePersonHandler } from './person';
import { officePlanDetailHandlers } from './plan-notifications/detail';
import { planListHandler } from './plan-notifications/list';
import { newPlanHandlers } from './plan-notifications/new';
import { refilePlanHandlers } from './plan-notifications/refile';
import { officeRegistrationHandlers } from './registrations';
import { officeTasksHandler } from './tasks';
import { requireOnline } from './online';

/** Care office pages (mounted at /office): own clients, applications on their behalf, 居宅届. Every query is scoped to the session's office. */
export function officeRoutes(services: Services): Router {
  const router = Router();
  const home = officeHomeHandlers(services);
  const applications = officeApplicationHandlers(services);
  const newPlan = newPlanHandlers(services);
  const refile = refilePlanHandlers(services);
  const plan = officePlanDetailHandlers(services);
  const filer = requireAction('plan.file');
  const registrations = officeRegistrationHandlers(services);
  const online = requireOnline(services);
  const disclosures = officeDisclosureHandlers(services);
  const intake = [requireAction('certification.intake'), requireFiling(services, 'proxy_application')];
  const newFiling = requireFiling(services, 'plan_notification');
  router.use(requireOffice);

  router.get('/', home.show);
  router.get('/state', home.state);
  router.get('/persons/:insuredNo', online, officePersonHandler(services));
  router.get('/cases/:workflowId', online, officeCaseHandler(services));
  router.get('/cases/:workflowId/documents', officeDocumentsHandler(services));
  router.get('/disclosures', disclosures.show);
  router.post('/disclosures', disclosures.submit);
  router.get('/registrations', registrations.show);
  router.post('/registrations', registrations.submit);
  router.post('/registrations/:id/end', registrations.end);
  router.post('/registrations/:id/consent', registrations.consent);
  router.get('/tasks', officeTasksHandler(services));
  router.get('/applications/new', intake, applications.form);
  router.post('/applications/new', intake, applications.submit);

  router.get('/plan-notifications', filer, planListHandler(services));
  router.get('/plan-notifications/new', filer, newFiling, newPlan.form);
  router.post('/plan-notifications/new', filer, newFiling, newPlan.submit);
  router.get('/plan-notifications/:id', filer, plan.show);
  router.get('/plan-notifications/:id/state', filer, plan.state);
  router.get('/plan-notifications/:id/notices/:key', filer, online, plan.notice);
  router.get('/plan-notifications/:id/withdraw', filer, plan.withdrawForm);
  router.post('/plan-notifications/:id/withdraw', filer, plan.withdraw);
  router.get('/plan-notifications/:id/refile', filer, newFiling, refile.form);
  router.post('/plan-notifications/:id/refile', filer, newFiling, refile.submit);
  officeStaffRoutes(router, services, '/office/staff', [requireOfficeAdmin(services)]);
  return router;
}
