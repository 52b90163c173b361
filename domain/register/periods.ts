/** 証の期間 and 年度: the 負担割合証 and 負担限度額認定証 run 8/1–7/31, 福祉用具購入 is counted per 年度 (4/1–3/31). Pure. */
import type { IsoDate } from '../certification/types';
import { compareDates } from '../dates';

/** A period with both ends inclusive. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

function yearStartingOn(d: IsoDate, monthDay: string, lastDay: string): Period {
  const y = Number(d.slice(0, 4));
  const start = d.slice(5) >= monthDay ? y : y - 1;
  return { from: `${start}-${monthDay}`, to: `${start + 1}-${lastDay}` };
}

/** 負担割合証の適用期間 containing d: 8/1 through the next 7/31 [S62]. */
export function copayPeriodOf(d: IsoDate): Period {
  return yearStartingOn(d, '08-01', '07-31');
}

/** 負担限度額認定証の有効期間 containing d: 8/1 through the next 7/31 (the same yearly cycle) [S63]. */
export function burdenLimitPeriodOf(d: IsoDate): Period {
  return yearStartingOn(d, '08-01', '07-31');
}

/** 年度 containing d: 4/1 through the next 3/31 (福祉用具購入費 is counted per 年度) [S64]. */
export function fiscalYearOf(d: IsoDate): Period {
  return yearStartingOn(d, '04-01', '03-31');
}

/** true when d lies inside p (both ends inclusive). */
export function within(d: IsoDate, p: Period): boolean {
  return compareDates(p.from, d) <= 0 && compareDates(d, p.to) <= 0;
}
