/**
 * 認定申請（代行） (/office/applications/new): a care office files on the person's behalf; 代行 and the office number
 * come from the session. A rejected form comes back by post/redirect/get (web/form-state) with its input and errors.
 */
import type { Request, Response } from 'express';
import type { FieldError } from '../../errors';
import { ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import {
  applicationFormOptions,
  applicationSchema,
  formField,
  newApplicationNo,
  toIntakeRequest,
} from '../caseworker/application-form';
import { officeNoOf } from './office-of';

const TITLE = '要介護認定申請（代行）';
const PATH = '/office/applications/new';

function render(res: Response, officeNo: string, values: Record<string, unknown>, errors: FieldError[] = []) {
  res.render('office/application-new', {
    title: TITLE,
    action: PATH,
    officeNo,
    values,
    errors,
    err: errorMap(errors),
    options: applicationFormOptions(values),
  });
}

export function officeApplicationHandlers(services: Services) {
  return {
    form: (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const kept = takeKeptForm(req);
      if (kept) return render(res, officeNo, kept.values, kept.errors);
      render(res, officeNo, {
        applicationNo: newApplicationNo(services.today()),
        appliedOn: services.today(),
        applicantName: actorOf(req).displayName,
        identityCheckMethod: '代行事業所による確認',
        residenceKind: 'home',
        consentChannel: 'office_proxy',
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const officeNo = officeNoOf(req);
      // The office can only file as itself: 代行 with its own 事業所番号, whatever the form says.
      const body: Record<string, unknown> = { ...req.body, applicantKind: 'office_proxy', applicantOfficeNo: officeNo };
      if (body.consentChannel === 'office_proxy') body.consentOfficeNo = officeNo;
      req.body = body;
      try {
        const form = parseForm(applicationSchema, body);
        const result = await services.certification.receiveApplication(toIntakeRequest(form, actor), actor);
        await services.audit.record({
          actor,
          action: 'application.receive',
          target: `case:${result.workflowId}`,
          detail: { insuredNo: form.insuredNo, type: result.type, requestedType: form.requestedType },
          ip: req.ip,
        });
        // The next page reads the read model: show it once the case's first step is there.
        await services.certification.untilListed(result.workflowId);
        const notes = result.notes.length ? `（${result.notes.join('／')}）` : '';
        req.session.flash = `申請を受け付けました。申請番号 ${result.applicationNo}${notes}`;
        res.redirect(`/office/cases/${encodeURIComponent(result.workflowId)}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const errors = err.errors.map((e) => ({ field: formField(e.field), message: e.message }));
        redirectWithErrors(req, res, PATH, errors);
      }
    },
  };
}
