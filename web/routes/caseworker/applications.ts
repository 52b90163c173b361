/** 認定申請受付 (municipal counter): GET the form, POST it to CertificationService.receiveApplication. */
import type { Request, Response } from 'express';
import { ValidationError } from '../../errors';
import { parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import {
  applicationFormOptions,
  applicationSchema,
  formField,
  newApplicationNo,
  toIntakeRequest,
} from './application-form';

/** Renders the intake form (view under templates/pages), keeping values and listing errors on failure. */
export function renderApplicationForm(
  res: Response,
  view: string,
  status: number,
  data: {
    title: string;
    action: string;
    values: Record<string, unknown>;
    errors?: { field: string; message: string }[];
    officeNo?: string | null;
  },
) {
  const errors = data.errors ?? [];
  res.status(status).render(view, {
    ...data,
    errors,
    err: Object.fromEntries(errors.map((e) => [e.field, e.message])),
    options: applicationFormOptions(data.values),
  });
}

/** Submits a parsed form; returns the redirect target, or renders the form again (400) on any validation error. */
export async function submitApplication(
  services: Services,
  req: Request,
  res: Response,
  opts: {
    view: string;
    title: string;
    action: string;
    body: Record<string, unknown>;
    caseUrl: (workflowId: string) => string;
  },
): Promise<void> {
  const actor = actorOf(req);
  const values = opts.body;
  try {
    const form = parseForm(applicationSchema, values);
    const result = await services.certification.receiveApplication(toIntakeRequest(form, actor), actor);
    await services.audit.record({
      actor,
      action: 'application.receive',
      target: `case:${result.workflowId}`,
      detail: { insuredNo: form.insuredNo, type: result.type, requestedType: form.requestedType },
      ip: req.ip,
    });
    // The next page is the case itself, read from the read model: show it once the case's first step is there.
    await services.certification.untilListed(result.workflowId);
    const notes = result.notes.length ? `（${result.notes.join('／')}）` : '';
    req.session.flash = `申請を受け付けました。申請番号 ${result.applicationNo}${notes}`;
    res.redirect(opts.caseUrl(result.workflowId));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors = err.errors.map((e) => ({ field: formField(e.field), message: e.message }));
    renderApplicationForm(res, opts.view, 400, {
      title: opts.title,
      action: opts.action,
      values,
      errors,
      officeNo: actor.officeNo,
    });
  }
}

export function applicationHandlers(services: Services) {
  const title = '要介護認定申請の受付';
  return {
    form: (_req: Request, res: Response) =>
      renderApplicationForm(res, 'caseworker/application-new', 200, {
        title,
        action: '/applications/new',
        values: {
          applicationNo: newApplicationNo(services.today()),
          appliedOn: services.today(),
          applicantKind: 'self',
          residenceKind: 'home',
          consentChannel: 'municipality',
        },
      }),
    submit: (req: Request, res: Response) =>
      submitApplication(services, req, res, {
        view: 'caseworker/application-new',
        title,
        action: '/applications/new',
        body: stripCsrf(req.body),
        caseUrl: (id) => `/cases/${encodeURIComponent(id)}`,
      }),
  };
}

export function stripCsrf(body: unknown): Record<string, unknown> {
  const values = { ...((body ?? {}) as Record<string, unknown>) };
  delete values._csrf;
  return values;
}
