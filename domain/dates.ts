/**
 * Calendar-date arithmetic on IsoDate strings ('YYYY-MM-DD'), Japan-local.
 * Everything goes through Date.UTC so no host time zone leaks in. "Today" is always a parameter.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import type { IsoDate } from './certification/types';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

interface Ymd {
  y: number;
  m: number; // 1..12
  d: number;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parse(s: IsoDate): Ymd {
  const m = ISO_RE.exec(s);
  if (!m || !isValidIsoDate(s)) throw new RangeError(`Invalid IsoDate: ${String(s)}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function format(y: number, m: number, d: number): IsoDate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function toUtcMs(s: IsoDate): number {
  const { y, m, d } = parse(s);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): IsoDate {
  const dt = new Date(ms);
  return format(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** 日付の妥当性: a real Gregorian calendar date in 'YYYY-MM-DD' form (2026-02-29 false, 2028-02-29 true). Utility, no tag. */
export function isValidIsoDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** 日数の加算: d + n calendar days (n may be negative). Day counting per 民法140条 is done by callers [S77]. */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  return fromUtcMs(toUtcMs(d) + n * DAY_MS);
}

/** 月の加算: d + n months, clamped to the month end (1/31 + 1 month → 2/28 or 2/29) [S11]. */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs an integer, got ${n}`);
  const { y, m, d: day } = parse(d);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return format(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

/** 月末日: last day of d's month; every 有効期間 ends on one [S19] [S85]. */
export function endOfMonth(d: IsoDate): IsoDate {
  const { y, m } = parse(d);
  return format(y, m, daysInMonth(y, m));
}

/** 月初日: first day of d's month [S11]. */
export function startOfMonth(d: IsoDate): IsoDate {
  const { y, m } = parse(d);
  return format(y, m, 1);
}

/** 月末日かどうか: true when d is the last day of its month [S19]. */
export function isEndOfMonth(d: IsoDate): boolean {
  return endOfMonth(d) === d;
}

/** 経過日数: to − from in whole days (negative when to is earlier) [S77]. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 日付の比較: negative / 0 / positive like a sort comparator. Utility, no tag. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  const diff = toUtcMs(a) - toUtcMs(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** 早い方の日付. Utility, no tag. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

/** 遅い方の日付. Utility, no tag. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** 日本時間の暦日: calendar date in Asia/Tokyo (fixed UTC+9, no DST) of an epoch instant. Utility, no tag. */
export function jstDateOf(epochMs: number): IsoDate {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Invalid epoch ms: ${epochMs}`);
  return fromUtcMs(Math.floor((epochMs + JST_OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** 元号 table (Gregorian start dates; 明治 from 1868-10-23 as the Gregorian date of 改元). */
export const ERAS: readonly { name: string; short: string; start: IsoDate }[] = [
  { name: '令和', short: 'R', start: '2019-05-01' },
  { name: '平成', short: 'H', start: '1989-01-08' },
  { name: '昭和', short: 'S', start: '1926-12-25' },
  { name: '大正', short: 'T', start: '1912-07-30' },
  { name: '明治', short: 'M', start: '1868-10-23' },
];

function eraOf(d: IsoDate): { name: string; short: string; year: number } | null {
  const { y } = parse(d);
  for (const era of ERAS) {
    if (compareDates(d, era.start) >= 0) return { name: era.name, short: era.short, year: y - parse(era.start).y + 1 };
  }
  return null;
}

/** 和暦表記: '令和8年11月25日', year 1 as 元年 ('令和元年5月1日'); falls back to 西暦 before 明治. Utility, no tag. */
export function formatWareki(d: IsoDate): string {
  const { m, d: day } = parse(d);
  const era = eraOf(d);
  if (!era) return formatJapaneseDate(d);
  return `${era.name}${era.year === 1 ? '元' : era.year}年${m}月${day}日`;
}

/** 和暦の日時 (日本時間): '令和8年12月4日 23:31'. Utility, no tag. */
export function formatWarekiDateTime(epochMs: number): string {
  const jst = new Date(epochMs + JST_OFFSET_MS);
  const hh = String(jst.getUTCHours()).padStart(2, '0');
  const mm = String(jst.getUTCMinutes()).padStart(2, '0');
  return `${formatWareki(jstDateOf(epochMs))} ${hh}:${mm}`;
}

const ERA_BY_SHORT: Record<string, string> = { R: '令和', H: '平成', S: '昭和', T: '大正', M: '明治' };
const WESTERN_INPUT = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const ERA_INPUT = /^(令和|平成|昭和|大正|明治|[RHSTM])(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/;

/**
 * 日付の入力: what people type into a date field, as an IsoDate, or null when it is not a real date — 西暦
 * (2026-12-04, 2026/12/4, 2026年12月4日) or 和暦 (令和8年12月4日, 令和元年5月1日, R8.12.4, H31.4.30). A 和暦 date must
 * lie inside its era: 令和0年 and 平成31年5月1日 (already 令和元年) are refused. Utility, no tag.
 */
export function parseDateInput(input: string): IsoDate | null {
  const s = input
    .normalize('NFKC')
    .replace(/\s/g, '')
    .toUpperCase()
    .replace(/[－―‐]/g, '-');
  const w = WESTERN_INPUT.exec(s);
  if (w) {
    const iso = format(Number(w[1]), Number(w[2]), Number(w[3]));
    return isValidIsoDate(iso) ? iso : null;
  }
  const e = ERA_INPUT.exec(s);
  if (!e) return null;
  const name = ERA_BY_SHORT[e[1]] ?? e[1];
  const index = ERAS.findIndex((x) => x.name === name);
  const eraYear = e[2] === '元' ? 1 : Number(e[2]);
  if (eraYear < 1) return null;
  const iso = format(parse(ERAS[index].start).y + eraYear - 1, Number(e[3]), Number(e[4]));
  if (!isValidIsoDate(iso) || compareDates(iso, ERAS[index].start) < 0) return null;
  const next = ERAS[index - 1];
  return next && compareDates(iso, next.start) >= 0 ? null : iso;
}

/** The example a date error gives: 和暦 first, as people write dates here (issue 21 point 3). Utility, no tag. */
export const DATE_INPUT_EXAMPLE = '例 令和8年11月25日、R8.11.25';
/** The example for a 生年月日, which a 令和 example would only confuse. Utility, no tag. */
export const BIRTH_DATE_INPUT_EXAMPLE = '例 昭和20年4月1日、S20.4.1';

/** 和暦略記: 'R8.11.25' (year 1 as 'R1.5.1'); falls back to 'YYYY.M.D' before 明治. Utility, no tag. */
export function formatWarekiShort(d: IsoDate): string {
  const { y, m, d: day } = parse(d);
  const era = eraOf(d);
  return era ? `${era.short}${era.year}.${m}.${day}` : `${y}.${m}.${day}`;
}

/** 西暦の日本語表記: '2026年11月25日'. Utility, no tag. */
export function formatJapaneseDate(d: IsoDate): string {
  const { y, m, d: day } = parse(d);
  return `${y}年${m}月${day}日`;
}

/** 曜日 (0 = 日曜 … 6 = 土曜). Utility, no tag. */
export function dayOfWeek(d: IsoDate): number {
  return new Date(toUtcMs(d)).getUTCDay();
}

/** 祝日（国民の祝日・振替休日・国民の休日）per @holiday-jp/holiday_jp (data through 2050). Utility, no tag. */
export function isNationalHoliday(d: IsoDate): boolean {
  parse(d);
  return Object.prototype.hasOwnProperty.call(holidayJp.holidays, d);
}

/** 年末年始 (12/29–1/3), closed days of 行政機関の休日に関する法律1条 (not in domain.md; no tag). */
export function isYearEndHoliday(d: IsoDate): boolean {
  const { m, d: day } = parse(d);
  return (m === 12 && day >= 29) || (m === 1 && day <= 3);
}

/** 開庁日: not Sat/Sun, not a 祝日, not 年末年始 (行政機関の休日に関する法律1条; not in domain.md, no tag). */
export function isBusinessDay(d: IsoDate): boolean {
  const dow = dayOfWeek(d);
  return dow !== 0 && dow !== 6 && !isNationalHoliday(d) && !isYearEndHoliday(d);
}

/** 開庁日の加算: the n-th business day after d (n < 0: before d; n = 0: d itself, even if closed). Utility, no tag. */
export function addBusinessDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addBusinessDays needs an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let cur = d;
  while (remaining > 0) {
    cur = addDays(cur, step);
    if (isBusinessDay(cur)) remaining -= 1;
  }
  return cur;
}

/**
 * 満年齢 on a date: completed birthdays (a 2/29 birthday counts as reached on 3/1 in common years).
 * Note: 介護保険 資格取得 happens on the day before the 65th birthday (年齢計算ニ関スル法律); not handled here. No tag.
 */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const b = parse(birth);
  const o = parse(on);
  if (compareDates(on, birth) < 0) throw new RangeError(`ageOn: ${on} is before birth ${birth}`);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}
