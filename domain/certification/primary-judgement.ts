/** 一次判定 (computer judgement) from the 要介護認定等基準時間 [S21] [S22] [S23]. Pure. */
import type { CareLevel, DementiaIndependence } from './types';

/** 一次判定の入力 [S21] [S23]. */
export interface PrimaryJudgementInput {
  /** 要介護認定等基準時間 (minutes per day, sum of the five areas) */
  standardMinutes: number;
  /** 認知症高齢者の日常生活自立度 from the 認定調査 */
  surveyDementia: DementiaIndependence;
  /** 認知症高齢者の日常生活自立度 from the 主治医意見書 */
  opinionDementia: DementiaIndependence;
  /** Estimated probability (0..1) that the 自立度 is II or higher */
  dementiaProbabilityIIOrHigher?: number;
  /** 状態の維持・改善可能性: condition judged unstable (不安定) */
  unstableCondition?: boolean;
}

const DEMENTIA_II_OR_HIGHER: ReadonlySet<DementiaIndependence> = new Set(['IIa', 'IIb', 'IIIa', 'IIIb', 'IV', 'M']);

/** 認知症自立度II以上: IIa, IIb, IIIa, IIIb, IV or M [S23]. */
export function isDementiaIIOrHigher(d: DementiaIndependence): boolean {
  return DEMENTIA_II_OR_HIGHER.has(d);
}

/** 基準時間の閾値 (省令58号 1条・2条): lower bounds in minutes [S21] [S22]. */
export const STANDARD_MINUTES_THRESHOLDS = {
  support_1: 25,
  support_2_or_care_1: 32,
  care_2: 50,
  care_3: 70,
  care_4: 90,
  care_5: 110,
} as const;

/**
 * 一次判定: <25 非該当; 25–32 要支援1; 32–50 要介護1 if (both 自立度 ≥ II, or P(II+) ≥ 0.5, or unstable)
 * else 要支援2; 50/70/90/110 for 要介護2–5 [S21] [S22] [S23]. Throws RangeError on bad input.
 */
export function judgePrimaryLevel(input: PrimaryJudgementInput): CareLevel {
  const t = input.standardMinutes;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RangeError(`要介護認定等基準時間が不正です: ${t}`);
  }
  const p = input.dementiaProbabilityIIOrHigher;
  if (p !== undefined && (typeof p !== 'number' || Number.isNaN(p) || p < 0 || p > 1)) {
    throw new RangeError(`認知症自立度II以上の蓋然性は0〜1で指定してください: ${p}`);
  }
  const th = STANDARD_MINUTES_THRESHOLDS;
  if (t < th.support_1) return 'non_applicable';
  if (t < th.support_2_or_care_1) return 'support_1';
  if (t < th.care_2) {
    const bothDementia = isDementiaIIOrHigher(input.surveyDementia) && isDementiaIIOrHigher(input.opinionDementia);
    const probable = p !== undefined && p >= 0.5;
    return bothDementia || probable || input.unstableCondition === true ? 'care_1' : 'support_2';
  }
  if (t < th.care_3) return 'care_2';
  if (t < th.care_4) return 'care_3';
  if (t < th.care_5) return 'care_4';
  return 'care_5';
}
