import { Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireMunicipal } from '../../middleware/auth';
import { applicationNewHandlers } from './handlers/application-new';
import { caseHandlers } from './handlers/case';
import { surveyHandlers } from './documents/survey';
import { surveyCorrectionHandlers } from './documents/survey-correction';
import { caseDocumentsHandler } from './documents/documents';
import { disclosureHandlers } from './disclosures';
import { casesHandler } from './handlers/cases';
import { inboxHandlers } from './handlers/inbox';
import { opinionHandlers } from './handlers/opinion';
import { personHandlers } from './handlers/person';
import { personsHandler } from './handlers/persons';
import { reviewPlanDetailHandlers } from './plan-notifications/detail';
import { planQueueHandler } from './plan-notifications/queue';
import { registrationReviewHandlers } from './registrations';
import { certificateHandlers } from './register/certificate';
import { importHandlers } from './register/imports';
import { cardHandlers } from './register/card';
import { lossHandlers } from './register/loss';
import { restrictionHandlers } from './register/restriction';
import { kokuhorenHandlers } from './kokuhoren';
import { registerPageHandler } from './register/page';
import { usageHandlers } from './register/usage';

/** Municipal caseworker pages: inbox, cases, persons, intake, 居宅届の審査; one line per route, a handler file per page. */
export function caseworkerRoutes(services: Services): Router {
  const router = Router();
  const inbox = inboxHandlers(services);
  const kase = caseHandlers(services);
  const person = personHandlers(services);
  const intake = applicationNewHandlers(services);
  const plan = reviewPlanDetailHandlers(services);
  const municipal = [requireMunicipal, requireAction('case.view_all')];
  const intakeRole = [...municipal, requireAction('certification.intake')];
  const reviewer = requireAction('plan.review');
  const registrations = registrationReviewHandlers(services);
  const registrationReviewer = [requireMunicipal, requireAction('registration.review')];
  const registrar = [...municipal, requireAction('register.edit')];
  const certificate = certificateHandlers(services);
  const usage = usageHandlers(services);
  const imports = importHandlers(services);
  const loss = lossHandlers(services);
  const card = cardHandlers(services);
  const restriction = restrictionHandlers(services);
  const kokuhoren = kokuhorenHandlers(services);
  const exporter = [...municipal, requireAction('kokuhoren.export')];
  const survey = surveyHandlers(services);
  const surveyor = [...municipal, requireAction('survey.record')];
  const correction = surveyCorrectionHandlers(services);
  const disclosures = disclosureHandlers(services);
  const discloser = [...municipal, requireAction('certification.intake'), requireAction('opinion.medical')];
  const opinion = opinionHandlers(services);
  const opinionReader = [...municipal, requireAction('opinion.medical')];
  const opinionRecorder = [...opinionReader, requireAction('opinion.record')];

  router.get('/tasks', municipal, inbox.list);
  router.post('/tasks/:id/claim', municipal, inbox.claim);
  router.post('/tasks/:id/release', municipal, inbox.release);

  router.get('/cases', municipal, casesHandler(services));
  router.get('/cases/:workflowId', municipal, kase.show);
  router.post('/cases/:workflowId/actions/:kind', municipal, kase.act);
  router.get('/cases/:workflowId/opinion', opinionReader, opinion.show);
  router.post('/cases/:workflowId/opinion', opinionRecorder, opinion.keyIn);
  router.post('/cases/:workflowId/opinion/check', opinionRecorder, opinion.check);
  router.post('/cases/:workflowId/opinion/return', opinionRecorder, opinion.returnToDoctor);
  router.get('/notices/:id', municipal, kase.notice);
  router.get('/cases/:workflowId/survey', surveyor, survey.show);
  router.post('/cases/:workflowId/survey', surveyor, survey.submit);
  // 訂正: the 認定係, or the surveyor before the 一次判定 (the service checks which)
  router.get('/cases/:workflowId/survey/corrections/:itemKey', municipal, correction.show);
  router.post('/cases/:workflowId/survey/corrections/:itemKey', municipal, correction.submit);
  router.get('/cases/:workflowId/documents', municipal, caseDocumentsHandler(services));
  router.get('/disclosures', discloser, disclosures.list);
  router.post('/disclosures/:id/decide', discloser, disclosures.decide);
  router.get('/disclosures/:id/copy', discloser, disclosures.copy);

  router.get('/persons', municipal, personsHandler(services));
  router.get('/persons/:insuredNo', municipal, person.show);
  router.post('/persons/:insuredNo/consent/revoke', intakeRole, person.revokeConsent);
  router.post('/persons/:insuredNo/consent', registrationReviewer, registrations.recordConsent);
  router.get('/registrations', registrationReviewer, registrations.show);
  router.post('/registrations/:id/decide', registrationReviewer, registrations.decide);
  router.get('/persons/:insuredNo/register', municipal, registerPageHandler(services));
  router.get('/persons/:insuredNo/register/certificates/:kind', registrar, certificate.form);
  router.post('/persons/:insuredNo/register/certificates/:kind', registrar, certificate.submit);
  router.get('/persons/:insuredNo/register/usages/new', registrar, usage.form);
  router.post('/persons/:insuredNo/register/usages/new', registrar, usage.submit);
  router.get('/persons/:insuredNo/register/usages/:entryNo', registrar, usage.form);
  router.post('/persons/:insuredNo/register/usages/:entryNo', registrar, usage.submit);
  router.get('/persons/:insuredNo/register/card', municipal, card.show);
  router.post('/persons/:insuredNo/register/card/surrender', registrar, card.surrender);
  router.get('/persons/:insuredNo/register/loss', registrar, loss.form);
  router.post('/persons/:insuredNo/register/loss', registrar, loss.submit);
  router.get('/persons/:insuredNo/register/restrictions/new', registrar, restriction.form);
  router.post('/persons/:insuredNo/register/restrictions/new', registrar, restriction.submit);
  router.get('/persons/:insuredNo/register/restrictions/:id', registrar, restriction.form);
  router.post('/persons/:insuredNo/register/restrictions/:id', registrar, restriction.submit);
  router.get('/register/imports', municipal, imports.list);
  router.post('/register/imports', registrar, imports.upload);
  router.get('/register/imports/:id', municipal, imports.show);

  router.get('/kokuhoren', exporter, kokuhoren.list);
  router.post('/kokuhoren/export', exporter, kokuhoren.export);
  router.get('/kokuhoren/batches/:id', exporter, kokuhoren.download);

  router.get('/applications/new', intakeRole, intake.show);
  router.post('/applications/new', intakeRole, intake.submit);

  router.get('/plan-notifications', reviewer, planQueueHandler(services));
  router.get('/plan-notifications/:id', reviewer, plan.show);
  router.get('/plan-notifications/:id/notices/:key', reviewer, plan.notice);
  router.post('/plan-notifications/:id/review', reviewer, plan.act('review'));
  router.post('/plan-notifications/:id/accept', reviewer, plan.act('accept'));
  router.post('/plan-notifications/:id/return', reviewer, plan.act('return'));
  return router;
}
