/** Who may see and do what: office viewing rules and municipal role permissions [S49] [S50] [S52] [S53] [S54]. Pure. */
import type { IsoDate, Role } from './certification/types';
import { compareDates } from './dates';

/** 操作 (permission keys checked by the web and workflow layers). */
export const ACTIONS = [
  'certification.intake',
  'certification.withdraw',
  'certification.postpone',
  /** 処分の決定 (認定係・係長) and its 決裁 (係長), issue 18 */
  'certification.decide',
  'certification.approve',
  /** 暫定利用の登録: the 認定係, and the office that filed the 代行申請 or the 居宅届 (web checks which office) */
  'certification.interim',
  /** 暫定利用の精算 (全額自己負担) by the 給付係 */
  'interim.settle',
  /** 認定取消 at the person's request (認定係・係長), issue 18 */
  'certification.cancel',
  'survey.assign',
  'survey.record',
  /** 委託を受けた認定調査: an office enters the survey of a case whose 認定調査 the city contracted to it, no other. */
  'survey.contracted',
  /** 認定調査票の訂正 after completion, with a reason (認定係, 係長); the surveyor's own only before the 一次判定 */
  'survey.correct',
  'opinion.record',
  'case.hold',
  'board.schedule',
  'board.decide',
  'plan.file',
  'plan.review',
  'case.view_all',
  'case.history',
  /** Raw Temporal histories with their payloads decrypted (personal and medical data): the codec endpoint. */
  'history.decode',
  'dashboard.view',
  'settings.edit',
  /** 担当事業所登録の承認・差し戻し and the city's 本人同意 records (認定係, 係長). */
  'registration.review',
  /** 主治医意見書 and 認定調査 medical details (diagnosis, 特記事項): need to know, not every municipal role. */
  'opinion.medical',
  /** 事業所台帳 (offices, their 指定サービス種別) and the accounts of city staff and office administrators. */
  'office.manage',
  /** A medical institution's own 意見書依頼 (its inbox). */
  'opinion.requests',
  /** 被保険者台帳: enter and correct 負担割合証, 負担限度額認定証 and 住宅改修・福祉用具 usage. */
  'register.edit',
  /** 国保連への受給者異動: the day's export file and its download (給付係, 係長). */
  'kokuhoren.export',
] as const;
export type Action = (typeof ACTIONS)[number];

