/**
 * 利用の記録・訂正・取消 (/persons/:insuredNo/register/usages/new and …/usages/:entryNo): a 住宅改修 or 福祉用具購入
 * with its date, 費用額 and reason; a 住宅改修 also takes the care level at the start and the dwelling (the resets).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CARE_LEVELS } from '../../../../domain/certification/types';
import { CARE_LEVEL_LABELS } from '../../../../domain/glossary';
import { MAX_USAGE_AMOUNT_YEN, REGISTER_ACTIONS } from '../../../../domain/register/actions';
import { USAGE_KIND_LABELS, USAGE_KINDS } from '../../../../domain/register/usage';
import { dateField, textField } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

const TEXT = REGISTER_ACTIONS.usage.text;

/** The usage form; a 住宅改修 needs the care level at its start (the 3段階 reset counts from it). */
export const usageSchema = z
  .object({
    kind: z.enum(USAGE_KINDS, { error: '利用区分を選択してください' }),
    usedOn: dateField('利用日（着工日・購入日）'),
    amountYen: z.coerce
      .number({ error: '費用額を数字で入力してください' })
      .int('費用額は円単位の整数で入力してください')
      .min(1, '費用額は1円以上で入力してください')
      .max(MAX_USAGE_AMOUNT_YEN, `費用額は${MAX_USAGE_AMOUNT_YEN.toLocaleString('ja-JP')}円以下で入力してください`),
    careLevel: z.enum(CARE_LEVELS, { error: '着工時の要介護状態区分を選択してください' }).optional(),
    dwelling: textField(TEXT.dwelling),
    description: textField(TEXT.description),
    voided: z.literal('on').optional(),
    reason: textField(TEXT.reason),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'home_modification' && !v.careLevel)
      ctx.addIssue({
        code: 'custom',
        path: ['careLevel'],
        message: '住宅改修は着工時の要介護状態区分を選択してください',
      });
  });

export function usageHandlers(services: Services) {
  const base = (insuredNo: string) => `/persons/${encodeURIComponent(insuredNo)}/register`;
  return {
    form: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const entryNo = req.params.entryNo ? String(req.params.entryNo) : null;
      const { person } = await services.register.page(actor, insuredNo, services.today());
      const entry = entryNo ? await services.register.usageEntry(actor, insuredNo, entryNo) : null;
      const kept = takeKeptForm(req);
      res.render('caseworker/register-usage', {
        title: entry ? '利用の訂正・取消' : '利用の記録',
        person,
        action: `${base(insuredNo)}/usages/${entry ? encodeURIComponent(entry.entry_no) : 'new'}`,
        entry,
        kinds: USAGE_KINDS.map((k) => ({ value: k, label: USAGE_KIND_LABELS[k] })),
        careLevels: CARE_LEVELS.map((l) => ({ value: l, label: CARE_LEVEL_LABELS[l] })),
        values: kept?.values ?? {
          kind: entry?.kind,
          usedOn: entry?.used_on,
          amountYen: entry?.amount_yen,
          careLevel: entry?.care_level ?? person.care_level,
          dwelling: entry?.dwelling ?? person.address,
          description: entry?.description,
        },
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        limits: TEXT,
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const entryNo = req.params.entryNo ? String(req.params.entryNo) : undefined;
      try {
        const form = parseForm(usageSchema, req.body);
        const home = form.kind === 'home_modification';
        const result = await services.register.recordUsage(actor, insuredNo, {
          entryNo,
          kind: form.kind,
          usedOn: form.usedOn,
          amountYen: form.amountYen,
          careLevel: home ? (form.careLevel ?? null) : null,
          dwelling: home ? (form.dwelling ?? null) : null,
          description: form.description,
          voided: form.voided === 'on',
          reason: form.reason,
        });
        await services.audit.record({
          actor,
          action: 'register.usage',
          target: `person:${insuredNo}`,
          detail: { entryNo: result.entryNo, kind: form.kind, amountYen: form.amountYen, changed: result.changed },
          ip: req.ip,
        });
        req.session.flash = result.changed ? '利用を記録しました' : '同じ内容で記録済みです（変更はありません）';
        res.redirect(303, base(insuredNo));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const path = `${base(insuredNo)}/usages/${entryNo ? encodeURIComponent(entryNo) : 'new'}`;
        redirectWithErrors(req, res, path, err.errors);
      }
    },
  };
}
