/** 認定申請（代行）: a care office files on the person's behalf; 代行 and the office number come from the session. */
import type { Request, Response } from 'express';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { newApplicationNo } from '../caseworker/application-form';
import { renderApplicationForm, stripCsrf, submitApplication } from '../caseworker/applications';

const TITLE = '要介護認定申請（代行）';

export function officeApplicationHandlers(services: Services) {
  return {
    form: (req: Request, res: Response) => {
      const actor = actorOf(req);
      renderApplicationForm(res, 'office/application-new', 200, {
        title: TITLE,
        action: '/office/applications/new',
        officeNo: actor.officeNo,
        values: {
          applicationNo: newApplicationNo(services.today()),
          appliedOn: services.today(),
          applicantName: actor.displayName,
          identityCheckMethod: '代行事業所による確認',
          residenceKind: 'home',
          consentChannel: 'office_proxy',
        },
      });
    },
    submit: (req: Request, res: Response) => {
      const actor = actorOf(req);
      const body = stripCsrf(req.body);
      // The office can only file as itself: 代行 with its own 事業所番号, whatever the form says.
      Object.assign(body, { applicantKind: 'office_proxy', applicantOfficeNo: actor.officeNo });
      if (body.consentChannel === 'office_proxy') body.consentOfficeNo = actor.officeNo;
      return submitApplication(services, req, res, {
        view: 'office/application-new',
        title: TITLE,
        action: '/office/applications/new',
        body,
        caseUrl: (id) => `/office/cases/${encodeURIComponent(id)}`,
      });
    },
  };
}
