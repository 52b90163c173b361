/** One 居宅届 as its office sees it (/office/plan-notifications/:id): every round, its live version, notices, 取下げ. */
import type { Request, Response } from 'express';
import { PLAN_ACTIONS } from '../../../../domain/plan-notification/actions';
import { actionFormSchema } from '../../../action-form';
import { parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import { sendNoticeDocument } from '../../../notice-document';
import type { Services } from '../../../services';

const withdrawSchema = actionFormSchema(PLAN_ACTIONS.withdraw.fields);

export function officePlanDetailHandlers(services: Services) {
  const plans = () => services.planNotification;
  return {
    show: async (req: Request, res: Response) => {
      const plan = await plans().detail(actorOf(req), String(req.params.id));
      res.render('office/plan-detail', {
        title: `居宅届 ${plan.filingNo}`,
        base: req.baseUrl,
        plan,
        requestId: plans().newRequestId(),
      });
    },

    state: async (req: Request, res: Response) => {
      res.json(await plans().version(actorOf(req), String(req.params.id)));
    },

    notice: async (req: Request, res: Response) => {
      sendNoticeDocument(res, await plans().noticeHtml(actorOf(req), String(req.params.id), String(req.params.key)));
    },

    withdraw: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const filingNo = String(req.params.id);
      const form = parseForm(withdrawSchema, req.body);
      const reason = typeof form.reason === 'string' ? form.reason : null;
      const snapshot = await plans().withdraw(actor, filingNo, form.requestId, reason);
      await services.audit.record({
        actor,
        action: 'plan.withdraw',
        target: `case:${snapshot.workflowId}`,
        detail: { filingNo },
        ip: req.ip,
      });
      req.session.flash = '居宅届を取り下げました';
      res.redirect(`${req.baseUrl}/plan-notifications/${filingNo}`);
    },
  };
}
