/** 住宅改修・特定福祉用具購入の支給限度基準額 and the 負担割合証 year; remaining amounts for the 利用状況 view [S64] [S65]. Pure. */
import type { IsoDate } from './certification/types';
import { compareDates } from './dates';

/** 住宅改修費の支給限度基準額: 200,000 yen per person (reset on a 3-level jump or a move; not modelled here) [S65]. */
export const HOME_MODIFICATION_CAP_YEN = 200_000;

/** 特定福祉用具購入費の支給限度基準額: 100,000 yen per 年度 (4/1–3/31) [S64]. */
export const WELFARE_EQUIPMENT_CAP_YEN_PER_YEAR = 100_000;

/** 利用区分 (benefit_usages.kind). */
export type BenefitKind = 'home_modification' | 'welfare_equipment';

/** One recorded use of 住宅改修 or 福祉用具購入 (amount = 費用額 counted against the cap). */
export interface BenefitUsage {
  kind: BenefitKind;
  usedOn: IsoDate;
  amountYen: number;
}

/** A period with both ends inclusive. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** 年度 containing d: 4/1 through the next 3/31 (福祉用具購入 is counted per 年度) [S64]. */
export function fiscalYearOf(d: IsoDate): Period {
  const y = Number(d.slice(0, 4));
  const start = d.slice(5) >= '04-01' ? y : y - 1;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** 負担割合証の適用期間 containing d: 8/1 through the next 7/31. */
export function copayPeriodOf(d: IsoDate): Period {
  const y = Number(d.slice(0, 4));
  const start = d.slice(5) >= '08-01' ? y : y - 1;
  return { from: `${start}-08-01`, to: `${start + 1}-07-31` };
}

function within(d: IsoDate, p: Period): boolean {
  return compareDates(p.from, d) <= 0 && compareDates(d, p.to) <= 0;
}

/** 利用状況: used and remaining amount against one cap. remaining never goes below 0. */
export interface CapStatus {
  capYen: number;
  usedYen: number;
  remainingYen: number;
  period: Period | null;
}

/** 住宅改修の残額: 200,000 yen minus every 住宅改修 recorded for the person (lifetime, until a reset) [S65]. */
export function homeModificationStatus(usages: readonly BenefitUsage[]): CapStatus {
  const used = usages.filter((u) => u.kind === 'home_modification').reduce((s, u) => s + u.amountYen, 0);
  return {
    capYen: HOME_MODIFICATION_CAP_YEN,
    usedYen: used,
    remainingYen: Math.max(0, HOME_MODIFICATION_CAP_YEN - used),
    period: null,
  };
}

/** 福祉用具購入の残額: 100,000 yen minus the purchases inside the 年度 containing today [S64]. */
export function welfareEquipmentStatus(usages: readonly BenefitUsage[], today: IsoDate): CapStatus {
  const period = fiscalYearOf(today);
  const used = usages
    .filter((u) => u.kind === 'welfare_equipment' && within(u.usedOn, period))
    .reduce((s, u) => s + u.amountYen, 0);
  return {
    capYen: WELFARE_EQUIPMENT_CAP_YEN_PER_YEAR,
    usedYen: used,
    remainingYen: Math.max(0, WELFARE_EQUIPMENT_CAP_YEN_PER_YEAR - used),
    period,
  };
}
