/**
 * 住所・郵便番号の変更 (/persons/:insuredNo/register/address): the address notices are mailed to (the window envelope's
 * address block). The earlier values stay in the history, so a notice dated before the change keeps the old address.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { normalizePostalCode } from '../../../../domain/people/postal-code';
import { REGISTER_ACTIONS } from '../../../../domain/register/actions';
import { textField } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

const TEXT = REGISTER_ACTIONS.address.text;

/** The form: 郵便番号 (7 digits, may be empty), the address and the reason kept in the history. */
export const addressSchema = z.object({
  postalCode: z
    .string({ error: '郵便番号は7桁の数字で入力してください（例: 869-0592）' })
    .max(20, '郵便番号は7桁の数字で入力してください（例: 869-0592）')
    .optional()
    .transform((s, ctx) => {
      if (!s || s.trim() === '') return null;
      const code = normalizePostalCode(s);
      if (!code) ctx.addIssue({ code: 'custom', message: '郵便番号は7桁の数字で入力してください（例: 869-0592）' });
      return code;
    }),
  address: textField(TEXT.address).refine((s) => s.trim() !== '', `${TEXT.address.label}を入力してください`),
  reason: textField(TEXT.reason),
});

export function addressHandlers(services: Services) {
  return {
    form: async (req: Request, res: Response) => {
      const { person } = await services.register.page(actorOf(req), String(req.params.insuredNo), services.today());
      const kept = takeKeptForm(req);
      res.render('caseworker/register-address', {
        title: '住所・郵便番号の変更',
        person,
        values: kept?.values ?? { postalCode: person.postal_code ?? '', address: person.address ?? '' },
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
        const form = parseForm(addressSchema, req.body);
        const changed = await services.register.recordAddress(actor, insuredNo, {
          postalCode: form.postalCode,
          address: form.address.trim(),
          reason: form.reason,
        });
        await services.audit.record({
          actor,
          action: 'register.address',
          target: `person:${insuredNo}`,
          detail: { changed },
          ip: req.ip,
        });
        req.session.flash = changed ? '住所・郵便番号を変更しました' : '同じ内容で記録済みです（変更はありません）';
        res.redirect(303, back);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, `${back}/address`, err.errors);
      }
    },
  };
}
