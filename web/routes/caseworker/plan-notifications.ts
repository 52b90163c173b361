/** 居宅届 review for the 給付係: the queue, the detail with every round, 審査開始, 受理 and 返戻. */
import { Request, Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors';
import { errorMap, parseForm } from '../../forms';
import { actorOf, requireAction } from '../../middleware/auth';
import { sendNoticeDocument } from '../../notice-document';
import type { Services } from '../../services';

const requestId = z
  .string({ error: '画面を開き直してから操作してください' })
  .max(64, '画面を開き直してから操作してください');
const reviewSchema = z.object({ requestId });
const acceptSchema = z.object({
  requestId,
  note: z.string().max(500, '受理メモは500文字以内で入力してください').optional(),
});
const returnSchema = z.object({
  requestId,
  reason: z.string({ error: '返戻の理由を入力してください' }).max(1000, '返戻の理由は1000文字以内で入力してください'),
});

/** Mounted with the caseworker pages (root paths). */
export function planNotificationReviewRoutes(services: Services): Router {
  const router = Router();
  const guard = requireAction('plan.review');
  const plans = () => services.planNotification;
  const detailPath = (req: Request, filingNo: string) => `${req.baseUrl}/plan-notifications/${filingNo}`;

  router.get('/plan-notifications', guard, async (req, res) => {
    const queue = await plans().reviewQueue(actorOf(req));
    res.render('caseworker/plan-queue', { title: '居宅届の審査', base: req.baseUrl, ...queue });
  });

  /** The detail page's view model; with a rejected form, its errors and values. */
  const detailView = async (req: Request, form?: { errors: { field: string; message: string }[]; values: unknown }) => {
    const plan = await plans().detail(actorOf(req), String(req.params.id));
    return {
      title: `居宅届 ${plan.filingNo}`,
      base: req.baseUrl,
      plan,
      requestId: plans().newRequestId(),
      errors: form?.errors,
      fieldErrors: errorMap(form?.errors ?? []),
      values: form?.values ?? {},
    };
  };

  router.get('/plan-notifications/:id', guard, async (req, res) => {
    res.render('caseworker/plan-detail', await detailView(req));
  });

  router.get('/plan-notifications/:id/notices/:key', guard, async (req, res) => {
    sendNoticeDocument(res, await plans().noticeHtml(actorOf(req), String(req.params.id), String(req.params.key)));
  });

  router.post('/plan-notifications/:id/review', guard, async (req, res) => {
    const actor = actorOf(req);
    const filingNo = String(req.params.id);
    const form = parseForm(reviewSchema, req.body);
    const snapshot = await plans().review(actor, filingNo, form.requestId);
    await services.audit.record({
      actor,
      action: 'plan.review',
      target: `case:${snapshot.workflowId}`,
      detail: { filingNo },
      ip: req.ip,
    });
    res.redirect(detailPath(req, filingNo));
  });

  router.post('/plan-notifications/:id/accept', guard, async (req, res) => {
    const actor = actorOf(req);
    const filingNo = String(req.params.id);
    try {
      const form = parseForm(acceptSchema, req.body);
      const snapshot = await plans().accept(actor, filingNo, form.requestId, form.note ?? null);
      await services.audit.record({
        actor,
        action: 'plan.accept',
        target: `case:${snapshot.workflowId}`,
        detail: { filingNo, round: snapshot.rounds.length, notifiedOn: snapshot.notifiedOn },
        ip: req.ip,
      });
      req.session.flash = '居宅届を受理しました。受理通知を発行し、被保険者証と担当事業所に反映します';
      res.redirect(detailPath(req, filingNo));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render('caseworker/plan-detail', await detailView(req, { errors: err.errors, values: req.body }));
    }
  });

  router.post('/plan-notifications/:id/return', guard, async (req, res) => {
    const actor = actorOf(req);
    const filingNo = String(req.params.id);
    try {
      const form = parseForm(returnSchema, req.body);
      const snapshot = await plans().returnFiling(actor, filingNo, form.requestId, form.reason);
      await services.audit.record({
        actor,
        action: 'plan.return',
        target: `case:${snapshot.workflowId}`,
        detail: { filingNo, round: snapshot.rounds.length, reason: form.reason },
        ip: req.ip,
      });
      req.session.flash = '居宅届を返戻しました。事業所に返戻通知を送ります';
      res.redirect(detailPath(req, filingNo));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render('caseworker/plan-detail', await detailView(req, { errors: err.errors, values: req.body }));
    }
  });

  return router;
}
