/**
 * 保険者の設定 (/admin/insurer): the 監督者's own insurer — name, address, phone, 利用開始日, データ移行完了 and the
 * months without 給付実績 after which an office's registration lapses. Until both the start date has come and the
 * migration is declared complete, the offices' online pages say 「まだご利用いただけません」. Every change is audited
 * with the values before and after.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type FieldError, ValidationError } from '../../errors';
import { dateField } from '../../action-form';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

const PATH = '/admin/insurer';

const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const insurerSchema = z.object({
  name: z
    .string({ error: '保険者名を入力してください' })
    .trim()
    .min(1, '保険者名を入力してください')
    .max(100, '保険者名は100文字以内で入力してください'),
  address: z.preprocess(blankAsUndefined, z.string().max(300, '所在地は300文字以内で入力してください').optional()),
  phone: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^[0-9-]{6,20}$/, '電話番号は数字とハイフンで入力してください')
      .optional(),
  ),
  onlineStartOn: z.preprocess(blankAsUndefined, dateField('利用開始日').optional()),
  dataMigrated: z.preprocess((v) => v === 'yes', z.boolean()),
  registrationLapseMonths: z.coerce
    .number({ error: '登録が失効するまでの月数を数字で入力してください' })
    .int('登録が失効するまでの月数は整数で入力してください')
    .min(1, '登録が失効するまでの月数は1から24で入力してください')
    .max(24, '登録が失効するまでの月数は1から24で入力してください'),
});

function render(res: Response, o: { insurerNo: string; values: Record<string, unknown>; errors?: FieldError[] }) {
  res.render('admin/insurer', {
    title: '保険者の設定',
    action: PATH,
    insurerNo: o.insurerNo,
    values: o.values,
    errors: o.errors ?? [],
    err: errorMap(o.errors ?? []),
  });
}

export function insurerHandlers(services: Services) {
  return {
    form: async (req: Request, res: Response) => {
      const i = await services.insurer.get(actorOf(req));
      const kept = takeKeptForm(req);
      const values = kept?.values ?? {
        name: i.name,
        address: i.address ?? '',
        phone: i.phone ?? '',
        onlineStartOn: i.online_start_on ?? '',
        dataMigrated: i.data_migrated ? 'yes' : '',
        registrationLapseMonths: String(i.registration_lapse_months),
      };
      render(res, { insurerNo: i.insurer_no, values, errors: kept?.errors });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      try {
        const f = parseForm(insurerSchema, req.body);
        const changed = await services.insurer.update(actor, {
          name: f.name,
          address: f.address ?? null,
          phone: f.phone ?? null,
          online_start_on: f.onlineStartOn ?? null,
          data_migrated: f.dataMigrated,
          registration_lapse_months: f.registrationLapseMonths,
        });
        await services.audit.record({
          actor,
          action: 'insurer.update',
          target: `insurer:${actor.insurerNo}`,
          detail: changed,
          ip: req.ip,
        });
        req.session.flash = Object.keys(changed).length ? '保険者の設定を更新しました' : '変更はありませんでした';
        res.redirect(303, PATH);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, PATH, err.errors);
      }
    },
  };
}
