/**
 * 起床日: the next date on which something can change for an open 要介護認定 case, so that the workflow holds one timer
 * instead of waking every night (issue 20). Each date is the day the former daily check would first have acted:
 * the next 督促, the postponement check (延期通知の要否, and the day a 処理見込期間 passes), the next 期間管理 boundary
 * (順調 → 要注意 → 超過) and the 処分期限. Pure.
 */
import type { ApplicationType, IsoDate, SlaState } from './types';
import type { CertificationRules } from './rules';
import { expectedDecisionDate, postponementNoticeRequired } from './deadlines';
import { clockState, heldDays, worstSlaState, type SlaClock } from './sla';
import { addDays, compareDates, daysBetween } from '../dates';

export type { SlaClock } from './sla';

/** What the wake date depends on: the case as the last check left it. */
export interface WakeFacts {
  /** the day the case was last checked (the check at intake, or the last wake) */
  checkedOn: IsoDate;
  /** 処分期限 */
  dueOn: IsoDate;
  /** the next 督促 while the 主治医意見書 is outstanding (on 保留 too: the reminder schedule runs on), else null */
  reminderOn: IsoDate | null;
  /** the postponement check; null while a 延期通知 task is open (the office acts, not the clock) or after the 処分 */
  postponement: {
    /** postponementNoticeDate, or the day after the last 延期通知's 処理見込期間 */
    checkFrom: IsoDate;
    type: ApplicationType;
    boardOn: IsoDate | null;
    renewalConsentToSkip: boolean;
    currentExpiry: IsoDate | null;
    /** the omission (更新 with prior consent) is already recorded */
    omissionRecorded: boolean;
  } | null;
  /** the running 期間管理 clocks; a stage not yet started has none */
  sla: { clocks: SlaClock[]; last: SlaState | null };
}

/** Why a case wakes on a date (for tests, the bench and the workflow's log). */
export type WakeReason = 'reminder' | 'postponement_check' | 'sla_boundary' | 'decision_due';

/** The overall 期間管理 state on `on`: the worst of the clocks ('done' when there are none running). */
export function overallSlaOn(clocks: readonly SlaClock[], atRiskRatio: number, on: IsoDate): SlaState {
  return worstSlaState(clocks.map((c) => clockState(c, on, atRiskRatio)));
}

/** The postponement check on `on` would act: open a 延期通知 task, or record the omission once. */
export function postponementCheckActs(
  p: NonNullable<WakeFacts['postponement']>,
  dueOn: IsoDate,
  rules: CertificationRules,
  on: IsoDate,
): boolean {
  const base = {
    type: p.type,
    today: on,
    dueDate: dueOn,
    expectedDecision: expectedDecisionDate({ today: on, boardDate: p.boardOn, rules }),
    currentExpiry: p.currentExpiry,
    rules,
  };
  if (postponementNoticeRequired({ ...base, renewalConsentToSkip: p.renewalConsentToSkip })) return true;
  return !p.omissionRecorded && postponementNoticeRequired({ ...base, renewalConsentToSkip: false });
}

/**
 * The first day from `from` on which the postponement check acts, or null. Whether it acts only ever turns from no
 * to yes as the days pass (the expected decision never moves earlier), so a binary search over the days up to the
 * last one that can matter (past both the 処分期限 and the current validity, the check must act) finds it.
 */
function firstPostponementDay(
  p: NonNullable<WakeFacts['postponement']>,
  dueOn: IsoDate,
  rules: CertificationRules,
  from: IsoDate,
): IsoDate | null {
  const acts = (d: IsoDate) => postponementCheckActs(p, dueOn, rules, d);
  if (acts(from)) return from;
  const last = [dueOn, p.currentExpiry ?? dueOn].reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
  let lo = 0; // acts(from + lo) is false
  let hi = Math.max(1, daysBetween(from, addDays(last, 1)));
  if (!acts(addDays(from, hi))) return null; // cannot happen with the rules as they are; never wake for it
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (acts(addDays(from, mid))) hi = mid;
    else lo = mid;
  }
  return addDays(from, hi);
}

