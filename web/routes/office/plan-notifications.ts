/**
 * 居宅届 for care offices (mounted at /office): list, the filing form, the detail with every round, refile after 返戻.
 * The 事業所番号 always comes from the session; the form never carries it.
 */
import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../../../domain/actor';
import { isValidIsoDate } from '../../../domain/dates';
import {
  INSURED_NUMBER_MESSAGE,
  isInsuredNumber,
  isKana,
  isOfficeNumber,
  KANA_MESSAGE,
  normalizeDigits,
  OFFICE_NUMBER_MESSAGE,
} from '../../../domain/people/identifiers';
import type { PlanFiling } from '../../../workflows/plan-notification/messages';
import { ValidationError } from '../../errors';
import { errorMap, parseForm } from '../../forms';
import { actorOf, requireAction, requireOffice } from '../../middleware/auth';
import { sendNoticeDocument } from '../../notice-document';
import type { Services } from '../../services';

const date = (label: string) =>
  z
    .string({ error: `${label}を入力してください` })
    .refine(isValidIsoDate, `${label}を正しい日付（例 2026-11-25）で入力してください`);
const text = (label: string, max: number) =>
  z.string({ error: `${label}を入力してください` }).max(max, `${label}は${max}文字以内で入力してください`);
const optionalText = (label: string, max: number) =>
  z.string().max(max, `${label}は${max}文字以内で入力してください`).optional();
const digits = (label: string, check: (s: string) => boolean, message: string) =>
  z
    .string({ error: `${label}を入力してください` })
    .transform(normalizeDigits)
    .refine(check, message);
const identityMethod = (label: string) =>
  z.enum(['my_number_card', 'photo_id', 'two_documents'], { error: `${label}を選択してください` });

/** The 居宅届 form. Shape and format only: the acceptance rules run in the workflow (domain/plan-notification). */
export const planFilingSchema = z.object({
  requestId: z.string({ error: '画面を開き直してから入力してください' }),
  kind: z.enum(['new', 'change'], { error: '届出の種類（新規・変更）を選択してください' }),
  person: z.object(
    {
      insuredNo: digits('被保険者番号', isInsuredNumber, INSURED_NUMBER_MESSAGE),
      name: text('被保険者の氏名', 100),
      kana: z.string({ error: 'フリガナを入力してください' }).refine(isKana, KANA_MESSAGE),
      birthDate: date('生年月日'),
    },
    { error: '被保険者の情報を入力してください' },
  ),
  startDate: date('開始（変更）年月日'),
  writtenOn: date('届出書の記載日').optional(),
  change: z
    .object({
      reason: optionalText('変更事由', 500),
      previousOfficeNo: z
        .string()
        .transform(normalizeDigits)
        .refine(isOfficeNumber, `変更前の${OFFICE_NUMBER_MESSAGE}`)
        .optional(),
    })
    .optional(),
  notifier: z.object(
    {
      name: text('届出人の氏名', 100),
      relation: z.enum(['self', 'family', 'care_manager', 'other'], {
        error: '届出人と本人との関係を選択してください',
      }),
      phone: z
        .string()
        .transform(normalizeDigits)
        .refine((s) => /^[0-9-]{10,13}$/.test(s), '届出人の電話番号は数字とハイフンで入力してください')
        .optional(),
    },
    { error: '届出人を入力してください' },
  ),
  identity: z.object(
    {
      method: identityMethod('本人確認の方法'),
      documents: z.array(z.string().max(50, '確認書類の名称は50文字以内で入力してください').optional()).optional(),
      proxyAuthority: z.enum(['none', 'legal_representative', 'power_of_attorney'], {
        error: '本人による届出か、代理人（法定代理人・委任状）による届出かを選択してください',
      }),
      proxyIdentityMethod: identityMethod('代理人の本人確認の方法').optional(),
      checkedBy: text('本人確認を行った職員', 100),
      checkedOn: date('本人確認日'),
    },
    { error: '本人確認の記録を入力してください' },
  ),
});
type PlanFilingForm = z.infer<typeof planFilingSchema>;

/** Missing groups become empty ones, so each required field is named in the errors (not just the group). */
function withGroups(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const b = body ?? {};
  return { ...b, person: b.person ?? {}, notifier: b.notifier ?? {}, identity: b.identity ?? {} };
}

/** Form → the workflow's PlanFiling. */
export function toFiling(f: PlanFilingForm): PlanFiling {
  const { identity } = f;
  return {
    kind: f.kind,
    person: f.person,
    startDate: f.startDate,
    writtenOn: f.writtenOn ?? null,
    change:
      f.kind === 'change'
        ? { reason: f.change?.reason ?? '', previousOfficeNo: f.change?.previousOfficeNo ?? '' }
        : null,
    notifier: { name: f.notifier.name, relation: f.notifier.relation, phone: f.notifier.phone ?? null },
    identity: {
      method: identity.method,
      documents: (identity.documents ?? []).filter((d): d is string => typeof d === 'string' && d !== ''),
      proxy:
        identity.proxyAuthority === 'none'
          ? null
          : {
              authority: identity.proxyAuthority,
              proxyIdentityMethod: identity.proxyIdentityMethod as PlanFiling['identity']['method'],
            },
      checkedBy: identity.checkedBy,
      checkedOn: identity.checkedOn,
    },
  };
}

/** PlanFiling → form values (refile prefill). */
function toValues(f: PlanFiling) {
  return {
    ...f,
    change: f.change ?? {},
    identity: {
      ...f.identity,
      proxyAuthority: f.identity.proxy?.authority ?? 'none',
      proxyIdentityMethod: f.identity.proxy?.proxyIdentityMethod ?? '',
    },
  };
}

