/**
 * 認定取消 (/persons/:insuredNo/certification-cancellation): the 認定係 enters the 申出日 and the reason, sees a preview
 * (the certification that ends and its new last day, a next one that becomes void), confirms; a refusal (expired,
 * 更新・区分変更の申請中, …) comes back as a form error. The 認定取消通知書 is then printable from the person's page.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { dateField, requestIdField, textField } from '../../action-form';
import { NotFoundError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import { sendNoticeDocument } from '../../notice-document';
import type { Services } from '../../services';

const REASON = { label: '取消の理由（申出の内容）', required: true, max: 200 } as const;

/** The form: 申出日 and reason. */
export const cancellationSchema = z.object({ requestedOn: dateField('申出日'), reason: textField(REASON) });
/** The confirmation: the previewed values and the form's request ID. */
export const confirmSchema = cancellationSchema.extend({ requestId: requestIdField });

const base = (insuredNo: string) => `/persons/${encodeURIComponent(insuredNo)}`;
const formPath = (insuredNo: string) => `${base(insuredNo)}/certification-cancellation`;

export function certificationCancellationHandlers(services: Services) {
  const cancellations = services.certificationCancellation;

  const render = async (req: Request, res: Response, extra: Record<string, unknown>) => {
    const insuredNo = String(req.params.insuredNo);
    const {
      person,
      shown,
      cancellations: earlier,
    } = await cancellations.page(actorOf(req), insuredNo, services.today());
    res.render('caseworker/certification-cancellation', {
      title: '認定取消の申出',
      person,
      card: shown.current,
      nextCard: shown.next,
      earlier,
      action: formPath(insuredNo),
      limits: { reason: REASON },
      ...extra,
    });
  };

  return {
    form: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      await render(req, res, {
        values: kept?.values ?? {},
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
      });
    },

    preview: async (req: Request, res: Response) => {
      const insuredNo = String(req.params.insuredNo);
      try {
        const form = parseForm(cancellationSchema, req.body);
        const { effect } = await cancellations.preview(actorOf(req), insuredNo, form, services.today());
        await render(req, res, {
          preview: { ...form, effect, requestId: cancellations.newRequestId() },
          values: form,
        });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, formPath(insuredNo), err.errors);
      }
    },

    confirm: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      let judged = false;
      try {
        const form = parseForm(confirmSchema, req.body);
        judged = true;
        const { row, created } = await cancellations.confirm(actor, insuredNo, form.requestId, form, services.today());
        await services.audit.record({
          actor,
          action: 'certification.cancel',
          target: `person:${insuredNo}`,
          detail: { id: row.id, requestedOn: row.requested_on, validToAfter: row.valid_to_after, created },
          ip: req.ip,
        });
        req.session.flash = created
          ? '認定を取り消しました。認定取消通知書を印刷して送付してください'
          : 'この申出は記録済みです（変更はありません）';
        res.redirect(303, base(insuredNo));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // a refusal of the 取消 itself is kept (who asked for what); a form typed wrong is not
        if (judged)
          await services.audit.record({
            actor,
            action: 'certification.cancel_refused',
            target: `person:${insuredNo}`,
            detail: { errors: err.errors.map((e) => e.message) },
            ip: req.ip,
          });
        redirectWithErrors(req, res, formPath(insuredNo), err.errors);
      }
    },

    notice: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const raw = String(req.params.id);
      if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new NotFoundError('通知書が見つかりません');
      const html = await cancellations.notice(actor, insuredNo, Number(raw));
      await services.audit.record({
        actor,
        action: 'certification.cancel_notice',
        target: `person:${insuredNo}`,
        detail: { id: Number(raw) },
        ip: req.ip,
      });
      sendNoticeDocument(res, html);
    },
  };
}
