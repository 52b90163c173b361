import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireMunicipal } from '../../middleware/auth';
import { applicationHandlers } from './applications';
import { caseHandlers } from './cases';
import { inboxHandlers } from './inbox';
import { personHandlers } from './persons';
import { reviewPlanDetailHandlers } from './plan-notifications/detail';
import { planQueueHandler } from './plan-notifications/queue';

/** Municipal caseworker pages: inbox, cases, persons, intake, 居宅届の審査. */
export function caseworkerRoutes(services: Services): Router {
  const router = Router();
  const inbox = inboxHandlers(services);
  const cases = caseHandlers(services);
  const persons = personHandlers(services);
  const applications = applicationHandlers(services);
  const plan = reviewPlanDetailHandlers(services);
  const municipal = [requireMunicipal, requireAction('case.view_all')];
  const reviewer = requireAction('plan.review');

  router.get('/tasks', municipal, inbox.list);
  router.post('/tasks/:id/claim', municipal, inbox.claim);
  router.post('/tasks/:id/release', municipal, inbox.release);

  router.get('/cases', municipal, cases.list);
  router.get('/cases/:workflowId', municipal, cases.detail);
  router.post('/cases/:workflowId/actions/:kind', municipal, cases.act);
  router.get('/notices/:id', municipal, cases.notice);

  router.get('/persons', municipal, persons.list);
  router.get('/persons/:insuredNo', municipal, persons.detail);
  router.post(
    '/persons/:insuredNo/consent/revoke',
    municipal,
    requireAction('certification.intake'),
    persons.revokeConsent,
  );

  router.get('/applications/new', municipal, requireAction('certification.intake'), applications.form);
  router.post('/applications/new', municipal, requireAction('certification.intake'), applications.submit);

  router.get('/plan-notifications', reviewer, planQueueHandler(services));
  router.get('/plan-notifications/:id', reviewer, plan.show);
  router.get('/plan-notifications/:id/notices/:key', reviewer, plan.notice);
  router.post('/plan-notifications/:id/review', reviewer, plan.act('review'));
  router.post('/plan-notifications/:id/accept', reviewer, plan.act('accept'));
  router.post('/plan-notifications/:id/return', reviewer, plan.act('return'));
  return router;
}
