/**
 * One 居宅届 as the 給付係 reviews it (/plan-notifications/:id): every round, notices, and the 審査開始, 受理 and
 * 返戻 forms, whose fields and bounds come from the action table. A rejected form comes back by post/redirect/get.
 */
import type { Request, Response } from 'express';
import { PLAN_ACTIONS } from '../../../../domain/plan-notification/actions';
import { actionFormSchema } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import { sendNoticeDocument } from '../../../notice-document';
import type { Services } from '../../../services';

/** The 給付係's actions on this page, each with its form schema and what it tells the user afterwards. */
const REVIEW_ACTIONS = {
  review: { schema: actionFormSchema(PLAN_ACTIONS.review.fields), flash: null },
  accept: {
    schema: actionFormSchema(PLAN_ACTIONS.accept.fields),
    flash: '居宅届を受理しました。受理通知を発行し、被保険者証と担当事業所に反映します',
  },
  return: {
    schema: actionFormSchema(PLAN_ACTIONS.return.fields),
    flash: '居宅届を返戻しました。事業所に返戻通知を送ります',
  },
} as const;

/** The kinds the review page posts. */
export type ReviewActionKind = keyof typeof REVIEW_ACTIONS;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function reviewPlanDetailHandlers(services: Services) {
  const plans = () => services.planNotification;
  const detailPath = (req: Request, filingNo: string) => `${req.baseUrl}/plan-notifications/${filingNo}`;

  return {
    show: async (req: Request, res: Response) => {
      const plan = await plans().detail(actorOf(req), String(req.params.id));
      const kept = takeKeptForm(req);
      res.render('caseworker/plan-detail', {
        title: `居宅届 ${plan.filingNo}`,
        base: req.baseUrl,
        plan,
        actions: PLAN_ACTIONS,
        requestId: plans().newRequestId(),
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        values: kept?.values ?? {},
      });
    },

    notice: async (req: Request, res: Response) => {
      sendNoticeDocument(res, await plans().noticeHtml(actorOf(req), String(req.params.id), String(req.params.key)));
    },

    /** POST /plan-notifications/:id/<kind>: the Update, an audit record, then back to the page. */
    act: (kind: ReviewActionKind) => async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const filingNo = String(req.params.id);
      const { schema, flash } = REVIEW_ACTIONS[kind];
      try {
        const form = parseForm(schema, req.body) as Record<string, unknown> & { requestId: string };
        const snapshot =
          kind === 'review'
            ? await plans().review(actor, filingNo, form.requestId)
            : kind === 'accept'
              ? await plans().accept(actor, filingNo, form.requestId, text(form.note))
              : await plans().returnFiling(actor, filingNo, form.requestId, text(form.reason) ?? '');
        const detail =
          kind === 'review'
            ? { filingNo }
            : kind === 'accept'
              ? { filingNo, round: snapshot.rounds.length, notifiedOn: snapshot.notifiedOn }
              : { filingNo, round: snapshot.rounds.length, reason: form.reason };
        await services.audit.record({
          actor,
          action: `plan.${kind}`,
          target: `case:${snapshot.workflowId}`,
          detail,
          ip: req.ip,
        });
        if (flash) req.session.flash = flash;
        res.redirect(detailPath(req, filingNo));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, detailPath(req, filingNo), err.errors);
      }
    },
  };
}
