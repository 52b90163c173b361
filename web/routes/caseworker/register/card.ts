/**
 * 被保険者証・資格者証 (/persons/:insuredNo/register/card): the card in force, printable on A4 with the fields offices
 * read (要介護状態区分, 有効期間, 居宅介護支援事業者 and 届出年月日, 給付制限). POST …/card/surrender records that the
 * person handed in the 被保険者証 on applying, so a 資格者証 is issued.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CARD_KIND_LABELS } from '../../../../domain/register/cards';
import { can } from '../../../../domain/access';
import { dateField } from '../../../action-form';
import { ValidationError } from '../../../errors';
import { redirectWithErrors } from '../../../form-state';
import { parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

export const surrenderSchema = z.object({
  surrenderedOn: dateField('返納日'),
  applicationNo: z
    .string()
    .max(40, '受付番号は40文字以内で入力してください')
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
});

export function cardHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const card = await services.register.card(actor, insuredNo);
      await services.audit.record({ actor, action: 'person.view', target: `person:${insuredNo}`, ip: req.ip });
      res.render('caseworker/register-card', {
        layout: false,
        title: `${CARD_KIND_LABELS[card.kind]} ${card.person.name}`,
        cardLabel: CARD_KIND_LABELS[card.kind],
        qualification: card.kind === 'qualification_card',
        ...card,
        issuedOn: services.today(),
        canEdit: can(actor.role, 'register.edit'),
        csrfToken: res.locals.csrfToken,
      });
    },

    surrender: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const back = `/persons/${encodeURIComponent(insuredNo)}/register`;
      try {
        const form = parseForm(surrenderSchema, req.body);
        const changed = await services.register.recordCardSurrender(actor, insuredNo, form, services.today());
        await services.audit.record({
          actor,
          action: 'register.card_surrender',
          target: `person:${insuredNo}`,
          detail: { surrenderedOn: form.surrenderedOn, applicationNo: form.applicationNo, changed },
          ip: req.ip,
        });
        req.session.flash = changed
          ? '被保険者証の返納を記録しました（資格者証を交付してください）'
          : '同じ日の返納は記録済みです';
        res.redirect(303, back);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, back, err.errors);
      }
    },
  };
}
