/**
 * 要介護認定申請書 (intake form): the zod schema with Japanese messages, the select options, and the mapping to
 * CertificationService.receiveApplication. Shared by the municipal intake page and the care office's 代行申請 page.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../../domain/actor';
import { APPLICANT_KINDS, APPLICATION_TYPES, CARE_LEVELS } from '../../../domain/certification/types';
import { dateField } from '../../action-form';
import { APPLICANT_KIND_LABELS, APPLICATION_TYPE_LABELS, CARE_LEVEL_LABELS } from '../../../domain/glossary';

const date = (label: string) => dateField(label);
const optionalDate = (label: string) => dateField(label).optional();
const officeNo = (label: string) =>
  z
    .string()
    .regex(/^\d{10}$/, `${label}は10桁の数字で入力してください`)
    .optional();

/** 本人確認の方法 (how identity was checked at the counter or by the office). */
export const IDENTITY_CHECK_METHODS = [
  'マイナンバーカード',
  '運転免許証',
  '被保険者証と健康保険証',
  '代行事業所による確認',
  'その他',
] as const;
/** 居所の種別. */
export const RESIDENCE_KINDS = { home: '自宅', hospital: '病院（入院中）', facility: '施設', other: 'その他' } as const;

/** Every field of the form; cross-field rules (代行 needs 事業所番号, 区分変更 needs a reason, …) in superRefine. */
export const applicationSchema = z
  .object({
    applicationNo: z
      .string({ error: '受付番号を入力してください' })
      .regex(/^[0-9A-Za-z-]{1,20}$/, '受付番号は20文字以内の英数字とハイフンで入力してください'),
    insuredNo: z
      .string({ error: '被保険者番号を入力してください' })
      .regex(/^\d{10}$/, '被保険者番号は10桁の数字で入力してください'),
    requestedType: z.enum(APPLICATION_TYPES, { error: '申請区分を選んでください' }),
    appliedOn: date('申請日'),
    applicantKind: z.enum(APPLICANT_KINDS, { error: '申請者の区分を選んでください' }),
    applicantName: z
      .string({ error: '申請者の氏名を入力してください' })
      .max(100, '申請者の氏名は100文字以内で入力してください'),
    applicantOfficeNo: officeNo('代行事業所の事業所番号'),
    identityCheckMethod: z.enum(IDENTITY_CHECK_METHODS, { error: '本人確認の方法を選んでください' }),
    doctorName: z
      .string({ error: '主治医の氏名を入力してください' })
      .max(100, '主治医の氏名は100文字以内で入力してください'),
    doctorClinic: z
      .string({ error: '主治医の医療機関名を入力してください' })
      .max(200, '医療機関名は200文字以内で入力してください'),
    doctorPhone: z
      .string()
      .regex(/^[0-9-]{6,20}$/, '主治医の電話番号は数字とハイフンで入力してください')
      .optional(),
    residenceKind: z.enum(Object.keys(RESIDENCE_KINDS) as [keyof typeof RESIDENCE_KINDS], {
      error: '居所を選んでください',
    }),
    residenceName: z.string().max(200, '居所の名称は200文字以内で入力してください').optional(),
    levelChangeReason: z.string().max(1000, '区分変更の理由は1000文字以内で入力してください').optional(),
    movedInOn: optionalDate('転入日'),
    transferLevel: z.enum(CARE_LEVELS, { error: '受給資格証明書の要介護度を選んでください' }).optional(),
    transferValidTo: optionalDate('受給資格証明書の有効期間満了日'),
    consentGiven: z.enum(['yes', 'no'], { error: '介護情報基盤への提供の同意（する・しない）を選んでください' }),
    consentDate: optionalDate('同意日'),
    consentChannel: z.enum(['municipality', 'office_proxy'], { error: '同意の取得者を選んでください' }).optional(),
    consentOfficeNo: officeNo('同意を取得した事業所番号'),
    renewalSkipConsent: z.literal('on').optional(),
  })
  .superRefine((v, ctx) => {
    const need = (cond: boolean, path: string, message: string) => {
      if (cond) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(
      v.applicantKind === 'office_proxy' && !v.applicantOfficeNo,
      'applicantOfficeNo',
      '代行の場合は事業所番号を入力してください',
    );
    need(
      v.requestedType === 'level_change' && !v.levelChangeReason,
      'levelChangeReason',
      '区分変更の申請理由を入力してください',
    );
    need(v.requestedType === 'transfer_in' && !v.movedInOn, 'movedInOn', '転入日を入力してください');
    need(
      v.requestedType === 'transfer_in' && !v.transferLevel,
      'transferLevel',
      '受給資格証明書の要介護度を選んでください',
    );
    need(v.residenceKind !== 'home' && !v.residenceName, 'residenceName', '入院先・入所先の名称を入力してください');
    need(v.consentGiven === 'yes' && !v.consentDate, 'consentDate', '同意日を入力してください');
    need(v.consentGiven === 'yes' && !v.consentChannel, 'consentChannel', '同意の取得者を選んでください');
    need(
      v.consentChannel === 'office_proxy' && !v.consentOfficeNo,
      'consentOfficeNo',
      '同意を取得した事業所番号を入力してください',
    );
  });

export type ApplicationForm = z.infer<typeof applicationSchema>;

/** Select options for the template, with the submitted value selected. */
export function applicationFormOptions(values: Record<string, unknown>) {
  const sel = <T extends string>(name: string, entries: [T, string][]) =>
    entries.map(([value, label]) => ({ value, label, selected: values[name] === value }));
  return {
    types: sel(
      'requestedType',
      APPLICATION_TYPES.map((t) => [t, APPLICATION_TYPE_LABELS[t]]),
    ),
    applicantKinds: sel(
      'applicantKind',
      APPLICANT_KINDS.map((k) => [k, APPLICANT_KIND_LABELS[k]]),
    ),
    identityMethods: sel(
      'identityCheckMethod',
      IDENTITY_CHECK_METHODS.map((m) => [m, m]),
    ),
    residenceKinds: sel('residenceKind', Object.entries(RESIDENCE_KINDS) as [string, string][]),
    levels: sel(
      'transferLevel',
      CARE_LEVELS.filter((l) => l !== 'non_applicable').map((l) => [l, CARE_LEVEL_LABELS[l]]),
    ),
    consentChannels: sel('consentChannel', [
      ['municipality', '市が取得'],
      ['office_proxy', '事業所が代わりに取得'],
    ]),
  };
}

/**
 * A fresh 受付番号 for a new form, e.g. '20261125-3F9A1C'. It is part of the workflow ID, so submitting the same
 * form twice (double click, back button) reaches the same case instead of starting a second one.
 */
export function newApplicationNo(today: string): string {
  return `${today.replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** The service's field paths (applicationSchema in web/services/certification.ts) → this form's field names. */
const SERVICE_FIELDS: Record<string, string> = {
  insurerNo: 'insuredNo',
  type: 'requestedType',
  'applicant.kind': 'applicantKind',
  'applicant.name': 'applicantName',
  'applicant.officeNo': 'applicantOfficeNo',
  'doctor.name': 'doctorName',
  'doctor.clinic': 'doctorClinic',
  'doctor.phone': 'doctorPhone',
  'residence.kind': 'residenceKind',
  'residence.name': 'residenceName',
  'transferCertificate.level': 'transferLevel',
  'transferCertificate.validTo': 'transferValidTo',
  'consent.granted': 'consentGiven',
  'consent.date': 'consentDate',
  'consent.obtainedBy': 'consentChannel',
  'consent.officeNo': 'consentOfficeNo',
};

/** Maps an error reported by the intake service onto the form field it concerns. */
export function formField(servicePath: string): string {
  return SERVICE_FIELDS[servicePath] ?? servicePath;
}

/** What the form hands to CertificationService.receiveApplication (申請書の内容, before the 申請区分 is classified). */
export function toIntakeRequest(f: ApplicationForm, actor: Actor) {
  return {
    insurerNo: actor.insurerNo,
    applicationNo: f.applicationNo,
    insuredNo: f.insuredNo,
    type: f.requestedType,
    identityCheckedBy: actor.displayName,
    appliedOn: f.appliedOn,
    applicant: {
      kind: f.applicantKind,
      name: f.applicantName,
      officeNo: f.applicantKind === 'office_proxy' ? (f.applicantOfficeNo ?? null) : null,
    },
    identityCheckMethod: f.identityCheckMethod,
    doctor: { name: f.doctorName, clinic: f.doctorClinic, phone: f.doctorPhone ?? null },
    residence: { kind: f.residenceKind, name: f.residenceName ?? null },
    levelChangeReason: f.requestedType === 'level_change' ? (f.levelChangeReason ?? null) : null,
    movedInOn: f.requestedType === 'transfer_in' ? (f.movedInOn ?? null) : null,
    transferCertificate:
      f.requestedType === 'transfer_in' && f.transferLevel
        ? { level: f.transferLevel, validTo: f.transferValidTo ?? null }
        : null,
    consent:
      f.consentGiven === 'yes'
        ? {
            granted: true,
            date: f.consentDate ?? f.appliedOn,
            obtainedBy: f.consentChannel ?? 'municipality',
            officeNo: f.consentChannel === 'office_proxy' ? (f.consentOfficeNo ?? null) : null,
          }
        : { granted: false, date: f.appliedOn, obtainedBy: 'municipality' as const, officeNo: null },
    renewalConsentToSkipPostponement: f.renewalSkipConsent === 'on',
  };
}
