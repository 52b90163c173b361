/**
 * 資料提供申請 (/office/disclosures): the office asks for paper copies of a person's 認定調査票 and 主治医意見書 by
 * 被保険者番号 and 生年月日, and follows its requests (市で確認中, 提供, 不提供 with the reasons it may be told). A number
 * that matches nobody is accepted like any other and refused by the city with the same words as a person without
 * consent. Every request is audited.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { BIRTH_DATE_INPUT_EXAMPLE } from '../../../domain/dates';
import { dateField } from '../../action-form';
import { ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

const PATH = '/office/disclosures';

const schema = z.object({
  insuredNo: z.string({ error: '被保険者番号を入力してください' }).regex(/^\d{10}$/, '被保険者番号は10桁の数字です'),
  birthDate: dateField('生年月日', BIRTH_DATE_INPUT_EXAMPLE),
  survey: z.literal('1', { error: '値が正しくありません' }).optional(),
  opinion: z.literal('1', { error: '値が正しくありません' }).optional(),
  purpose: z.string().max(200, '利用目的は200文字以内で入力してください').optional(),
});

export function officeDisclosureHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      res.render('office/disclosures', {
        title: '資料提供申請（認定調査票・主治医意見書の写し）',
        action: PATH,
        values: kept?.values ?? { survey: '1', opinion: '1' },
        errors: kept?.errors,
        err: errorMap(kept?.errors ?? []),
        rows: await services.disclosures.ofOffice(actorOf(req)),
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      try {
        const f = parseForm(schema, req.body);
        await services.disclosures.request(
          actor,
          {
            insuredNo: f.insuredNo,
            birthDate: f.birthDate,
            wantSurvey: f.survey === '1',
            wantOpinion: f.opinion === '1',
            purpose: f.purpose ?? null,
          },
          new Date().toISOString(),
        );
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, PATH, err.errors);
        throw err;
      }
      await services.audit.record({
        actor,
        action: 'disclosure.request',
        target: `person:${String(req.body.insuredNo)}`,
        detail: { officeNo: actor.officeNo },
        ip: req.ip,
      });
      req.session.flash = '資料提供を申請しました。市の確認後、写しを送付します';
      res.redirect(303, PATH);
    },
  };
}
