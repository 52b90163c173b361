/**
 * One 居宅届 as its office sees it (/office/plan-notifications/:id): every round, its live version, notices, and 取下げ,
 * which asks for a reason on its own page first (…/withdraw) rather than acting on one click.
 */
import type { Request, Response } from 'express';
import { PLAN_ACTIONS } from '../../../../domain/plan-notification/actions';
import { actionFormSchema } from '../../../action-form';
import { ConflictError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import { sendNoticeDocument } from '../../../notice-document';
import type { Services } from '../../../services';

const withdrawSchema = actionFormSchema(PLAN_ACTIONS.withdraw.fields);

export function officePlanDetailHandlers(services: Services) {
  const plans = () => services.planNotification;
  return {
    show: async (req: Request, res: Response) => {
      const plan = await plans().detail(actorOf(req), String(req.params.id));
      res.render('office/plan-detail', { title: `居宅届 ${plan.filingNo}`, base: req.baseUrl, plan });
    },

    state: async (req: Request, res: Response) => {
      res.json(await plans().version(actorOf(req), String(req.params.id)));
    },

    notice: async (req: Request, res: Response) => {
      sendNoticeDocument(res, await plans().noticeHtml(actorOf(req), String(req.params.id), String(req.params.key)));
    },

    /** 取下げの確認: the filing, what withdrawing means, and the reason to give. */
    withdrawForm: async (req: Request, res: Response) => {
      const plan = await plans().detail(actorOf(req), String(req.params.id));
      if (!plan.canWithdraw) return res.redirect(`${req.baseUrl}/plan-notifications/${plan.filingNo}`);
      const kept = takeKeptForm(req);
      res.render('office/plan-withdraw', {
        title: `居宅届 ${plan.filingNo} の取下げ`,
        base: req.baseUrl,
        plan,
        values: kept?.values ?? {},
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        limits: PLAN_ACTIONS.withdraw.fields,
        requestId: plans().newRequestId(),
      });
    },

    withdraw: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const filingNo = String(req.params.id);
      const path = `${req.baseUrl}/plan-notifications/${filingNo}/withdraw`;
      try {
        const form = parseForm(withdrawSchema, req.body);
        const snapshot = await plans().withdraw(actor, filingNo, form.requestId, form.reason);
        await services.audit.record({
          actor,
          action: 'plan.withdraw',
          target: `case:${snapshot.workflowId}`,
          detail: { filingNo, reason: form.reason },
          ip: req.ip,
        });
        req.session.flash = '居宅届を取り下げました';
        res.redirect(`${req.baseUrl}/plan-notifications/${filingNo}`);
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, path, err.errors);
        if (err instanceof ConflictError)
          return redirectWithErrors(req, res, path, [{ field: 'reason', message: err.message }]);
        throw err;
      }
    },
  };
}
