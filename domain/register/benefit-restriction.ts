/**
 * 給付制限 (benefit restrictions for unpaid premiums, 介護保険法66〜69条): 支払方法変更 (償還払い化), 保険給付の一時差止 and
 * 給付額減額, each with its period (an end date, or open until ended). Printed on the 被保険者証 (field G) and sent to
 * the 国保連 with the 受給者異動. Pure: kinds, labels, the checks of an entry, the restriction in force on a date.
 */
import type { IsoDate } from '../certification/types';
import { compareDates, formatWareki, isValidIsoDate } from '../dates';

/** 給付制限の種類. */
export const BENEFIT_RESTRICTION_KINDS = ['payment_method_change', 'benefit_suspension', 'benefit_reduction'] as const;
export type BenefitRestrictionKind = (typeof BENEFIT_RESTRICTION_KINDS)[number];

/** 給付制限の種類 → label. */
export const BENEFIT_RESTRICTION_LABELS: Readonly<Record<BenefitRestrictionKind, string>> = {
  payment_method_change: '支払方法変更',
  benefit_suspension: '保険給付の一時差止',
  benefit_reduction: '給付額減額',
};

/** One restriction with its period (validTo null: open until ended). */
export interface BenefitRestriction {
  kind: BenefitRestrictionKind;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** Whether a string is a known kind. */
export function isBenefitRestrictionKind(s: unknown): s is BenefitRestrictionKind {
  return (BENEFIT_RESTRICTION_KINDS as readonly unknown[]).includes(s);
}

/** As printed on the 被保険者証: 「給付額減額（令和8年10月1日〜令和9年9月30日）」, open-ended 「（令和8年10月1日〜）」. */
export function benefitRestrictionLabel(r: BenefitRestriction): string {
  const to = r.validTo ? formatWareki(r.validTo) : '';
  return `${BENEFIT_RESTRICTION_LABELS[r.kind]}（${formatWareki(r.validFrom)}〜${to}）`;
}

/** Whether two periods share a day (an open end runs forever). */
function overlaps(a: BenefitRestriction, b: BenefitRestriction): boolean {
  const aEndsBeforeB = a.validTo !== null && compareDates(a.validTo, b.validFrom) < 0;
  const bEndsBeforeA = b.validTo !== null && compareDates(b.validTo, a.validFrom) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** A problem of one field, in Japanese. */
export interface RestrictionProblem {
  field: 'validFrom' | 'validTo' | 'kind';
  message: string;
}

/**
 * 入力の検査 of a 給付制限 entry against the person's other current restrictions (the one being corrected left out):
 * real dates, the end not before the start, not starting before the person's 資格取得 (birth date as the floor), and
 * no overlap with another restriction of the same kind. Empty when valid.
 */
export function benefitRestrictionProblems(
  entry: BenefitRestriction,
  others: readonly BenefitRestriction[],
  birthDate: IsoDate | null,
): RestrictionProblem[] {
  const problems: RestrictionProblem[] = [];
  if (!isBenefitRestrictionKind(entry.kind))
    problems.push({ field: 'kind', message: '給付制限の種類を選択してください' });
  if (!isValidIsoDate(entry.validFrom)) problems.push({ field: 'validFrom', message: '開始日が正しくありません' });
  if (entry.validTo !== null && !isValidIsoDate(entry.validTo))
    problems.push({ field: 'validTo', message: '終了日が正しくありません' });
  if (problems.length > 0) return problems;
  if (entry.validTo !== null && compareDates(entry.validTo, entry.validFrom) < 0)
    problems.push({ field: 'validTo', message: '終了日は開始日以降の日付にしてください' });
  if (birthDate && compareDates(entry.validFrom, birthDate) < 0)
    problems.push({ field: 'validFrom', message: '開始日が生年月日より前です' });
  if (problems.length > 0) return problems;
  const clash = others.find((o) => o.kind === entry.kind && overlaps(o, entry));
  if (clash)
    problems.push({
      field: 'validFrom',
      message: `同じ種類の給付制限と期間が重なっています（${benefitRestrictionLabel(clash)}）`,
    });
  return problems;
}

/** The problem of ending a restriction on `endOn`, in Japanese, or null. */
export function endProblem(r: BenefitRestriction, endOn: IsoDate): string | null {
  if (!isValidIsoDate(endOn)) return '終了日が正しくありません';
  if (compareDates(endOn, r.validFrom) < 0) return '終了日は開始日以降の日付にしてください';
  if (r.validTo !== null && compareDates(endOn, r.validTo) > 0) return 'すでにこの日より前に終了しています';
  return null;
}

/** The restrictions in force on a date (several kinds may run together), earliest start first. */
export function restrictionsInForce<T extends BenefitRestriction>(rs: readonly T[], on: IsoDate): T[] {
  return rs
    .filter((r) => compareDates(r.validFrom, on) <= 0 && (r.validTo === null || compareDates(on, r.validTo) <= 0))
    .sort((a, b) => compareDates(a.validFrom, b.validFrom));
}

/**
 * The 被保険者証's 給付制限 text on a date: the restrictions in force or starting later, joined with 「、」; null for
 * none (printed 「なし」).
 */
export function benefitRestrictionText(rs: readonly BenefitRestriction[], on: IsoDate): string | null {
  const shown = rs
    .filter((r) => r.validTo === null || compareDates(on, r.validTo) <= 0)
    .sort((a, b) => compareDates(a.validFrom, b.validFrom));
  return shown.length > 0 ? shown.map(benefitRestrictionLabel).join('、') : null;
}
