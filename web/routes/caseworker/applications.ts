/**
 * The intake form's page and submission, shared by the municipal counter (handlers/application-new.ts) and the care
 * office's 代行申請: render the form (taking back a rejected POST's input and errors), and submit it to
 * CertificationService.receiveApplication, sending a rejected form back to its page by post/redirect/get.
 */
import type { Request, Response } from 'express';
import { ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { applicationFormOptions, applicationSchema, formField, toIntakeRequest } from './application-form';

/** Renders the intake form (view under templates/pages): the given values, or those of the POST just rejected. */
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
  const kept = takeKeptForm(res.req);
  if (kept) data = { ...data, values: kept.values, errors: kept.errors };
  const errors = data.errors ?? [];
  res.status(status).render(view, {
    ...data,
    errors,
    err: Object.fromEntries(errors.map((e) => [e.field, e.message])),
    options: applicationFormOptions(data.values),
  });
}

/** Submits the form: on success to the case page; on any validation error back to the form (opts.action). */
export async function submitApplication(
  services: Services,
  req: Request,
  res: Response,
  opts: {
    /** The form's page (its GET and POST path). */
    action: string;
    body: Record<string, unknown>;
    caseUrl: (workflowId: string) => string;
    /**
     * Whether the filer may be told what the intake found (its notes: 新規として受付, 空白期間…). A care office that may
     * not see the person is answered the 申請番号 only: the notes would tell it whether the person is certified.
     */
    mayTellNotes?: (insuredNo: string) => Promise<boolean>;
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
    const tell = opts.mayTellNotes ? await opts.mayTellNotes(String(form.insuredNo)) : true;
    const notes = tell && result.notes.length ? `（${result.notes.join('／')}）` : '';
    req.session.flash = `申請を受け付けました。申請番号 ${result.applicationNo}${notes}`;
    res.redirect(opts.caseUrl(result.workflowId));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors = err.errors.map((e) => ({ field: formField(e.field), message: e.message }));
    // A refused 代行申請 is on record (who tried which number), as every office probe should be.
    if (actor.role === 'office_staff')
      await services.audit.record({
        actor,
        action: 'application.refused',
        target: `office:${actor.officeNo}`,
        detail: { insuredNo: String(values.insuredNo ?? '').slice(0, 20), fields: errors.map((e) => e.field) },
        ip: req.ip,
      });
    redirectWithErrors(req, res, opts.action, errors);
  }
}

export function stripCsrf(body: unknown): Record<string, unknown> {
  const values = { ...((body ?? {}) as Record<string, unknown>) };
  delete values._csrf;
  return values;
}