/** 担当事業所の期間 (endDate null = open) [S54]: history from accepted 居宅届; it no longer opens a person by itself. */
export interface OfficeAssignment {
  officeNo: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/** 本人同意 (包括的な同意) and its withdrawal [S52] [S53] [S50b]. */
export interface SharingConsent {
  granted: boolean;
  revokedOn?: IsoDate | null;
}

/** 担当事業所登録 as the visibility rule needs it (domain/registration/rules.ts decides the dates). */
export interface RegistrationFacts {
  officeNo: string;
  status: 'pending' | 'active' | 'returned' | 'ended';
  effectiveOn: IsoDate | null;
  /** first day without access (the office ended it), null while open */
  endedOn: IsoDate | null;
  /** first day without access for want of 給付実績 (null: never lapses) */
  lapsesOn: IsoDate | null;
}

/** 利用開始日 and データ移行完了 of the person's insurer: before both, no office sees anyone online. */
export interface InsurerOnline {
  startOn: IsoDate | null;
  dataMigrated: boolean;
}

/** The insurer's offices may use the online features today (利用開始日 reached and data migration complete). */
export function insurerOnline(insurer: InsurerOnline | null, today: IsoDate): boolean {
  return !!insurer && insurer.dataMigrated && insurer.startOn != null && compareDates(insurer.startOn, today) <= 0;
}

/** 本人同意 in force today: the latest record grants it and is not withdrawn by today. */
export function consentInForce(consent: SharingConsent | null, today: IsoDate): boolean {
  if (!consent || !consent.granted) return false;
  return !(consent.revokedOn && compareDates(consent.revokedOn, today) <= 0);
}

/** An ACTIVE 担当事業所登録 on `today`: approved or effective, in effect, not ended, not lapsed. */
export function registrationActive(r: RegistrationFacts, today: IsoDate): boolean {
  return (
    r.status === 'active' &&
    r.effectiveOn != null &&
    compareDates(r.effectiveOn, today) <= 0 &&
    (r.endedOn == null || compareDates(today, r.endedOn) < 0) &&
    (r.lapsesOn == null || compareDates(today, r.lapsesOn) < 0)
  );
}

/**
 * 事業所の閲覧可否: the person's 本人同意 is in force AND this office holds an active 担当事業所登録 AND the person's
 * insurer is online (利用開始日 passed, data migration complete) [S49] [S52] [S53] [S54]. Nothing an office files
 * (代行申請, 居宅届) opens a person by itself.
 */
export function officeMayViewPerson(input: {
  officeNo: string;
  today: IsoDate;
  consent: SharingConsent | null;
  registrations: RegistrationFacts[];
  insurer: InsurerOnline | null;
}): boolean {
  const { officeNo, today } = input;
  return (
    insurerOnline(input.insurer, today) &&
    consentInForce(input.consent, today) &&
    input.registrations.some((r) => r.officeNo === officeNo && registrationActive(r, today))
  );
}

const MUNICIPAL_VIEW: Action[] = ['case.view_all', 'case.history', 'dashboard.view'];

/**
 * 役割ごとの権限 (§4.2 design proposal): every municipal role views all cases, history and the dashboard;
 * supervisor may do everything except plan.file; office_staff only 代行申請 and 居宅届 [S1] [S34] [S67].
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  intake: [
    'certification.intake',
    'certification.withdraw',
    'certification.postpone',
    'certification.decide',
    'certification.interim',
    'certification.cancel',
    'opinion.record',
    'case.hold',
    'survey.assign',
    'survey.correct',
    'registration.review',
    'opinion.medical',
    ...MUNICIPAL_VIEW,
  ],
  surveyor: ['survey.record', 'case.hold', ...MUNICIPAL_VIEW],
  board_secretariat: ['board.schedule', 'board.decide', 'opinion.medical', ...MUNICIPAL_VIEW],
  benefits: ['plan.review', 'register.edit', 'kokuhoren.export', 'interim.settle', ...MUNICIPAL_VIEW],
  supervisor: ACTIONS.filter((a) => a !== 'plan.file' && a !== 'opinion.requests' && a !== 'survey.contracted'),
  office_staff: ['certification.intake', 'plan.file', 'certification.interim', 'survey.contracted'],
  doctor: ['opinion.requests'],
};

/** 権限判定: true when the role's permission list contains the action (§4.2) [S34]. */
export function can(role: Role, action: Action): boolean {
  return ROLE_PERMISSIONS[role]?.includes(action) ?? false;
}

/**
 * 居宅届 on the municipal side (need to know, issue 15): only the roles that review them (`plan.review`: 給付係, 係長),
 * through every route — its review page, its case page, its notices, its workflow history, a person's case list.
 */
export function mayReadPlanNotification(role: Role): boolean {
  return can(role, 'plan.review');
}

/** A municipal role may open a case of this kind (案件・通知・履歴): a 居宅届 only with mayReadPlanNotification. */
export function mayReadCaseKind(role: Role, caseKind: string | null | undefined): boolean {
  return caseKind === 'plan_notification' ? mayReadPlanNotification(role) : true;
}

/**
 * 主治医意見書の医学的所見 (e.g. the opinion's 認知症高齢者の日常生活自立度, diagnosis): only roles whose work needs them
 * (`opinion.medical`). The one check every page that shows opinion details uses; the dates that an opinion was
 * requested and received are progress, not medical details, and stay visible.
 */
export function mayReadOpinionMedical(role: Role): boolean {
  return can(role, 'opinion.medical');
}
