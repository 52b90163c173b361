/**
 * 暫定利用の登録 by a care office (POST /office/cases/:workflowId/interim): the office's own use (its number from the
 * session), on a case it filed or for a person it filed a 居宅届 for (web/services/interim.ts); any other case is
 * "not found". The fields and messages are the action table's (domain/certification/actions recordInterimUse).
 */
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CERTIFICATION_ACTIONS } from '../../../domain/certification/actions';
import { tableSchema } from '../../action-form';
import { ConflictError, type FieldError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import type { InterimUseForm } from '../../services/interim';
import { actionForm, type ActionFormView } from '../caseworker/case-actions';
import { officeNoOf } from './office-of';

const SPEC = CERTIFICATION_ACTIONS.recordInterimUse;
/** The office's form has no office field: the office is the session's. */
const OFFICE_FIELDS = SPEC.fields.filter((f) => f.name !== 'officeNo');
const schema = tableSchema(OFFICE_FIELDS);

const casePath = (workflowId: string) => `/office/cases/${encodeURIComponent(workflowId)}`;

/** The form on the office's case page, or null when the office may not record interim use on this case. */
export async function officeInterimForm(
  services: Services,
  req: Request,
  workflowId: string,
  caseOpen: boolean,
): Promise<(ActionFormView & { formAction: string; message: string | null }) | null> {
  const actor = actorOf(req);
  if (!caseOpen || !(await services.interim.officeMayRecord(actor.insurerNo, officeNoOf(req), workflowId))) return null;
  const kept = takeKeptForm(req);
  const form = actionForm(
    'recordInterimUse',
    randomUUID,
    kept ? { values: kept.values, errors: errorMap(kept.errors) } : undefined,
  );
  return {
    ...form,
    fields: form.fields.filter((f) => f.name !== 'officeNo'),
    formAction: `${casePath(workflowId)}/interim`,
    message: kept ? kept.errors.map((e) => e.message).join(' / ') : null,
  };
}

export function officeInterimHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const officeNo = officeNoOf(req);
    const workflowId = String(req.params.workflowId);
    const values = { ...(req.body as Record<string, unknown>) };
    delete values._csrf;
    const requestId =
      typeof values.requestId === 'string' && /^[0-9a-f-]{36}$/.test(values.requestId) ? values.requestId : null;
    if (!requestId) throw new ConflictError('画面を開き直してから操作してください');
    delete values.requestId;
    const back = (errors: FieldError[]) => redirectWithErrors(req, res, casePath(workflowId), errors);
    try {
      const parsed = parseForm(schema, values) as unknown as InterimUseForm;
      await services.interim.recordByOffice(actor, officeNo, workflowId, parsed, requestId);
    } catch (err) {
      if (err instanceof ValidationError) return back(err.errors);
      if (err instanceof ConflictError) return back([{ field: '', message: err.message }]);
      throw err;
    }
    await services.audit.record({
      actor,
      action: 'case.recordInterimUse',
      target: `case:${workflowId}`,
      detail: { officeNo, requestId },
      ip: req.ip,
    });
    req.session.flash = `「${SPEC.label}」を登録しました`;
    res.redirect(casePath(workflowId));
  };
}
