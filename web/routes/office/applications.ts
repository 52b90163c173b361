/**
 * 認定申請（代行） (/office/applications/new): a care office files on the person's behalf; 代行 and the office number
 * come from the session. A rejected form comes back by post/redirect/get (web/form-state) with its input and errors.
 */
import type { Request, Response } from 'express';
import type { FieldError } from '../../errors';
import { takeKeptForm } from '../../form-state';
import { errorMap } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { applicationFormOptions, newApplicationNo } from '../caseworker/application-form';
import { submitApplication } from '../caseworker/applications';
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
      const officeNo = officeNoOf(req);
      // The office can only file as itself: 代行 with its own 事業所番号, whatever the form says. Any consent it
      // declares is 事業所による代理取得 by this office (never the city's); the intake records it only when
      // domain/registration/rules.ts officeMayRecordConsent allows (registration held, a grant, no earlier withdrawal).
      const body: Record<string, unknown> = {
        ...req.body,
        applicantKind: 'office_proxy',
        applicantOfficeNo: officeNo,
        consentChannel: 'office_proxy',
        consentOfficeNo: officeNo,
      };
      req.body = body;
      await submitApplication(services, req, res, {
        action: PATH,
        body,
        caseUrl: (workflowId) => `/office/cases/${encodeURIComponent(workflowId)}`,
        mayTellNotes: (insuredNo) => services.office.mayViewPerson(officeNo, insuredNo, services.today()),
      });
    },
  };
}
