/**
 * 担当事業所登録の確認 (/registrations): the insurer's requests waiting for the city (before its 利用開始日), each
 * approved or returned (差し戻し, with a reason), and the log of every registration; and the city's 同意の記録 on a
 * person's page (/persons/:insuredNo/consent).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CONSENT_CHANNEL_LABELS } from '../../../domain/registration/rules';
import { dateField } from '../../action-form';
import { ConflictError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import type { RequestContext } from '../../services/registration';

const PATH = '/registrations';

const decideSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({
    decision: z.literal('return'),
    reason: z.string({ error: '差し戻しの理由を入力してください' }).max(200, '理由は200文字以内で入力してください'),
  }),
]);

const consentSchema = z.object({
  channel: z.enum(['application', 'renewal', 'counter'], { error: '同意の取得経路を選んでください' }),
  grantedOn: dateField('同意日'),
});

const STATUS_LABELS: Record<string, string> = {
  pending: '確認待ち',
  active: '登録中',
  returned: '差し戻し',
  ended: '終了',
};

function contextOf(services: Services, req: Request): RequestContext {
  return { actor: actorOf(req), ip: req.ip, now: new Date().toISOString(), today: services.today() };
}

const labelled = <R extends { status: string; method: string }>(r: R) => ({
  ...r,
  statusLabel: STATUS_LABELS[r.status] ?? r.status,
  methodLabel: r.method === 'my_number_card' ? 'マイナンバーカード' : '被保険者証',
});

export function registrationReviewHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      const { pending, log } = await services.registrations.forCity(actorOf(req));
      res.render('caseworker/registrations', {
        title: '担当事業所登録',
        pending: pending.map(labelled),
        log: log.map(labelled),
        errors: kept?.errors,
        err: errorMap(kept?.errors ?? []),
      });
    },

    decide: async (req: Request, res: Response) => {
      const id = Number(req.params.id);
      try {
        const form = parseForm(decideSchema, req.body);
        await services.registrations.decide(
          contextOf(services, req),
          id,
          form.decision === 'approve' ? { approve: true } : { approve: false, reason: form.reason },
        );
        req.session.flash = form.decision === 'approve' ? '登録を承認しました' : '申請を差し戻しました';
        res.redirect(303, PATH);
      } catch (err) {
        if (err instanceof ValidationError)
          return redirectWithErrors(
            req,
            res,
            PATH,
            err.errors.map((e) => ({ ...e, field: `reason-${id}` })),
          );
        if (err instanceof ConflictError)
          return redirectWithErrors(req, res, PATH, [{ field: `reason-${id}`, message: err.message }]);
        throw err;
      }
    },

    /** 同意の記録 by the city: the only way to record consent again after a withdrawal. */
    recordConsent: async (req: Request, res: Response) => {
      const insuredNo = String(req.params.insuredNo);
      const path = `/persons/${encodeURIComponent(insuredNo)}`;
      try {
        const form = parseForm(consentSchema, req.body);
        await services.registrations.recordConsentByCity(contextOf(services, req), insuredNo, {
          channel: form.channel,
          on: form.grantedOn,
        });
        req.session.flash = `本人の同意（${CONSENT_CHANNEL_LABELS[form.channel]}）を記録しました`;
        res.redirect(303, path);
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, path, err.errors);
        throw err;
      }
    },
  };
}
