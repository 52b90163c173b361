/**
 * 主治医意見書 (/cases/:workflowId/opinion): the record as submitted or keyed in, 確認（受領） and 差し戻し, and the paper
 * (or brought) opinion keyed in on the same page. Rejected forms come back by post/redirect/get; JSON clients get 4xx.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { can } from '../../../../domain/access';
import { valuesFromBody } from '../../../../domain/documents/items';
import { requestIdField } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { RETURN_REASON_MAX } from '../../../services/opinion';
import { opinionErrorsForSummary, opinionFormView, opinionRecordView } from '../../../views/opinion';

const SOURCE_LABELS: Record<string, string> = {
  online: '医療機関から電子提出',
  paper: '紙の意見書を入力',
  intake: '申請時に申請者が持参',
};
const STATUS_LABELS: Record<string, string> = {
  requested: '依頼済み（医療機関の作成待ち）',
  submitted: '医療機関から提出済み（確認待ち）',
  returned: '差し戻し中（医療機関の修正待ち）',
  received: '受領済み',
};
const SAVED: Record<string, string> = {
  draft: '下書きを保存しました',
  complete: '意見書の入力を完了しました。内容を確かめて「確認（受領）」してください',
  checked: '意見書を確認し、受領しました（督促は止まります）',
  returned: '医療機関に差し戻しました',
};

const returnSchema = z.object({
  reason: z
    .string({ error: '差し戻しの理由を入力してください' })
    .max(RETURN_REASON_MAX, `差し戻しの理由は${RETURN_REASON_MAX}文字以内で入力してください`),
});
const checkSchema = z.object({ requestId: requestIdField });

const wantsJson = (req: Request) => req.is('application/json') === 'application/json';

export function opinionHandlers(services: Services) {
  const pathOf = (req: Request) => `/cases/${encodeURIComponent(String(req.params.workflowId))}/opinion`;
  /** Runs a POST; a ValidationError goes back to the page with the typed values (or 400 for JSON). */
  const post = (run: (req: Request) => Promise<string>) => async (req: Request, res: Response) => {
    try {
      const saved = await run(req);
      if (wantsJson(req)) return res.json({ ok: true, saved });
      res.redirect(303, `${pathOf(req)}?saved=${saved}`);
    } catch (err) {
      if (err instanceof ValidationError && !wantsJson(req))
        return redirectWithErrors(req, res, pathOf(req), err.errors);
      throw err;
    }
  };

  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const p = await services.opinions.page(actor, workflowId);
      await services.audit.record({ actor, action: 'opinion.view', target: `case:${workflowId}`, ip: req.ip });
      const kept = takeKeptForm(req);
      const keyingIn = kept != null && kept.values.intent != null;
      const errors = kept ? errorMap(kept.errors.filter((e) => e.field)) : {};
      const mayRecord = can(actor.role, 'opinion.record');
      res.render('caseworker/opinion', {
        title: `主治医意見書 ${p.c.application_no ?? workflowId}`,
        c: p.c,
        request: p.request,
        requestStatus: p.request ? STATUS_LABELS[p.request.status] : null,
        doc: p.doc,
        sourceLabel: p.doc?.source ? SOURCE_LABELS[p.doc.source] : null,
        brought: p.brought,
        receivedOn: p.receivedOn,
        formLabel: p.version.label,
        saved: SAVED[String(req.query.saved ?? '')] ?? null,
        errors: kept ? opinionErrorsForSummary(p.version.form, kept.errors) : null,
        reasonValue: kept?.values.reason ?? '',
        reasonError: errors.reason,
        record:
          p.doc && (p.doc.status === 'completed' || p.doc.source === 'online')
            ? opinionRecordView(p.version.form, p.values)
            : null,
        checkable: mayRecord && p.checkable,
        returnable: mayRecord && p.returnable,
        keyable: mayRecord && p.keyable,
        sections:
          mayRecord && p.keyable
            ? opinionFormView(p.version.form, p.values, keyingIn ? kept!.values : null, errors)
            : null,
        requestId: randomUUID(),
      });
    },

    keyIn: post(async (req) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const body = parseForm(z.record(z.string(), z.unknown()), req.body ?? {}) as Record<string, unknown>;
      const complete = body.intent === 'complete';
      const { version } = await services.opinions.page(actor, workflowId);
      await services.opinions.keyIn(actor, workflowId, valuesFromBody(version.form, body), complete, req.ip);
      return complete ? 'complete' : 'draft';
    }),

    check: post(async (req) => {
      const { requestId } = parseForm(checkSchema, req.body);
      await services.opinions.check(actorOf(req), String(req.params.workflowId), requestId, req.ip);
      return 'checked';
    }),

    returnToDoctor: post(async (req) => {
      const { reason } = parseForm(returnSchema, req.body);
      await services.opinions.returnToDoctor(actorOf(req), String(req.params.workflowId), reason, req.ip);
      return 'returned';
    }),
  };
}
