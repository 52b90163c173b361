/**
 * The case's clock: 督促, the 30-day rule (延期通知) and 期間管理, checked at intake and then only on the days something
 * can change (domain/certification/wake), at a minute of the early morning fixed per case. One timer at a time; an
 * Update that changes what the dates depend on, or a settings change (certificationSettingsChangedSignal), sets it
 * again. Cases of revision 1 keep the daily check they started with (dailyCheck).
 */
import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { postponementNoticeDate } from '../../domain/certification/deadlines';
import { nextWake, wakeMinuteOfDay, wakeTime, type WakeFacts } from '../../domain/certification/wake';
import type { IsoDate } from '../../domain/certification/types';
import { addDays, compareDates } from '../../domain/dates';
import { certificationSettingsChangedSignal } from './messages';
import { slaClocks } from './sla';
import type { CertificationState, Step } from './state';
import * as steps from './steps';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

type RecordStep = (step: Step) => Promise<number>;

/** The revision from which a case wakes only when something can change (issue 20). */
export const SPARSE_WAKE_REVISION = 2;

/** The postponement check runs from the 延期通知の作業日, and after each 延期通知 from the day its 処理見込期間 passes. */
function postponementCheckFrom(state: CertificationState): IsoDate {
  const last = state.postponements[state.postponements.length - 1];
  return last ? addDays(last.expectedDecisionOn, 1) : postponementNoticeDate(state.input.appliedOn, state.rules);
}

/** One check, as the daily check did it on `today`; returns the next 督促 date. */
async function check(state: CertificationState, record: RecordStep, reminderOn: IsoDate): Promise<IsoDate> {
  const today = state.clock.today();
  const interval = Math.max(1, state.rules.opinionReminderIntervalDays);
  const sla = steps.slaRefreshed(state);
  if (sla) await record(sla);
  if (state.opinion.receivedOn == null && !state.opinion.broughtAtIntake && compareDates(today, reminderOn) >= 0) {
    if (!state.opinion.hold) await record(steps.opinionReminded(state));
    reminderOn = addDays(today, interval);
  }
  if (state.postponementDue === null && compareDates(today, postponementCheckFrom(state)) >= 0) {
    const c = steps.postponementCheck(state);
    if (c.required) await record(steps.postponementTaskOpened(state, c));
    else {
      const omitted = c.omittedByRenewalConsent ? steps.postponementOmitted(state, c) : null;
      if (omitted) await record(omitted);
    }
  }
  return reminderOn;
}

/** What the next wake depends on, read from the case (no clock in it: the same facts give the same date). */
export function wakeFacts(state: CertificationState, checkedOn: IsoDate, reminderOn: IsoDate): WakeFacts {
  const i = state.input;
  return {
    checkedOn,
    dueOn: state.dueOn,
    reminderOn: state.opinion.receivedOn == null && !state.opinion.broughtAtIntake ? reminderOn : null,
    postponement:
      state.postponementDue === null
        ? {
            checkFrom: postponementCheckFrom(state),
            type: i.type,
            boardOn: state.board?.boardOn ?? null,
            renewalConsentToSkip: i.renewalConsentToSkipPostponement === true,
            currentExpiry: state.previous.validTo,
            omissionRecorded: state.postponementOmissionRecorded,
          }
        : null,
    sla: { clocks: slaClocks(state), last: state.lastSla },
  };
}

/** The case's one timer: the instant it is set for, and whether it has fired. */
interface WakeTimer {
  at: number;
  fired: boolean;
  scope: CancellationScope;
}

function startTimer(state: CertificationState, at: number): WakeTimer {
  const scope = new CancellationScope();
  const timer: WakeTimer = { at, fired: false, scope };
  const ms = state.clock.realMsUntil(at);
  if (ms === 0) timer.fired = true;
  else
    scope
      .run(() => sleep(ms))
      .then(
        () => void (timer.fired = true),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      );
  return timer;
}

