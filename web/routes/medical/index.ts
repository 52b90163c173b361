/**
 * 医療機関 pages (mounted at /medical): the inbox of open 意見書依頼, one request's opinion written online (draft,
 * submit), the person's data the medical scope allows, and the institution's own staff. Every lookup is by the
 * session's institution (web/services/medical).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { valuesFromBody } from '../../../domain/documents/items';
import { ForbiddenError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { requireAction, actorOf } from '../../middleware/auth';
import { requireOfficeAdmin } from '../../middleware/account';
import type { Services } from '../../services';
import { opinionErrorsForSummary, opinionFormView, opinionRecordView } from '../../views/opinion';
import { personView } from '../../views/person';
import { officeStaffRoutes } from '../admin';

const REQUEST_STATUS_LABELS: Record<string, string> = {
  requested: '未提出',
  submitted: '提出済み（市の確認待ち）',
  returned: '差し戻し（修正して再提出）',
  received: '受領済み',
};

function requireInstitution(req: Request, _res: Response, next: NextFunction): void {
  const actor = req.session?.actor;
  if (actor?.role === 'doctor' && actor.officeNo) return next();
  next(new ForbiddenError('医療機関の職員のみ利用できます'));
}

const wantsJson = (req: Request) => req.is('application/json') === 'application/json';
const idOf = (req: Request) => (/^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : -1);

export function medicalRoutes(services: Services): Router {
  const router = Router();
  router.use(requireInstitution, requireAction('opinion.requests'));

  router.get('/', async (req, res) => {
    const rows = await services.medical.inbox(actorOf(req));
    res.render('medical/inbox', {
      title: '主治医意見書依頼',
      requests: rows.map((r) => ({ ...r, statusLabel: REQUEST_STATUS_LABELS[r.status] ?? r.status })),
    });
  });

  router.get('/requests/:id', async (req, res) => {
    const actor = actorOf(req);
    const { row, version, values, editable, doc } = await services.medical.request(actor, idOf(req));
    await services.audit.record({
      actor,
      action: 'opinion.view',
      target: `case:${row.workflow_id}`,
      detail: { requestId: row.id },
      ip: req.ip,
    });
    const kept = takeKeptForm(req);
    const errors = kept ? errorMap(kept.errors.filter((e) => e.field)) : {};
    res.render('medical/request', {
      title: `主治医意見書 ${row.person_name} 様`,
      row,
      statusLabel: REQUEST_STATUS_LABELS[row.status] ?? row.status,
      formLabel: version.label,
      editable,
      saved:
        req.query.saved === 'draft' ? '下書きを保存しました' : req.query.saved === 'submitted' ? '提出しました' : null,
      errors: kept ? opinionErrorsForSummary(version.form, kept.errors) : null,
      sections: editable ? opinionFormView(version.form, values, kept?.values ?? null, errors) : null,
      record: !editable && doc ? opinionRecordView(version.form, values) : null,
    });
  });

  router.post('/requests/:id', async (req, res) => {
    const actor = actorOf(req);
    const id = idOf(req);
    const path = `/medical/requests/${id}`;
    const body = parseForm(z.record(z.string(), z.unknown()), req.body ?? {}) as Record<string, unknown>;
    const submit = body.intent === 'submit';
    const { version } = await services.medical.request(actor, id);
    try {
      await services.medical.write(actor, id, valuesFromBody(version.form, body), submit, req.ip);
    } catch (err) {
      if (err instanceof ValidationError && !wantsJson(req)) return redirectWithErrors(req, res, path, err.errors);
      throw err;
    }
    if (wantsJson(req)) return res.json({ ok: true, status: submit ? 'submitted' : 'draft' });
    res.redirect(303, `${path}?saved=${submit ? 'submitted' : 'draft'}`);
  });

  router.get('/persons/:insuredNo', async (req, res) => {
    const actor = actorOf(req);
    const on = services.today();
    const { person, scope, settings } = await services.medical.person(actor, String(req.params.insuredNo), on, req.ip);
    const view = settings
      ? personView(person, { usages: [], consent: null, assignments: [], settings, today: on })
      : null;
    res.render('medical/person', {
      title: `${person.name} 様`,
      person,
      card: {
        level: person.care_level,
        certifiedOn: person.certified_on,
        validFrom: person.cert_valid_from,
        validTo: person.cert_valid_to,
      },
      copay: scope.copayAndBurdenLimit ? view?.copay : null,
      burdenLimit: scope.copayAndBurdenLimit ? view?.burdenLimit : null,
      showCopay: scope.copayAndBurdenLimit,
    });
  });

  officeStaffRoutes(router, services, '/medical/staff', [requireOfficeAdmin(services)]);
  return router;
}
