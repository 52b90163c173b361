/** Calendar date in Japan, 'YYYY-MM-DD'. All domain date arithmetic works on these, never on Date objects. */
export type IsoDate = string;

/** 申請区分: 新規 / 更新 / 区分変更 / 転入（転入者継続） */
export const APPLICATION_TYPES = ['new', 'renewal', 'level_change', 'transfer_in'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** 要介護状態区分等. 'non_applicable' = 非該当（自立）. Ordered from lightest to heaviest. */
export const CARE_LEVELS = [
  'non_applicable',
  'support_1',
  'support_2',
  'care_1',
  'care_2',
  'care_3',
  'care_4',
  'care_5',
] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];

/** 認知症高齢者の日常生活自立度 */
export const DEMENTIA_INDEPENDENCE = ['自立', 'I', 'IIa', 'IIb', 'IIIa', 'IIIb', 'IV', 'M'] as const;
export type DementiaIndependence = (typeof DEMENTIA_INDEPENDENCE)[number];

/** Who handed in the application (申請者の区分). */
export const APPLICANT_KINDS = ['self', 'family', 'office_proxy', 'guardian'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Stages of one certification case (§1.16), shown on lists and used as a search attribute. */
export const CERTIFICATION_STAGES = [
  'received', // 受付
  'investigating', // 認定調査・主治医意見書
  'primary_judged', // 一次判定済
  'board_scheduled', // 審査会予定
  'judged', // 二次判定済・処分待ち
  'awaiting_approval', // 処分の決裁待ち
  'decided', // 決定
  'notified', // 結果通知済
  'withdrawn', // 取下げ
  'rejected', // 却下
  'closed', // 転出等で終了
] as const;
export type CertificationStage = (typeof CERTIFICATION_STAGES)[number];

/** 延期通知の理由 (Kasugai / Higashihiroshima codes). */
export const POSTPONEMENT_REASONS = [
  'survey_missing',
  'opinion_missing',
  'both_missing',
  'waiting_for_board',
  'on_hold',
] as const;
export type PostponementReason = (typeof POSTPONEMENT_REASONS)[number];

/** SLA state shown on lists. */
export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'done';

/** Municipal and office roles. */
export const ROLES = [
  'intake', // 認定係
  'surveyor', // 認定調査員
  'board_secretariat', // 審査会事務局
  'benefits', // 給付係
  'supervisor', // 監督者（係長）
  'office_staff', // 事業所職員
  'doctor', // 医療機関（主治医）
] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of care office. */
export const OFFICE_KINDS = [
  'home_care_support', // 居宅介護支援事業所
  'community_support_center', // 地域包括支援センター
  'preventive_support', // 介護予防支援事業所
  'facility', // 介護保険施設
  'care_service', // 介護サービス事業所（訪問・通所・居住系など、上記以外）
  'medical_institution', // 医療機関（病院・診療所）
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];
