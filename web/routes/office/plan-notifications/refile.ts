/** 修正・再提出 after 返戻 (/office/plan-notifications/:id/refile): the form prefilled with the returned round. */
import type { Request, Response } from 'express';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { planFilingSchema, renderFilingForm, toFiling, toValues, withGroups } from './filing-form';

export function refilePlanHandlers(services: Services) {
  const plans = () => services.planNotification;
  return {
    form: async (req: Request, res: Response) => {
      const plan = await plans().detail(actorOf(req), String(req.params.id));
      if (!plan.canRefile || !plan.current) return res.redirect(`${req.baseUrl}/plan-notifications/${plan.filingNo}`);
      const kept = takeKeptForm(req);
      await renderFilingForm(services, req, res, {
        // The 被保険者番号 cannot change on a refile: the kept input shows the filing's own.
        values: kept
          ? { ...kept.values, person: { ...(kept.values.person as object), insuredNo: plan.insuredNo } }
          : toValues(plan.current.filing),
        errors: kept?.errors,
        filingNo: plan.filingNo,
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const filingNo = String(req.params.id);
      const plan = await plans().detail(actor, filingNo);
      try {
        const body = { ...req.body, person: { ...req.body?.person, insuredNo: plan.insuredNo } };
        const form = parseForm(planFilingSchema, withGroups(body));
        const snapshot = await plans().refile(actor, filingNo, form.requestId, toFiling(form));
        await services.audit.record({
          actor,
          action: 'plan.refile',
          target: `case:${snapshot.workflowId}`,
          detail: { filingNo, round: snapshot.rounds.length },
          ip: req.ip,
        });
        req.session.flash = '修正した居宅届を再提出しました';
        res.redirect(`${req.baseUrl}/plan-notifications/${filingNo}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, `${req.baseUrl}/plan-notifications/${filingNo}/refile`, err.errors);
      }
    },
  };
}
