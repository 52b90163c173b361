/**
 * 文書番号: the number an outgoing notice carries, e.g. 「8宇介認第12号」 (令和8年度, the insurer's 記号 宇介, 認 for a
 * 結果通知書, the 12th of that kind in that 年度). One series per insurer, notice kind and 会計年度 (4/1–3/31, 地方自治法
 * 208条); a notice keeps the number it was first given (db/notice-numbers.ts stores it once per notice). Pure.
 */
import type { IsoDate } from '../certification/types';

/** 記号 of each notice kind: its own series, and the character after the insurer's prefix. */
export const NOTICE_SERIES: Readonly<Record<string, string>> = {
  certification_result: '認',
  postponement: '延',
  opinion_request: '意',
  opinion_reminder: '督',
  renewal_reminder: '勧',
  plan_accepted: '受',
  plan_returned: '返',
};

/** Kinds not listed above share one series, so their numbers never collide. */
export const OTHER_SERIES = 'other';
const OTHER_SYMBOL = '通';

/** The series a notice kind is numbered in. */
export function noticeSeriesOf(kind: string): string {
  return Object.hasOwn(NOTICE_SERIES, kind) ? kind : OTHER_SERIES;
}

/** 会計年度 (地方自治法208条: 4月1日から翌年3月31日): the Gregorian year the fiscal year starts in. */
export function fiscalYearOf(d: IsoDate): number {
  const y = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 4 ? y : y - 1;
}

/** 年度の和暦の年: 令和 from FY2019 (its 4/1 was still 平成31, but offices write 令和元年度), else 平成. */
export function fiscalYearWarekiYear(fiscalYear: number): string {
  const r = fiscalYear - 2018;
  const n = r >= 1 ? r : fiscalYear - 1988;
  return n === 1 ? '元' : String(n);
}

/** 「8宇介認第12号」: 年度, the insurer's prefix, the kind's 記号, the sequence. */
export function formatDocumentNo(p: { prefix: string; kind: string; fiscalYear: number; seq: number }): string {
  const symbol = NOTICE_SERIES[noticeSeriesOf(p.kind)] ?? OTHER_SYMBOL;
  return `${fiscalYearWarekiYear(p.fiscalYear)}${p.prefix}${symbol}第${p.seq}号`;
}

/** A number given to a notice. */
export interface DocumentNumber {
  series: string;
  fiscalYear: number;
  seq: number;
  documentNo: string;
}

/**
 * The number for a notice issued on `issuedOn`: the one it already has (issued twice, numbered once), else the next
 * in its series and fiscal year. `lastSeq` is the highest number given so far in noticeSeriesOf(kind) and
 * fiscalYearOf(issuedOn) (null for none).
 */
export function nextDocumentNumber(p: {
  already: DocumentNumber | null;
  kind: string;
  issuedOn: IsoDate;
  prefix: string;
  lastSeq: number | null;
}): DocumentNumber {
  if (p.already) return p.already;
  const series = noticeSeriesOf(p.kind);
  const fiscalYear = fiscalYearOf(p.issuedOn);
  const seq = (p.lastSeq ?? 0) + 1;
  return { series, fiscalYear, seq, documentNo: formatDocumentNo({ prefix: p.prefix, kind: p.kind, fiscalYear, seq }) };
}
