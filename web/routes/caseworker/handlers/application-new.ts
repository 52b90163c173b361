/**
 * 認定申請受付 (/applications/new, the municipal counter): the intake form, whose schema is the intake field table
 * (../application-form.ts); a rejected form comes back with its messages and the typed values (post/redirect/get).
 */
import type { Request, Response } from 'express';
import type { Services } from '../../../services';
import { newApplicationNo } from '../application-form';
import { renderApplicationForm, stripCsrf, submitApplication } from '../applications';

const TITLE = '要介護認定申請の受付';
const PATH = '/applications/new';
const VIEW = 'caseworker/application-new';

export function applicationNewHandlers(services: Services) {
  return {
    show: (_req: Request, res: Response) =>
      renderApplicationForm(res, VIEW, 200, {
        title: TITLE,
        action: PATH,
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
        action: PATH,
        body: stripCsrf(req.body),
        caseUrl: (id) => `/cases/${encodeURIComponent(id)}`,
      }),
  };
}