/**
 * Until the 処分: check now, then sleep until the next wake date at the case's wake minute. When the facts or the
 * settings change, the date is worked out again and the timer set again only if it must fire earlier: a later date
 * keeps the timer (at worst one check that finds nothing), so that an Update costs no timer commands. Ends (resolves)
 * once the case is decided.
 */
export async function caseClock(state: CertificationState, record: RecordStep): Promise<void> {
  const { workflowId } = workflowInfo();
  const minute = wakeMinuteOfDay(workflowId);
  let settingsVersion = 0;
  let settingsSeen = 0;
  setHandler(certificationSettingsChangedSignal, () => void settingsVersion++);
  let reminderOn = addDays(state.opinion.requestedOn, Math.max(1, state.rules.opinionReminderIntervalDays));
  for (;;) {
    const checkedOn = state.clock.today();
    reminderOn = await check(state, record, reminderOn);
    let timer: WakeTimer | null = null;
    for (;;) {
      const facts = JSON.stringify(wakeFacts(state, checkedOn, reminderOn));
      const on = nextWake(JSON.parse(facts) as WakeFacts, state.rules);
      const at = on ? wakeTime(on, minute, state.clock.nowMs()) : null;
      if (at !== null && (!timer || at < timer.at)) {
        timer?.scope.cancel();
        timer = startTimer(state, at);
      }
      const t: WakeTimer | null = timer;
      await condition(
        () =>
          t?.fired === true ||
          state.isDecided ||
          settingsVersion !== settingsSeen ||
          JSON.stringify(wakeFacts(state, checkedOn, reminderOn)) !== facts,
      );
      if (state.isDecided) {
        if (!t?.fired) t?.scope.cancel();
        return;
      }
      if (t?.fired) break;
      if (settingsVersion !== settingsSeen) {
        settingsSeen = settingsVersion;
        // The insurer's settings as they now stand for this application's date: the 督促 interval, 期間管理 targets
        // and the postponement dates follow them; the 処分期限 fixed at intake does not move.
        Object.assign(state.rules, await activities.loadRules(state.input.insurerNo, state.input.appliedOn));
      }
    }
  }
}

/**
 * Revision 1: 毎日の点検 on intake and then every morning until the decision — the SLA state, the 督促 every
 * opinionReminderIntervalDays until the 意見書 arrives (none while 保留), and the 30-day rule: from
 * postponementNoticeDate, a 延期通知 task when the decision will be late, and another once its 処理見込期間 passes.
 * 更新 with prior consent may omit it. One timer at a time.
 */
export async function dailyCheck(state: CertificationState, record: RecordStep): Promise<void> {
  const interval = Math.max(1, state.rules.opinionReminderIntervalDays);
  let reminderOn = addDays(state.opinion.requestedOn, interval);
  let postponementCheckOn = postponementNoticeDate(state.input.appliedOn, state.rules);
  let noticesIssued = 0;
  for (;;) {
    const today = state.clock.today();
    const sla = steps.slaRefreshed(state);
    if (sla) await record(sla);
    if (state.opinion.receivedOn == null && !state.opinion.broughtAtIntake && today >= reminderOn) {
      if (!state.opinion.hold) await record(steps.opinionReminded(state));
      reminderOn = addDays(today, interval);
    }
    if (state.postponements.length > noticesIssued) {
      noticesIssued = state.postponements.length;
      postponementCheckOn = addDays(state.postponements[noticesIssued - 1].expectedDecisionOn, 1);
    }
    if (state.postponementDue === null && today >= postponementCheckOn) {
      const check = steps.postponementCheck(state);
      if (check.required) await record(steps.postponementTaskOpened(state, check));
      else {
        const omitted = check.omittedByRenewalConsent ? steps.postponementOmitted(state, check) : null;
        if (omitted) await record(omitted);
        postponementCheckOn = addDays(today, 1);
      }
    }
    if (await state.clock.waitUntil(addDays(today, 1), () => state.isDecided)) return;
  }
}
