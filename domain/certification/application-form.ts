/**
 * 要介護認定申請書: the one table of the intake's fields (labels, bounds, choices) and its checks across fields. The
 * counter's form, the office's 代行申請 form and CertificationService.receiveApplication all validate with the schema
 * the web derives from it, so a rule of the form is a rule of the service (and of every API caller) too.
 */
import type { Actor } from '../actor';
import { APPLICANT_KIND_LABELS, APPLICATION_TYPE_LABELS, CARE_LEVEL_LABELS } from '../glossary';
import type { ActionField } from './actions';
import type { FieldError } from './intake';
import { APPLICANT_KINDS, APPLICATION_TYPES, CARE_LEVELS, type ApplicationType, type IsoDate } from './types';

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
const CONSENT_CHANNELS = { municipality: '市が取得', office_proxy: '事業所が代わりに取得' } as const;

const options = (entries: [string, string][]) => entries.map(([value, label]) => ({ value, label }));
const digits10 = (label: string) => ({ regex: /^\d{10}$/, message: `${label}は10桁の数字で入力してください` });

/** Every field of the 申請書, in form order. */
export const APPLICATION_FIELDS: readonly ActionField[] = [
  {
    name: 'applicationNo',
    label: '受付番号',
    type: 'text',
    required: true,
    pattern: { regex: /^[0-9A-Za-z-]{1,20}$/, message: '受付番号は20文字以内の英数字とハイフンで入力してください' },
  },
  { name: 'insuredNo', label: '被保険者番号', type: 'text', required: true, pattern: digits10('被保険者番号') },
  {
    name: 'requestedType',
    label: '申請区分',
    type: 'select',
    required: true,
    options: options(APPLICATION_TYPES.map((t) => [t, APPLICATION_TYPE_LABELS[t]])),
  },
  { name: 'appliedOn', label: '申請日', type: 'date', required: true },
  {
    name: 'applicantKind',
    label: '申請者の区分',
    type: 'select',
    required: true,
    options: options(APPLICANT_KINDS.map((k) => [k, APPLICANT_KIND_LABELS[k]])),
  },
  { name: 'applicantName', label: '申請者の氏名', type: 'text', required: true, maxLength: 100 },
  {
    name: 'applicantOfficeNo',
    label: '代行事業所の事業所番号',
    type: 'text',
    pattern: digits10('代行事業所の事業所番号'),
  },
  {
    name: 'identityCheckMethod',
    label: '本人確認の方法',
    type: 'select',
    required: true,
    options: options(IDENTITY_CHECK_METHODS.map((m) => [m, m])),
  },
  { name: 'doctorName', label: '主治医の氏名', type: 'text', required: true, maxLength: 100 },
  // 医療機関名 is typed for a clinic not on the register (paper request), or taken from the register when one is picked
  { name: 'doctorClinic', label: '主治医の医療機関名', type: 'text', maxLength: 200 },
  {
    name: 'doctorInstitutionNo',
    label: '主治医の医療機関（登録医療機関）',
    type: 'text',
    pattern: digits10('主治医の医療機関の番号'),
  },
  {
    name: 'doctorPhone',
    label: '主治医の電話番号',
    type: 'text',
    pattern: { regex: /^[0-9-]{6,20}$/, message: '主治医の電話番号は数字とハイフンで入力してください' },
  },
  {
    name: 'residenceKind',
    label: '居所',
    type: 'select',
    required: true,
    options: options(Object.entries(RESIDENCE_KINDS)),
  },
  { name: 'residenceName', label: '居所の名称', type: 'text', maxLength: 200 },
  { name: 'levelChangeReason', label: '区分変更の理由', type: 'textarea', maxLength: 1000 },
  { name: 'movedInOn', label: '転入日', type: 'date' },
  {
    name: 'transferLevel',
    label: '受給資格証明書の要介護度',
    type: 'select',
    options: options(CARE_LEVELS.filter((l) => l !== 'non_applicable').map((l) => [l, CARE_LEVEL_LABELS[l]])),
  },
  { name: 'transferValidTo', label: '受給資格証明書の有効期間満了日', type: 'date' },
  {
    name: 'consentGiven',
    label: '介護情報基盤への提供の同意（する・しない）',
    type: 'select',
    required: true,
    options: options([
      ['yes', '同意する'],
      ['no', '同意しない'],
    ]),
  },
  { name: 'consentDate', label: '同意日', type: 'date' },
  { name: 'consentChannel', label: '同意の取得者', type: 'select', options: options(Object.entries(CONSENT_CHANNELS)) },
  {
    name: 'consentOfficeNo',
    label: '同意を取得した事業所番号',
    type: 'text',
    pattern: digits10('同意を取得した事業所番号'),
  },
  { name: 'renewalSkipConsent', label: '延期通知の省略に同意（更新）', type: 'checkbox' },
  { name: 'opinionBrought', label: '主治医意見書を申請者が持参（意見書依頼なし）', type: 'checkbox' },
];

