/** 二次判定 (介護認定審査会) entry checks [S14] [S85] [S12] [S32]. Pure. */
import type { ApplicationType, CareLevel } from './types';
import type { CertificationRules } from './rules';
import type { FieldError } from './intake';
import { validityMonthsRange } from './validity';

/**
 * 二次判定の入力検証: the board may change the 一次判定 level; the 有効期間 months must be an integer within the
 * range for the type (同一区分の更新 up to 48); 非該当 has no period, so months are ignored [S12] [S14] [S85].
 */
export function validateSecondaryJudgement(input: {
  type: ApplicationType;
  previousLevel: CareLevel | null;
  primaryLevel: CareLevel;
  finalLevel: CareLevel;
  months: number;
  rules: CertificationRules;
}): FieldError[] {
  const { type, previousLevel, finalLevel, months, rules } = input;
  const errors: FieldError[] = [];
  if (finalLevel === 'non_applicable') return errors;
  const range = validityMonthsRange(type, previousLevel, finalLevel, rules);
  if (typeof months !== 'number' || !Number.isInteger(months)) {
    errors.push({ field: 'months', message: '有効期間の月数を整数で入力してください' });
  } else if (months < range.min || months > range.max) {
    errors.push({
      field: 'months',
      message: `有効期間は${range.min}〜${range.max}か月の範囲で入力してください（原則${range.default}か月）`,
    });
  }
  return errors;
}
