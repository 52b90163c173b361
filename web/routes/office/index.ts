import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireOffice } from '../../middleware/auth';
import { officeApplicationHandlers } from './applications';
import { officePageHandlers } from './pages';
import { planNotificationOfficeRoutes } from './plan-notifications';

/** Care office pages (mounted at /office): own clients, applications on their behalf, 居宅届. Every query is scoped to the session's office. */
export function officeRoutes(services: Services): Router {
  const router = Router();
  const pages = officePageHandlers(services);
  const applications = officeApplicationHandlers(services);
  router.use(requireOffice);

  router.get('/', pages.home);
  router.get('/state', pages.state);
  router.get('/persons/:insuredNo', pages.person);
  router.get('/cases/:workflowId', pages.case);
  router.get('/tasks', pages.tasks);
  router.get('/applications/new', requireAction('certification.intake'), applications.form);
  router.post('/applications/new', requireAction('certification.intake'), applications.submit);

  // 居宅届 (written alongside, in plan-notifications.ts).
  router.use(planNotificationOfficeRoutes(services));
  return router;
}