/** The 申請書 as the form gives it, once each field has passed its own check. */
export interface ApplicationForm {
  applicationNo: string;
  insuredNo: string;
  requestedType: ApplicationType;
  appliedOn: IsoDate;
  applicantKind: (typeof APPLICANT_KINDS)[number];
  applicantName: string;
  applicantOfficeNo?: string;
  identityCheckMethod: (typeof IDENTITY_CHECK_METHODS)[number];
  doctorName: string;
  doctorClinic?: string;
  /** 事業所番号 of a registered 医療機関 with a doctor account: the 意見書依頼 goes to its /medical inbox */
  doctorInstitutionNo?: string;
  doctorPhone?: string;
  residenceKind: keyof typeof RESIDENCE_KINDS;
  residenceName?: string;
  levelChangeReason?: string;
  movedInOn?: IsoDate;
  transferLevel?: (typeof CARE_LEVELS)[number];
  transferValidTo?: IsoDate;
  consentGiven: 'yes' | 'no';
  consentDate?: IsoDate;
  consentChannel?: keyof typeof CONSENT_CHANNELS;
  consentOfficeNo?: string;
  renewalSkipConsent: boolean;
  /** 主治医意見書 brought by the applicant: no 意見書依頼, no 督促 */
  opinionBrought?: boolean;
}

/** Checks across fields: what one field needs because of another. */
export function applicationCrossCheck(v: Readonly<Record<string, unknown>>): FieldError[] {
  const e: FieldError[] = [];
  const need = (cond: boolean, field: string, message: string) => cond && e.push({ field, message });
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
  need(
    !v.doctorClinic && !v.doctorInstitutionNo,
    'doctorClinic',
    '主治医の医療機関を一覧から選ぶか、医療機関名を入力してください',
  );
  need(v.residenceKind !== 'home' && !v.residenceName, 'residenceName', '入院先・入所先の名称を入力してください');
  need(v.consentGiven === 'yes' && !v.consentDate, 'consentDate', '同意日を入力してください');
  need(v.consentGiven === 'yes' && !v.consentChannel, 'consentChannel', '同意の取得者を選んでください');
  need(
    v.consentChannel === 'office_proxy' && !v.consentOfficeNo,
    'consentOfficeNo',
    '同意を取得した事業所番号を入力してください',
  );
  return e;
}

/** What receiveApplication takes: the 申請書 shaped as the workflow's input (before the 申請区分 is classified). */
export function applicationRequestOf(f: ApplicationForm, actor: Pick<Actor, 'insurerNo' | 'displayName'>) {
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
    doctor: {
      name: f.doctorName,
      clinic: f.doctorClinic ?? '',
      phone: f.doctorPhone ?? null,
      institutionNo: f.doctorInstitutionNo ?? null,
    },
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
    renewalConsentToSkipPostponement: f.renewalSkipConsent,
    ...(f.opinionBrought ? { opinionBroughtAtIntake: true } : {}),
  };
}
export type ApplicationRequest = ReturnType<typeof applicationRequestOf>;

/**
 * The 申請書's fields of a request an API caller built (the inverse of applicationRequestOf), so the service checks it
 * with the form's own schema. Anything that is not an object reads as missing.
 */
export function applicationFieldsOf(request: unknown): Record<string, unknown> {
  const o = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});
  const r = o(request);
  const [a, d, res, t] = [o(r.applicant), o(r.doctor), o(r.residence), o(r.transferCertificate)];
  const c = r.consent == null ? null : o(r.consent);
  const given = c?.granted === true ? 'yes' : c?.granted === false ? 'no' : c ? c.granted : undefined;
  const orUndefined = (x: unknown) => (x == null ? undefined : x);
  return {
    applicationNo: r.applicationNo,
    insuredNo: r.insuredNo,
    requestedType: r.type,
    appliedOn: r.appliedOn,
    applicantKind: a.kind,
    applicantName: a.name,
    applicantOfficeNo: orUndefined(a.officeNo),
    identityCheckMethod: r.identityCheckMethod,
    doctorName: d.name,
    doctorClinic: d.clinic === '' ? undefined : d.clinic,
    doctorInstitutionNo: orUndefined(d.institutionNo),
    doctorPhone: orUndefined(d.phone),
    residenceKind: res.kind,
    residenceName: orUndefined(res.name),
    levelChangeReason: orUndefined(r.levelChangeReason),
    movedInOn: orUndefined(r.movedInOn),
    transferLevel: orUndefined(t.level),
    transferValidTo: orUndefined(t.validTo),
    consentGiven: given,
    consentDate: given === 'yes' ? c?.date : undefined,
    consentChannel: given === 'yes' ? c?.obtainedBy : undefined,
    consentOfficeNo: given === 'yes' ? orUndefined(c?.officeNo) : undefined,
    renewalSkipConsent: r.renewalConsentToSkipPostponement === true ? 'on' : undefined,
    opinionBrought: r.opinionBroughtAtIntake === true ? 'on' : undefined,
  };
}
