/** 負担割合証 and 負担限度額認定証: kinds, values, labels and the checks an entry must pass. Pure. */
import type { IsoDate } from '../certification/types';
import { compareDates, isValidIsoDate } from '../dates';
import { burdenLimitPeriodOf, copayPeriodOf, type Period } from './periods';
import { BURDEN_LIMIT_STAGES, BURDEN_LIMIT_STAGE_LABELS, type BurdenLimitStage } from './settings';

/** 証の種類: 負担割合証 / 負担限度額認定証. */
export const CERTIFICATE_KINDS = ['copay', 'burden_limit'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** 証の種類 → label. */
export const CERTIFICATE_KIND_LABELS: Readonly<Record<CertificateKind, string>> = {
  copay: '負担割合証',
  burden_limit: '負担限度額認定証',
};

/** 利用者負担の割合: 1割, 2割, 3割 [S62]. */
export const COPAY_RATIOS = [1, 2, 3] as const;
export type CopayRatio = (typeof COPAY_RATIOS)[number];

/** The value a certificate states: the ratio (負担割合証) or the 段階 (負担限度額認定証). */
export type CertificateValue = { kind: 'copay'; ratio: CopayRatio } | { kind: 'burden_limit'; stage: BurdenLimitStage };

/** The value as printed: 「2割」, 「第3段階①」. */
export function certificateValueLabel(v: CertificateValue): string {
  return v.kind === 'copay' ? `${v.ratio}割` : BURDEN_LIMIT_STAGE_LABELS[v.stage];
}

/** The value stored in a row (ratio or stage code) read back, or null when it is not a valid value of the kind. */
export function certificateValueOf(kind: CertificateKind, raw: string | number | null): CertificateValue | null {
  if (kind === 'copay') {
    const ratio = Number(raw);
    return (COPAY_RATIOS as readonly number[]).includes(ratio) ? { kind, ratio: ratio as CopayRatio } : null;
  }
  return (BURDEN_LIMIT_STAGES as readonly unknown[]).includes(raw) ? { kind, stage: raw as BurdenLimitStage } : null;
}

/** The yearly period of a certificate kind containing d (both run 8/1–7/31). */
export function certificatePeriodOf(kind: CertificateKind, d: IsoDate): Period {
  return kind === 'copay' ? copayPeriodOf(d) : burdenLimitPeriodOf(d);
}

/**
 * 期間の検査: a certificate's period lies inside one yearly cycle (a mid-year issue starts later, e.g. on 資格取得,
 * but never crosses 7/31). Returns a Japanese message, or null when valid.
 */
export function periodProblem(kind: CertificateKind, p: Period): string | null {
  if (!isValidIsoDate(p.from) || !isValidIsoDate(p.to)) return '日付が正しくありません';
  if (compareDates(p.from, p.to) > 0) return '適用終了日は適用開始日以降の日付にしてください';
  const cycle = certificatePeriodOf(kind, p.from);
  if (compareDates(p.to, cycle.to) > 0)
    return `適用期間は${cycle.to.slice(0, 4)}年7月31日までにしてください（8月1日〜翌年7月31日）`;
  return null;
}
