/** The 居宅届 form page (/office/plan-notifications/new): GET shows it (prefilled for ?insuredNo=), POST files it. */
import type { Request, Response } from 'express';
import { isInsuredNumber, normalizeDigits } from '../../../../domain/people/identifiers';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { PlanFilingRefused } from '../../../services/plan-notification';
import { planFilingSchema, renderFilingForm, toFiling, withGroups } from './filing-form';

export function newPlanHandlers(services: Services) {
  const plans = () => services.planNotification;
  return {
    form: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      if (kept) return renderFilingForm(services, req, res, kept);
      const actor = actorOf(req);
      const raw = typeof req.query.insuredNo === 'string' ? normalizeDigits(req.query.insuredNo.trim()) : '';
      const insuredNo = isInsuredNumber(raw) ? raw : '';
      const prefill = insuredNo ? await plans().prefill(actor, insuredNo, services.today()) : null;
      const values = {
        kind: prefill?.currentOfficeNo ? 'change' : 'new',
        person: prefill?.person ?? { insuredNo },
        change: { previousOfficeNo: prefill?.currentOfficeNo ?? '' },
        identity: { proxyAuthority: 'none', checkedBy: actor.displayName },
      };
      await renderFilingForm(services, req, res, { values });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      try {
        const form = parseForm(planFilingSchema, withGroups(req.body));
        const filing = toFiling(form);
        await plans().checkNewFiling(actor, {
          requestId: form.requestId,
          filing,
          today: services.today(),
          confirmDuplicate: form.confirmDuplicate === 'yes',
        });
        const snapshot = await plans().file(actor, form.requestId, filing);
        await services.audit.record({
          actor,
          action: 'plan.file',
          target: `case:${snapshot.workflowId}`,
          detail: { filingNo: snapshot.filingNo, insuredNo: form.person.insuredNo },
          ip: req.ip,
        });
        req.session.flash = `居宅届を提出しました（届出番号 ${snapshot.filingNo}）`;
        res.redirect(`${req.baseUrl}/plan-notifications/${snapshot.filingNo}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        if (err instanceof PlanFilingRefused)
          await services.audit.record({
            actor,
            action: 'plan.refused',
            target: null,
            detail: { fields: err.errors.map((e) => e.field) },
            ip: req.ip,
          });
        redirectWithErrors(req, res, `${req.baseUrl}/plan-notifications/new`, err.errors);
      }
    },
  };
}
