/**
 * 証の年次切替 (the yearly roll of the 負担割合証 and 負担限度額認定証): which period a run is about, which persons lack
 * the certificate for it, and the task the 給付係 gets for each. Pure.
 *
 * A Temporal Schedule runs the roll on 7/1 (a month before the period starts, so the new 証 can be issued in time)
 * and again on 8/1 (the day it starts: the register's current values move to the new period, and whoever still lacks
 * one gets the task then). Both runs are about the same period; a task is opened once per person, kind and period.
 */
import type { IsoDate } from '../certification/types';
import { addDays, compareDates, formatWareki } from '../dates';
import { certificatePeriodOf, CERTIFICATE_KINDS, CERTIFICATE_KIND_LABELS, type CertificateKind } from './certificates';
import type { Period } from './periods';
import { statusActive } from './status';

/** The run looks this many days ahead: on 7/1 (and every day through 7/31) it is about the period starting 8/1. */
export const ROLL_LEAD_DAYS = 31;

/** When the schedule runs (Japan time): 7/1 and 8/1 at 06:00. */
export const ROLL_CALENDAR: readonly { month: number; dayOfMonth: number; hour: number }[] = [
  { month: 7, dayOfMonth: 1, hour: 6 },
  { month: 8, dayOfMonth: 1, hour: 6 },
];

/**
 * 切替対象の期間: the period a run on `asOf` is about — the one containing asOf + ROLL_LEAD_DAYS. From 7/1 through
 * 7/31 that is the period about to start on 8/1; from 8/1 it is the one that has just begun (a late or repeated run).
 */
export function rollPeriodOf(kind: CertificateKind, asOf: IsoDate): Period {
  return certificatePeriodOf(kind, addDays(asOf, ROLL_LEAD_DAYS));
}

/** The period before p (the same yearly cycle, a year earlier). */
export function previousPeriodOf(kind: CertificateKind, p: Period): Period {
  return certificatePeriodOf(kind, addDays(p.from, -1));
}

/** Whether two periods share a day (both ends inclusive). */
export function overlaps(a: Period, b: Period): boolean {
  return compareDates(a.from, b.to) <= 0 && compareDates(b.from, a.to) <= 0;
}

/** What the roll needs to know of a person. */
export interface RollPerson {
  insuredNo: string;
  /** 資格の状態: active / deceased / moved_out / excluded */
  status: string;
  /** 認定の有効期間の終わり (the current certification), null when not certified */
  certValidTo: IsoDate | null;
  /** the person's certificates in force (not replaced by a correction) */
  certificates: readonly { kind: CertificateKind; validFrom: IsoDate; validTo: IsoDate }[];
}

/**
 * 新しい証の未登録: the kinds whose certificate for `period` the person lacks and needs.
 * - 負担割合証: every certified person (要支援・要介護) whose certification is still valid when the period starts.
 * - 負担限度額認定証: is issued on application; a person who held one in the previous period needs the renewal.
 * A person whose status has ended (死亡, 転出, 適用除外) needs nothing.
 */
export function missingCertificates(person: RollPerson, period: Period): CertificateKind[] {
  if (!statusActive(person.status)) return [];
  const has = (kind: CertificateKind, p: Period) =>
    person.certificates.some((c) => c.kind === kind && overlaps({ from: c.validFrom, to: c.validTo }, p));
  return CERTIFICATE_KINDS.filter((kind) => {
    if (has(kind, period)) return false;
    if (kind === 'copay') return person.certValidTo != null && compareDates(person.certValidTo, period.from) >= 0;
    return has(kind, previousPeriodOf(kind, period));
  });
}

/** 期間の表示: 「令和9年8月1日〜令和10年7月31日」. */
export function periodLabel(p: Period): string {
  return `${formatWareki(p.from)}〜${formatWareki(p.to)}`;
}

/** The inbox title of a roll task: 「負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録」. */
export function rollTaskTitle(kind: CertificateKind, p: Period): string {
  return `${CERTIFICATE_KIND_LABELS[kind]}の更新（${periodLabel(p)}）が未登録`;
}

/** The task's due date: the day the period starts (the office needs the new 証 from then). */
export function rollTaskDueOn(p: Period): IsoDate {
  return p.from;
}

/**
 * The case that holds one person's roll tasks of one period (the inbox lists tasks through their case):
 * `certificate-roll-<保険者番号>-<期間開始日>-<被保険者番号>`. Both kinds share the period, so one case per person and year.
 */
export function rollCaseId(insurerNo: string, periodFrom: IsoDate, insuredNo: string): string {
  return `certificate-roll-${insurerNo}-${periodFrom}-${insuredNo}`;
}
