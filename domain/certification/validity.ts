/** 有効期間 (validity period) arithmetic and 区分変更 outcomes [S11] [S12] [S15] [S16] [S19] [S85]. Pure. */
import type { ApplicationType, CareLevel, IsoDate } from './types';
import type { CertificationRules, MonthsRange } from './rules';
import { addDays, addMonths, endOfMonth, isValidIsoDate, startOfMonth } from '../dates';
import { isWithinRenewalWindow } from './intake';

/** 非該当には有効期間がない: range {0,0,0} [S19d]. */
export const NO_VALIDITY: MonthsRange = Object.freeze({ min: 0, max: 0, default: 0 });

/** 同一区分: the same 要介護状態区分 (care_2 → care_2), which unlocks the 48-month renewal range [S12]. */
export function isSameLevel(a: CareLevel | null | undefined, b: CareLevel | null | undefined): boolean {
  return a != null && b != null && a === b;
}

/** The 区分変更's dates, needed to tell a みなし更新 (same level, filed inside the renewal window) [S15] [S16]. */
export interface LevelChangeDates {
  appliedOn: IsoDate;
  currentExpiry: IsoDate | null;
}

/**
 * 有効期間の設定範囲: by application type; 更新 uses renewal_same_level when the level is unchanged, else
 * renewal_changed; a 区分変更 that finds the same level inside the renewal window is a みなし更新 and takes the
 * 更新 range (renewal_same_level); 非該当 has no period ({0,0,0}) [S12] [S14] [S15] [S16].
 */
export function validityMonthsRange(
  type: ApplicationType,
  previousLevel: CareLevel | null,
  newLevel: CareLevel,
  rules: CertificationRules,
  levelChange?: LevelChangeDates,
): { min: number; max: number; default: number } {
  if (newLevel === 'non_applicable') return { ...NO_VALIDITY };
  const table = rules.validityMonths;
  switch (type) {
    case 'new':
      return { ...table.new };
    case 'level_change':
      return isDeemedRenewal(previousLevel, newLevel, rules, levelChange)
        ? { ...table.renewal_same_level }
        : { ...table.level_change };
    case 'transfer_in':
      return { ...table.transfer_in };
    case 'renewal':
      return { ...(isSameLevel(previousLevel, newLevel) ? table.renewal_same_level : table.renewal_changed) };
  }
}

/** みなし更新: a 区分変更 whose decided level equals the current one, filed inside the renewal window [S15] [S16]. */
export function isDeemedRenewal(
  currentLevel: CareLevel | null,
  decidedLevel: CareLevel,
  rules: CertificationRules,
  dates?: LevelChangeDates,
): boolean {
  return (
    dates?.currentExpiry != null &&
    isSameLevel(currentLevel, decidedLevel) &&
    isWithinRenewalWindow(dates.appliedOn, dates.currentExpiry, rules)
  );
}

/** End of the N-month period starting on `from`: a 1st counts as month 1, any other day starts the count next month [S11] [S85]. */
function periodEnd(from: IsoDate, months: number): IsoDate {
  const isFirst = from.endsWith('-01');
  return endOfMonth(addMonths(startOfMonth(from), isFirst ? months - 1 : months));
}

/**
 * 認定有効期間: 新規/区分変更/転入 from the application date to the end of (month + N, or + N−1 if applied on the 1st);
 * 更新 from the day after the previous expiry for N months, regardless of the decision date [S11] [S85].
 */
export function validityPeriod(input: {
  type: ApplicationType;
  appliedOn: IsoDate;
  previousExpiry?: IsoDate | null;
  months: number;
}): { from: IsoDate; to: IsoDate } {
  const { type, appliedOn, previousExpiry, months } = input;
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`有効期間の月数が不正です: ${months}`);
  if (!isValidIsoDate(appliedOn)) throw new RangeError(`申請日が不正です: ${appliedOn}`);
  let from: IsoDate;
  if (type === 'renewal') {
    if (!previousExpiry || !isValidIsoDate(previousExpiry)) {
      throw new RangeError('更新の有効期間には前回の有効期間満了日が必要です');
    }
    from = addDays(previousExpiry, 1);
  } else {
    from = appliedOn;
  }
  return { from, to: periodEnd(from, months) };
}

/**
 * 区分変更の結果: a different level → changed (retroactive to the application date); same level → 却下（変更なし）,
 * or みなし更新 when applied inside the renewal window (new validity from the day after expiry) [S15] [S16].
 */
export function levelChangeOutcome(input: {
  currentLevel: CareLevel;
  decidedLevel: CareLevel;
  appliedOn: IsoDate;
  currentExpiry: IsoDate;
  rules: CertificationRules;
}): 'changed' | 'rejected_no_change' | 'deemed_renewal' {
  const { currentLevel, decidedLevel, appliedOn, currentExpiry, rules } = input;
  if (currentLevel !== decidedLevel) return 'changed';
  return isWithinRenewalWindow(appliedOn, currentExpiry, rules) ? 'deemed_renewal' : 'rejected_no_change';
}
