/**
 * 担当事業所登録 (/office/registrations): the office's registrations and the form that registers a person after an
 * identity check (① 被保険者証の項目 or ② マイナンバーカードの読取り); ending one; recording the person's consent
 * taken on the city's behalf. Before the insurer's 利用開始日 a request waits for the city, and the page says so.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { BIRTH_DATE_INPUT_EXAMPLE, formatWareki } from '../../../domain/dates';
import { dateField } from '../../action-form';
import { ConflictError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import type { RequestContext } from '../../services/registration';
import type { RegistrationState } from '../../../domain/registration/rules';

const PATH = '/office/registrations';

export const identitySchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('insured_card'),
    insuredNo: z.string({ error: '被保険者番号を入力してください' }).regex(/^\d{10}$/, '被保険者番号は10桁の数字です'),
    insurerNo: z.string({ error: '保険者番号を入力してください' }).regex(/^\d{6}$/, '保険者番号は6桁の数字です'),
    birthDate: dateField('生年月日', BIRTH_DATE_INPUT_EXAMPLE),
  }),
  z.object({
    method: z.literal('my_number_card'),
    readingId: z.string({ error: 'カードを読み取ってください' }).max(100, 'カードを読み取り直してください'),
  }),
]);
export const identityMethodSchema = z.object({
  method: z.enum(['insured_card', 'my_number_card'], { error: '本人確認の方法を選んでください' }),
});

const STATE_LABELS: Record<RegistrationState, string> = {
  pending: '市の確認待ち',
  active: '登録中',
  lapsed: '失効（給付実績なし）',
  returned: '差し戻し',
  ended: '終了',
};

function contextOf(services: Services, req: Request): RequestContext {
  return { actor: actorOf(req), ip: req.ip, now: new Date().toISOString(), today: services.today() };
}

export function officeRegistrationHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const today = services.today();
      const kept = takeKeptForm(req);
      const [rows, online] = await Promise.all([
        services.registrations.ofOffice(actor, today),
        services.registrations.onlineStatus(actor.insurerNo, today),
      ]);
      res.render('office/registrations', {
        title: '担当事業所登録',
        action: PATH,
        online: online.online,
        notYet: online.online ? null : notYetMessage(online.startOn),
        values: kept?.values ?? { method: 'insured_card' },
        errors: kept?.errors,
        err: errorMap(kept?.errors ?? []),
        methods: [
          { value: 'insured_card', label: '被保険者証の項目（被保険者番号・保険者番号・生年月日）' },
          { value: 'my_number_card', label: 'マイナンバーカードの読取り（券面の氏名・住所・生年月日）' },
        ],
        rows: rows.map((r) => ({
          ...r,
          statusLabel: STATE_LABELS[r.state],
          methodLabel: r.method === 'my_number_card' ? 'マイナンバーカード' : '被保険者証',
          open: r.state === 'pending' || r.state === 'active',
        })),
      });
    },

    submit: async (req: Request, res: Response) => {
      try {
        parseForm(identityMethodSchema, req.body);
        const form = parseForm(identitySchema, req.body);
        const { status } = await services.registrations.request(contextOf(services, req), form);
        req.session.flash =
          status === 'active'
            ? '担当事業所として登録しました'
            : '登録を申請しました。市の確認後に登録されます（利用開始日より前のため）';
        res.redirect(303, PATH);
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, PATH, err.errors);
        throw err;
      }
    },

    end: async (req: Request, res: Response) => {
      await services.registrations.end(contextOf(services, req), Number(req.params.id));
      req.session.flash = '担当事業所登録を終了しました';
      res.redirect(303, PATH);
    },

    consent: async (req: Request, res: Response) => {
      const ctx = contextOf(services, req);
      try {
        await services.registrations.recordConsentByOffice(ctx, Number(req.params.id), ctx.today);
      } catch (err) {
        if (err instanceof ConflictError)
          return redirectWithErrors(req, res, PATH, [{ field: 'identity', message: err.message }]);
        throw err;
      }
      req.session.flash = '本人の同意（事業所による代理取得）を記録しました';
      res.redirect(303, PATH);
    },
  };
}

/** 「まだご利用いただけません（利用開始日 令和9年5月27日）」 */
export function notYetMessage(startOn: string | null): string {
  return `まだご利用いただけません（利用開始日 ${startOn ? formatWareki(startOn) : '未定'}）`;
}
