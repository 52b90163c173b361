/**
 * マイナンバーカード預かり管理簿 (/office/custody), for offices whose 指定サービス種別 may keep residents' cards: the register
 * (保管中/持出中, 返却遅れ), a new agreement, a person's history with the take-out or return form, ending a custody, and
 * the administrator's page that names the card handlers. The service checks every rule; forms come back with
 * Japanese errors.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import {
  DEPOSITOR_KIND_LABELS,
  DEPOSITOR_KINDS,
  jstInstant,
  parseTimeInput,
  TAKE_OUT_PURPOSE_LABELS,
  TAKE_OUT_PURPOSES,
} from '../../../domain/custody/rules';
import { formatWareki } from '../../../domain/dates';
import { dateField } from '../../action-form';
import { NotFoundError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { CUSTODY_NOT_FOUND, type CustodyContext } from '../../services/custody';

const BASE = '/office/custody';

const depositorKind = z.enum(DEPOSITOR_KINDS, { error: '預けた人を選んでください' });
export const agreementSchema = z.object({
  insuredNo: z.string({ error: '利用者を選んでください' }).regex(/^\d{10}$/, '被保険者番号は10桁の数字です'),
  depositorKind,
  depositorName: z
    .string({ error: '預けた人の氏名を入力してください' })
    .max(50, '預けた人の氏名は50文字以内で入力してください'),
  agreementRef: z
    .string({ error: '同意書・預かり証の番号を入力してください' })
    .max(50, '同意書・預かり証の番号は50文字以内で入力してください'),
  agreedOn: dateField('同意書の日付'),
  startedOn: dateField('預かり開始日'),
});

export const takeOutSchema = z
  .object({
    purpose: z.enum(TAKE_OUT_PURPOSES, { error: '持ち出しの目的を選んでください' }),
    purposeNote: z
      .string({ error: '目的の内容を入力してください' })
      .max(200, '目的の内容は200文字以内で入力してください')
      .optional(),
    returnDate: dateField('返却予定日'),
    returnTime: z
      .string({ error: '返却予定時刻を入力してください' })
      .refine((s) => parseTimeInput(s) != null, '返却予定時刻を「14:30」の形（24時間）で入力してください'),
  })
  .superRefine((v, ctx) => {
    if (v.purpose === 'other' && !v.purposeNote)
      ctx.addIssue({
        code: 'custom',
        path: ['purposeNote'],
        message: '目的が「その他」のときは内容を入力してください',
      });
  });

export const handlerSchema = z.object({
  userId: z.string({ error: '職員を選んでください' }).regex(/^\d{1,9}$/, '職員を選んでください'),
  grant: z.enum(['yes', 'no'], { error: '指定するか解除するかを選んでください' }),
});

const options = <K extends string>(labels: Readonly<Record<K, string>>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

function contextOf(services: Services, req: Request): CustodyContext {
  return { actor: actorOf(req), ip: req.ip, today: services.today() };
}

/** The 被保険者番号 of the path, or the one not-found answer (the same as for another office's resident). */
function insuredNoOf(req: Request): string {
  const no = String(req.params.insuredNo);
  if (!/^\d{10}$/.test(no)) throw new NotFoundError(CUSTODY_NOT_FOUND);
  return no;
}

/** Every custody page: 403 for an office whose kinds may not keep cards. */
export function requireCustody(services: Services) {
  return (req: Request, _res: Response, next: NextFunction) => {
    services.custody.assertOfficeKeepsCards(actorOf(req), services.today()).then(() => next(), next);
  };
}

