/**
 * 給付制限の記録・訂正・終了・取消 (/persons/:insuredNo/register/restrictions/new and …/restrictions/:id): the kind
 * (支払方法変更, 保険給付の一時差止, 給付額減額), its period (an end date, or none while it runs) and the reason. Ending is
 * a correction that fills in the end date; 取消 withdraws a restriction entered in error. Every change keeps the earlier
 * value, feeds the 被保険者証's 給付制限 and queues a 受給者異動 for the 国保連.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { REGISTER_ACTIONS } from '../../../../domain/register/actions';
import { BENEFIT_RESTRICTION_KINDS, BENEFIT_RESTRICTION_LABELS } from '../../../../domain/register/benefit-restriction';
import { dateField, textField } from '../../../action-form';
import { NotFoundError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

const TEXT = REGISTER_ACTIONS.restriction.text;

/** The form: kind, start, optional end, 取消 (on a correction) and the reason. */
export const restrictionSchema = z.object({
  kind: z.enum(BENEFIT_RESTRICTION_KINDS, { error: '給付制限の種類を選択してください' }),
  validFrom: dateField('開始日'),
  validTo: dateField('終了日').optional(),
  voided: z.literal('on').optional(),
  reason: textField(TEXT.reason),
});

function idOf(req: Request): number | undefined {
  if (req.params.id === undefined) return undefined;
  const raw = String(req.params.id);
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new NotFoundError('給付制限の記録が見つかりません');
  return Number(raw);
}

export function restrictionHandlers(services: Services) {
  const base = (insuredNo: string) => `/persons/${encodeURIComponent(insuredNo)}/register`;
  return {
    form: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const id = idOf(req);
      const { person } = await services.register.page(actor, insuredNo, services.today());
      const entry = id !== undefined ? await services.register.benefitRestriction(actor, insuredNo, id) : null;
      const kept = takeKeptForm(req);
      res.render('caseworker/register-restriction', {
        title: entry ? '給付制限の訂正・終了・取消' : '給付制限の記録',
        person,
        entry,
        action: `${base(insuredNo)}/restrictions/${entry ? entry.id : 'new'}`,
        kinds: BENEFIT_RESTRICTION_KINDS.map((k) => ({ value: k, label: BENEFIT_RESTRICTION_LABELS[k] })),
        values: kept?.values ?? { kind: entry?.kind, validFrom: entry?.valid_from, validTo: entry?.valid_to },
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        limits: TEXT,
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const id = idOf(req);
      const formPath = `${base(insuredNo)}/restrictions/${id ?? 'new'}`;
      try {
        const form = parseForm(restrictionSchema, req.body);
        const voided = id !== undefined && form.voided === 'on';
        const changed = await services.register.recordBenefitRestriction(
          actor,
          insuredNo,
          {
            replacesId: id,
            kind: form.kind,
            validFrom: form.validFrom,
            validTo: form.validTo ?? null,
            voided,
            reason: form.reason,
          },
          services.today(),
        );
        await services.audit.record({
          actor,
          action: 'register.restriction',
          target: `person:${insuredNo}`,
          detail: {
            replaces: id ?? null,
            kind: form.kind,
            validFrom: form.validFrom,
            validTo: form.validTo ?? null,
            voided,
            changed,
          },
          ip: req.ip,
        });
        req.session.flash = !changed
          ? '同じ内容で記録済みです（変更はありません）'
          : voided
            ? '給付制限を取り消しました'
            : `給付制限（${BENEFIT_RESTRICTION_LABELS[form.kind]}）を記録しました`;
        res.redirect(303, base(insuredNo));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, formPath, err.errors);
      }
    },
  };
}
