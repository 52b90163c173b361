/**
 * The 居宅届 filing form (届出 and 再提出): its zod schema, whose text bounds come from the action table
 * (domain/plan-notification/actions), the mapping to a PlanFiling and back, and its rendering. Shape and format only:
 * the acceptance rules run in the workflow (domain/plan-notification/checks).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { BIRTH_DATE_INPUT_EXAMPLE } from '../../../../domain/dates';
import { PLAN_FILING_TEXT_FIELDS as TEXT } from '../../../../domain/plan-notification/actions';
import type { PlanFiling } from '../../../../domain/plan-notification/types';
import {
  INSURED_NUMBER_MESSAGE,
  isInsuredNumber,
  isKana,
  isOfficeNumber,
  KANA_MESSAGE,
  normalizeDigits,
  OFFICE_NUMBER_MESSAGE,
} from '../../../../domain/people/identifiers';
import { dateField, textField } from '../../../action-form';
import type { FieldError } from '../../../errors';
import { errorMap } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

const date = (label: string) => dateField(label);
const digits = (label: string, check: (s: string) => boolean, message: string) =>
  z
    .string({ error: `${label}を入力してください` })
    .transform(normalizeDigits)
    .refine(check, message);
const identityMethod = (label: string) =>
  z.enum(['my_number_card', 'photo_id', 'two_documents'], { error: `${label}を選択してください` });

/** The 居宅届 form. */
export const planFilingSchema = z.object({
  requestId: z.string({ error: '画面を開き直してから入力してください' }),
  kind: z.enum(['new', 'change'], { error: '届出の種類（新規・変更）を選択してください' }),
  person: z.object(
    {
      insuredNo: digits('被保険者番号', isInsuredNumber, INSURED_NUMBER_MESSAGE),
      name: textField(TEXT.personName),
      kana: z.string({ error: 'フリガナを入力してください' }).refine(isKana, KANA_MESSAGE),
      birthDate: dateField('生年月日', BIRTH_DATE_INPUT_EXAMPLE),
    },
    { error: '被保険者の情報を入力してください' },
  ),
  startDate: date('開始（変更）年月日'),
  writtenOn: date('届出書の記載日').optional(),
  /** 暫定利用の契約日: the 代理受領 window of interim use runs from it (domain/plan-notification/agency-receipt.ts) */
  contractOn: date('暫定利用の契約日').optional(),
  change: z
    .object({
      reason: textField(TEXT.changeReason),
      previousOfficeNo: z
        .string()
        .transform(normalizeDigits)
        .refine(isOfficeNumber, `変更前の${OFFICE_NUMBER_MESSAGE}`)
        .optional(),
    })
    .optional(),
  notifier: z.object(
    {
      name: textField(TEXT.notifierName),
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
      documents: z.array(textField(TEXT.identityDocument).optional()).optional(),
      proxyAuthority: z.enum(['none', 'legal_representative', 'power_of_attorney'], {
        error: '本人による届出か、代理人（法定代理人・委任状）による届出かを選択してください',
      }),
      proxyIdentityMethod: identityMethod('代理人の本人確認の方法').optional(),
      checkedBy: textField(TEXT.identityCheckedBy),
      checkedOn: date('本人確認日'),
    },
    { error: '本人確認の記録を入力してください' },
  ),
  /** Ticked after the warning that the client has a filing in progress or just accepted. */
  confirmDuplicate: z.literal('yes', { error: '確認の欄は、チェックを付けるか空欄にしてください' }).optional(),
});
type PlanFilingForm = z.infer<typeof planFilingSchema>;

/** Missing groups become empty ones, so each required field is named in the errors (not just the group). */
export function withGroups(body: Record<string, unknown> | undefined): Record<string, unknown> {
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
    contractOn: f.contractOn ?? null,
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
export function toValues(f: PlanFiling) {
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

/** Renders the form (new or refile) with the session's office, a fresh requestId and any kept errors. */
export async function renderFilingForm(
  services: Services,
  req: Request,
  res: Response,
  view: { values: unknown; errors?: FieldError[]; filingNo?: string },
): Promise<void> {
  const plans = services.planNotification;
  const office = await plans.officeOf(actorOf(req));
  res.render('office/plan-form', {
    title: view.filingNo ? '居宅届の修正・再提出' : '居宅サービス計画作成依頼（変更）届出',
    base: req.baseUrl,
    office,
    // Only a new filing picks a client; a refile keeps its person.
    clients: view.filingNo ? [] : await services.office.clientChoices(office.officeNo, services.today()),
    values: view.values,
    errors: view.errors,
    fieldErrors: errorMap(view.errors ?? []),
    filingNo: view.filingNo,
    limits: TEXT,
    // A fresh requestId on every render: a double click repeats one request; a corrected resubmission is a new one.
    requestId: plans.newRequestId(),
  });
}