const actionSchema = z.object({
  requestId: z.string({ error: '画面を開き直してから操作してください' }).max(64),
  reason: optionalText('取下げの理由', 500),
});

/** Mounted at /office by the office area router. */
export function planNotificationOfficeRoutes(services: Services): Router {
  const router = Router();
  const guard = [requireOffice, requireAction('plan.file')];
  const plans = () => services.planNotification;

  const renderForm = async (
    req: Request,
    res: Response,
    view: { values: unknown; errors?: unknown; filingNo?: string; status?: number },
  ) => {
    const actor = actorOf(req);
    const errors = view.errors as { field: string; message: string }[] | undefined;
    res.status(view.status ?? 200).render('office/plan-form', {
      title: view.filingNo ? '居宅届の修正・再提出' : '居宅サービス計画作成依頼（変更）届出',
      base: req.baseUrl,
      office: await plans().officeOf(actor),
      values: view.values,
      errors,
      fieldErrors: errorMap(errors ?? []),
      filingNo: view.filingNo,
      // A fresh requestId on every render: a double click repeats one request; a corrected resubmission is a new one.
      requestId: plans().newRequestId(),
    });
  };

  router.get('/plan-notifications', ...guard, async (req, res) => {
    const rows = await plans().listForOffice(actorOf(req));
    res.render('office/plan-list', { title: '居宅届（居宅サービス計画作成依頼届出）', base: req.baseUrl, rows });
  });

  router.get('/plan-notifications/new', ...guard, async (req, res) => {
    const actor = actorOf(req);
    const insuredNo = typeof req.query.insuredNo === 'string' ? normalizeDigits(req.query.insuredNo.trim()) : '';
    const prefill = isInsuredNumber(insuredNo) ? await plans().prefill(actor, insuredNo, services.today()) : null;
    const values = {
      kind: prefill?.currentOfficeNo ? 'change' : 'new',
      person: prefill?.person ?? { insuredNo: isInsuredNumber(insuredNo) ? insuredNo : '' },
      change: { previousOfficeNo: prefill?.currentOfficeNo ?? '' },
      identity: { proxyAuthority: 'none', checkedBy: actor.displayName },
    };
    await renderForm(req, res, { values });
  });

  router.post('/plan-notifications/new', ...guard, async (req, res) => {
    const actor = actorOf(req);
    try {
      const form = parseForm(planFilingSchema, withGroups(req.body));
      const snapshot = await plans().file(actor, form.requestId, toFiling(form));
      await audit(services, req, actor, 'plan.file', snapshot.workflowId, {
        filingNo: snapshot.filingNo,
        insuredNo: form.person.insuredNo,
      });
      req.session.flash = `居宅届を提出しました（届出番号 ${snapshot.filingNo}）`;
      res.redirect(`${req.baseUrl}/plan-notifications/${snapshot.filingNo}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, { values: req.body, errors: err.errors, status: 400 });
    }
  });

  router.get('/plan-notifications/:id', ...guard, async (req, res) => {
    const plan = await plans().detail(actorOf(req), String(req.params.id));
    res.render('office/plan-detail', {
      title: `居宅届 ${plan.filingNo}`,
      base: req.baseUrl,
      plan,
      requestId: plans().newRequestId(),
    });
  });

  router.get('/plan-notifications/:id/state', ...guard, async (req, res) => {
    res.json(await plans().version(actorOf(req), String(req.params.id)));
  });

  router.get('/plan-notifications/:id/notices/:key', ...guard, async (req, res) => {
    sendNoticeDocument(res, await plans().noticeHtml(actorOf(req), String(req.params.id), String(req.params.key)));
  });

  router.get('/plan-notifications/:id/refile', ...guard, async (req, res) => {
    const plan = await plans().detail(actorOf(req), String(req.params.id));
    if (!plan.canRefile || !plan.current) return res.redirect(`${req.baseUrl}/plan-notifications/${plan.filingNo}`);
    await renderForm(req, res, { values: toValues(plan.current.filing), filingNo: plan.filingNo });
  });

  router.post('/plan-notifications/:id/refile', ...guard, async (req, res) => {
    const actor = actorOf(req);
    const filingNo = String(req.params.id);
    const plan = await plans().detail(actor, filingNo);
    try {
      const form = parseForm(
        planFilingSchema,
        withGroups({ ...req.body, person: { ...req.body?.person, insuredNo: plan.insuredNo } }),
      );
      const snapshot = await plans().refile(actor, filingNo, form.requestId, toFiling(form));
      await audit(services, req, actor, 'plan.refile', snapshot.workflowId, {
        filingNo,
        round: snapshot.rounds.length,
      });
      req.session.flash = '修正した居宅届を再提出しました';
      res.redirect(`${req.baseUrl}/plan-notifications/${filingNo}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, {
        values: { ...req.body, person: { ...req.body?.person, insuredNo: plan.insuredNo } },
        errors: err.errors,
        filingNo,
        status: 400,
      });
    }
  });

  router.post('/plan-notifications/:id/withdraw', ...guard, async (req, res) => {
    const actor = actorOf(req);
    const filingNo = String(req.params.id);
    const form = parseForm(actionSchema, req.body);
    const snapshot = await plans().withdraw(actor, filingNo, form.requestId, form.reason ?? null);
    await audit(services, req, actor, 'plan.withdraw', snapshot.workflowId, { filingNo });
    req.session.flash = '居宅届を取り下げました';
    res.redirect(`${req.baseUrl}/plan-notifications/${filingNo}`);
  });

  return router;
}

function audit(
  services: Services,
  req: Request,
  actor: Actor,
  action: string,
  target: string,
  detail: Record<string, unknown>,
) {
  return services.audit.record({ actor, action, target: `case:${target}`, detail, ip: req.ip });
}