/**
 * The first day after checkedOn on which the overall 期間管理 state differs from the one last written. Between the
 * days a clock crosses a boundary (elapsed reaching ⌈ratio × target⌉, or passing target) the state stands still, and a
 * clock on 保留 does not move at all; so only those days (and the next day, in case the state already moved) are
 * looked at.
 */
function nextSlaChange(facts: WakeFacts, rules: CertificationRules): IsoDate | null {
  const { clocks, last } = facts.sla;
  const after = addDays(facts.checkedOn, 1);
  const days = new Set<IsoDate>([after]);
  for (const c of clocks) {
    if (c.completedOn || c.holds.some((h) => h.to == null)) continue;
    const base = addDays(c.startedOn, heldDays(c.holds, after));
    for (const e of [Math.ceil(rules.slaAtRiskRatio * c.targetDays), c.targetDays + 1]) {
      for (const k of [e - 1, e, e + 1]) {
        const d = addDays(base, k);
        if (compareDates(d, after) > 0) days.add(d);
      }
    }
  }
  const sorted = [...days].sort(compareDates);
  return sorted.find((d) => overallSlaOn(clocks, rules.slaAtRiskRatio, d) !== last) ?? null;
}

/** Every date after checkedOn on which the case should wake, each with its reason (earliest first). */
export function wakeCandidates(facts: WakeFacts, rules: CertificationRules): { on: IsoDate; why: WakeReason }[] {
  const after = addDays(facts.checkedOn, 1);
  const notBefore = (d: IsoDate) => (compareDates(d, after) < 0 ? after : d);
  const out: { on: IsoDate; why: WakeReason }[] = [];
  if (facts.reminderOn) out.push({ on: notBefore(facts.reminderOn), why: 'reminder' });
  if (facts.postponement) {
    const on = firstPostponementDay(facts.postponement, facts.dueOn, rules, notBefore(facts.postponement.checkFrom));
    if (on) out.push({ on, why: 'postponement_check' });
  }
  const sla = nextSlaChange(facts, rules);
  if (sla) out.push({ on: sla, why: 'sla_boundary' });
  if (compareDates(facts.dueOn, facts.checkedOn) > 0) out.push({ on: facts.dueOn, why: 'decision_due' });
  return out.sort((a, b) => compareDates(a.on, b.on));
}

/** The next date something can change for the case (after checkedOn), or null when only a person can move it. */
export function nextWake(facts: WakeFacts, rules: CertificationRules): IsoDate | null {
  return wakeCandidates(facts, rules)[0]?.on ?? null;
}

/** Wakes are spread over 00:30–05:30 (JST): 300 minutes, none at midnight. */
export const WAKE_WINDOW = { fromMinute: 30, minutes: 300 } as const;

/**
 * The minute of the day (JST, from midnight) at which a case wakes: 00:30 + (FNV-1a hash of the workflow ID mod 300),
 * so that several hundred thousand open cases do not all wake in the same instant.
 */
export function wakeMinuteOfDay(workflowId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < workflowId.length; i++) {
    h ^= workflowId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return WAKE_WINDOW.fromMinute + (h % WAKE_WINDOW.minutes);
}

/** The instant (epoch ms) of the wake on `on` at `minuteOfDay` (JST). */
export function wakeInstant(on: IsoDate, minuteOfDay: number): number {
  return Date.parse(`${on}T00:00:00+09:00`) + minuteOfDay * 60_000;
}

/**
 * The instant a case waiting for `on` wakes, given the time now: that day's wake minute, or when that has passed (a
 * date already due, found after an Update), the next wake minute from now, as the daily check would have.
 */
export function wakeTime(on: IsoDate, minuteOfDay: number, nowMs: number): number {
  const at = wakeInstant(on, minuteOfDay);
  if (at > nowMs) return at;
  const today = new Date(nowMs + 9 * 3_600_000).toISOString().slice(0, 10);
  const todays = wakeInstant(today, minuteOfDay);
  return todays > nowMs ? todays : wakeInstant(addDays(today, 1), minuteOfDay);
}
