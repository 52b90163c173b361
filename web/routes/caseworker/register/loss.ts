/**
 * 資格喪失の記録 (/persons/:insuredNo/register/loss): 死亡・転出・適用除外, the date and the reason. The person's status
 * ends: no renewal reminder, no new filing, and the offices' registrations end on that day.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { REGISTER_ACTIONS } from '../../../../domain/register/actions';
import { LOSS_REASON_LABELS, LOSS_REASONS } from '../../../../domain/register/status';
import { dateField, textField } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

const TEXT = REGISTER_ACTIONS.loss.text;

/** The form: the reason (status), the 資格喪失日 and a note kept in the history. */
export const lossSchema = z.object({
  reason: z.enum(LOSS_REASONS, { error: '資格喪失の事由を選択してください' }),
  lostOn: dateField('資格喪失日'),
  note: textField(TEXT.note),
});

export function lossHandlers(services: Services) {
  return {
    form: async (req: Request, res: Response) => {
      const insuredNo = String(req.params.insuredNo);
      const { person } = await services.register.page(actorOf(req), insuredNo, services.today());
      const kept = takeKeptForm(req);
      res.render('caseworker/register-loss', {
        title: '資格喪失の記録',
        person,
        ended: person.status !== 'active',
        choices: LOSS_REASONS.map((r) => ({ value: r, label: LOSS_REASON_LABELS[r] })),
        values: kept?.values ?? { reason: person.status !== 'active' ? person.status : undefined },
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        limits: TEXT,
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const back = `/persons/${encodeURIComponent(insuredNo)}/register`;
      try {
        const form = parseForm(lossSchema, req.body);
        const changed = await services.register.recordLoss(actor, insuredNo, form, services.today());
        await services.audit.record({
          actor,
          action: 'register.loss',
          target: `person:${insuredNo}`,
          detail: { reason: form.reason, lostOn: form.lostOn, changed },
          ip: req.ip,
        });
        req.session.flash = changed
          ? `資格喪失（${LOSS_REASON_LABELS[form.reason]}）を記録しました`
          : '同じ内容で記録済みです（変更はありません）';
        res.redirect(303, back);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, `${back}/loss`, err.errors);
      }
    },
  };
}
