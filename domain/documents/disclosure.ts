/**
 * 資料提供申請: a care office asks the city for paper copies of the 認定調査票 and 主治医意見書 (before the insurer is
 * online, and as the fallback after). The city grants or refuses by its rules (domain.md §2.4, Koto): the person's
 * consent on the 申請書; refused when the office has filed no 居宅届, before the result reaches the person, or when
 * the result is 非該当 — each refusal a per-insurer setting with effective dates (UNCONFIRMED which cities use which).
 * An opinion on the form with the doctor's consent box (before 2026-04-01) goes only with that consent. Pure.
 */
import type { IsoDate } from '../certification/types';
import { compareDates } from '../dates';

/** Which refusals the insurer applies (each UNCONFIRMED, so a setting). */
export interface DisclosureRules {
  /** refuse when the requesting office has filed no 居宅届 for the person */
  refuseWithoutPlanNotification: boolean;
  /** refuse while the result has not reached the person (結果通知の前) */
  refuseBeforeResultNotified: boolean;
  /** refuse when the result is 非該当 */
  refuseNonApplicable: boolean;
}

/** One version of the settings and the first day it is in force; a version overrides only what it names. */
export interface DisclosureRuleVersion {
  effectiveFrom: IsoDate;
  rules: Partial<DisclosureRules>;
}

/** The default: Koto's three refusals (domain.md §2.4), in force from the start of the insurance. */
export const DEFAULT_DISCLOSURE_RULE_VERSIONS: readonly DisclosureRuleVersion[] = [
  {
    effectiveFrom: '2000-04-01',
    rules: { refuseWithoutPlanNotification: true, refuseBeforeResultNotified: true, refuseNonApplicable: true },
  },
];

/** The settings in force on `on`: the versions up to that day, later ones overriding earlier. */
export function disclosureRulesOn(versions: readonly DisclosureRuleVersion[], on: IsoDate): DisclosureRules {
  const merged: DisclosureRules = {
    refuseWithoutPlanNotification: false,
    refuseBeforeResultNotified: false,
    refuseNonApplicable: false,
  };
  const applicable = versions
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => compareDates(v.effectiveFrom, on) <= 0)
    .sort((a, b) => compareDates(a.v.effectiveFrom, b.v.effectiveFrom) || a.i - b.i);
  for (const { v } of applicable)
    for (const [k, value] of Object.entries(v.rules))
      if (typeof value === 'boolean' && k in merged) merged[k as keyof DisclosureRules] = value;
  return merged;
}

/** Why a request is refused. */
export type DisclosureRefusal =
  'no_case' | 'no_consent' | 'no_plan_notification' | 'not_notified' | 'non_applicable' | 'no_documents';

/** The city's words for each refusal (the 不提供 notice and the city page). */
export const DISCLOSURE_REFUSAL_LABELS: Readonly<Record<DisclosureRefusal, string>> = {
  no_case: '申出の被保険者番号・生年月日に一致する認定申請がありません',
  no_consent: '認定申請書で本人の同意が得られていません（または撤回されています）',
  no_plan_notification: '貴事業所からの居宅サービス計画作成依頼届出書（居宅届）が提出されていません',
  not_notified: '認定結果がまだ本人に通知されていません',
  non_applicable: '認定結果が非該当のため提供できません',
  no_documents: '提供できる資料（完了した認定調査票・主治医の同意がある意見書）がありません',
};

/**
 * What the office is told: the reasons it may know. A number that matches nobody and a person without consent read
 * the same (an office must not learn from the answer whether the person exists or agreed).
 */
export function officeRefusalMessage(reasons: readonly DisclosureRefusal[]): string {
  if (reasons.includes('no_case') || reasons.includes('no_consent'))
    return 'お申出の被保険者について提供できる資料を確認できませんでした。被保険者番号・生年月日をご確認ください';
  return reasons.map((r) => DISCLOSURE_REFUSAL_LABELS[r]).join('／');
}

/** What the decision reads about the request, the person's latest certification case and the office. */
export interface DisclosureFacts {
  /** the number and birth date match a person of the insurer who has a decided certification case */
  caseFound: boolean;
  /** the person's consent (given on the 申請書) in force */
  consent: boolean;
  /** the requesting office filed a 居宅届 for the person (accepted and in force, or under review) */
  planNotificationFiled: boolean;
  /** the result notice has gone to the person */
  resultNotified: boolean;
  nonApplicable: boolean;
  surveyCompleted: boolean;
  opinionCompleted: boolean;
  /** the doctor's answer on a form with the consent box; null on a form without it (the person's consent governs) */
  opinionDoctorConsent: boolean | null;
  requested: { survey: boolean; opinion: boolean };
}

export type DisclosureDecision =
  | { ok: true; include: { survey: boolean; opinion: boolean }; notes: string[] }
  | { ok: false; reasons: DisclosureRefusal[] };

/** 提供 or 不提供, and what a copy holds: the documents asked for that are complete and may go. */
export function disclosureDecision(f: DisclosureFacts, rules: DisclosureRules): DisclosureDecision {
  if (!f.caseFound) return { ok: false, reasons: ['no_case'] };
  const reasons: DisclosureRefusal[] = [];
  if (!f.consent) reasons.push('no_consent');
  if (rules.refuseWithoutPlanNotification && !f.planNotificationFiled) reasons.push('no_plan_notification');
  if (rules.refuseBeforeResultNotified && !f.resultNotified) reasons.push('not_notified');
  if (rules.refuseNonApplicable && f.nonApplicable) reasons.push('non_applicable');
  if (reasons.length > 0) return { ok: false, reasons };
  const notes: string[] = [];
  const survey = f.requested.survey && f.surveyCompleted;
  if (f.requested.survey && !f.surveyCompleted) notes.push('認定調査票は完了していないため含みません');
  let opinion = f.requested.opinion && f.opinionCompleted;
  if (f.requested.opinion && !f.opinionCompleted) notes.push('主治医意見書は受領していないため含みません');
  if (opinion && f.opinionDoctorConsent === false) {
    opinion = false;
    notes.push('主治医が介護サービス計画作成等への利用に同意していないため、主治医意見書は含みません');
  }
  if (!survey && !opinion) return { ok: false, reasons: ['no_documents'] };
  return { ok: true, include: { survey, opinion }, notes };
}