export function officeCustodyHandlers(services: Services) {
  /** A POST that answers with a redirect, or back to `back` with the errors of a ValidationError. */
  const post =
    (back: (req: Request) => string, act: (req: Request, ctx: CustodyContext) => Promise<string>, done: string) =>
    async (req: Request, res: Response) => {
      const path = back(req);
      try {
        const to = await act(req, contextOf(services, req));
        req.session.flash = done;
        res.redirect(303, to);
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, path, err.errors);
        throw err;
      }
    };
  const personPath = (req: Request) => `${BASE}/persons/${insuredNoOf(req)}`;

  return {
    list: async (req: Request, res: Response) => {
      const { rows, role, overdueRule } = await services.custody.list(contextOf(services, req));
      res.render('office/custody-list', {
        title: 'マイナンバーカード預かり管理簿',
        rows,
        handler: role.handler,
        admin: role.admin,
        overdueCount: rows.filter((r) => r.overdue).length,
        overdueRule: overdueRule === 'end_of_day' ? '持ち出した日のうち' : '返却予定日時まで',
      });
    },

    newForm: async (req: Request, res: Response) => {
      const ctx = contextOf(services, req);
      await services.custody.requireHandler(ctx, 'custody:new');
      const kept = takeKeptForm(req);
      res.render('office/custody-new', {
        title: '預かりの登録',
        action: `${BASE}/new`,
        values: kept?.values ?? { depositorKind: 'family', startedOn: formatWareki(ctx.today) },
        errors: kept?.errors,
        err: errorMap(kept?.errors ?? []),
        clients: await services.custody.startChoices(ctx.actor, ctx.today),
        depositorKinds: options(DEPOSITOR_KIND_LABELS),
      });
    },

    create: post(
      () => `${BASE}/new`,
      async (req, ctx) => {
        const form = parseForm(agreementSchema, req.body);
        await services.custody.start(ctx, form);
        return `${BASE}/persons/${form.insuredNo}`;
      },
      'カードの預かりを登録しました',
    ),

    person: async (req: Request, res: Response) => {
      const ctx = contextOf(services, req);
      const insuredNo = insuredNoOf(req);
      const h = await services.custody.history(ctx, insuredNo);
      const kept = takeKeptForm(req);
      res.render('office/custody-person', {
        title: h.name ? `${h.name} 様のカード` : `被保険者番号 ${insuredNo} のカード`,
        ...h,
        base: `${BASE}/persons/${insuredNo}`,
        canAct: h.role.handler && h.open != null,
        // most take-outs come back the same day; offices read and write dates in 和暦
        values: kept?.values ?? { returnDate: formatWareki(ctx.today) },
        errors: kept?.errors,
        err: errorMap(kept?.errors ?? []),
        purposes: options(TAKE_OUT_PURPOSE_LABELS),
      });
    },

    takeOut: post(
      personPath,
      async (req, ctx) => {
        const insuredNo = insuredNoOf(req);
        const form = parseForm(takeOutSchema, req.body);
        await services.custody.takeOut(ctx, insuredNo, {
          purpose: form.purpose,
          purposeNote: form.purposeNote,
          expectedReturnAt: jstInstant(form.returnDate, parseTimeInput(form.returnTime)!),
        });
        return `${BASE}/persons/${insuredNo}`;
      },
      'カードの持ち出しを記録しました',
    ),

    returned: post(
      personPath,
      async (req, ctx) => {
        const insuredNo = insuredNoOf(req);
        await services.custody.recordReturn(ctx, insuredNo);
        return `${BASE}/persons/${insuredNo}`;
      },
      'カードの返却を記録しました',
    ),

    end: post(
      personPath,
      async (req, ctx) => {
        const insuredNo = insuredNoOf(req);
        await services.custody.end(ctx, insuredNo);
        return BASE;
      },
      'カードの預かりを終了しました（カードを返しました）',
    ),

    handlers: async (req: Request, res: Response) => {
      const staff = await services.custodyHandlers.handlers(contextOf(services, req));
      const kept = takeKeptForm(req);
      res.render('office/custody-handlers', {
        title: 'カードの取扱者',
        staff,
        errors: kept?.errors,
      });
    },

    setHandler: post(
      () => `${BASE}/handlers`,
      async (req, ctx) => {
        const form = parseForm(handlerSchema, req.body);
        await services.custodyHandlers.setHandler(ctx, Number(form.userId), form.grant === 'yes');
        return `${BASE}/handlers`;
      },
      'カードの取扱者を変更しました',
    ),
  };
}
