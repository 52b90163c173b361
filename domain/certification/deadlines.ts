/** 30日ルールと延期通知 (法27条11項 ただし書) [S1] [S6] [S7] [S8] [S9] [S77]. Pure. */
import type { ApplicationType, IsoDate, PostponementReason } from './types';
import type { CertificationRules } from './rules';
import { addDays, compareDates, maxDate } from '../dates';

/**
 * 処分期限 (法27条11項「申請のあった日から三十日以内」): appliedOn + 30 under 民法140条 初日不算入 (4/1 → 5/1),
 * or appliedOn + 29 when the application day counts (4/1 → 4/30) [S1] [S77].
 */
export function decisionDueDate(appliedOn: IsoDate, rules: CertificationRules): IsoDate {
  const days = rules.deadlineCountsApplicationDay ? rules.decisionDeadlineDays - 1 : rules.decisionDeadlineDays;
  return addDays(appliedOn, days);
}

/** 延期通知の作業日: due date − postponementNoticeLeadDays (local practice) [S6]. */
export function postponementNoticeDate(appliedOn: IsoDate, rules: CertificationRules): IsoDate {
  return addDays(decisionDueDate(appliedOn, rules), -rules.postponementNoticeLeadDays);
}

/** 延期の理由: 保留 first, then 調査・意見書の未了, else 審査会待ち [S7] [S8]. */
export function postponementReason(s: {
  surveyDone: boolean;
  opinionReceived: boolean;
  onHold: boolean;
}): PostponementReason {
  if (s.onHold) return 'on_hold';
  if (!s.surveyDone && !s.opinionReceived) return 'both_missing';
  if (!s.surveyDone) return 'survey_missing';
  if (!s.opinionReceived) return 'opinion_missing';
  return 'waiting_for_board';
}

/**
 * 処理見込期間 (what the 延期通知 promises): board date + noticeDaysAfterBoard when the board is fixed, else today +
 * postponementExpectedExtensionDays [S6] [S9].
 */
export function postponementPeriodEnd(input: {
  today: IsoDate;
  boardDate?: IsoDate | null;
  rules: CertificationRules;
}): IsoDate {
  const { today, boardDate, rules } = input;
  if (boardDate) return addDays(boardDate, rules.noticeDaysAfterBoard);
  return addDays(today, rules.postponementExpectedExtensionDays);
}

/**
 * 処分の見込日 (what the 延期通知's necessity is judged against): board date + boardToDecisionDays (the insurer's lag
 * from the board to the 決定・決裁) when the board is fixed, not before today; with no board date nothing better
 * than the 処理見込期間 is known (today + postponementExpectedExtensionDays) [S6] [S9].
 */
export function expectedDecisionDate(input: {
  today: IsoDate;
  boardDate?: IsoDate | null;
  rules: CertificationRules;
}): IsoDate {
  const { today, boardDate, rules } = input;
  if (boardDate) return maxDate(today, addDays(boardDate, rules.boardToDecisionDays));
  return addDays(today, rules.postponementExpectedExtensionDays);
}

/**
 * 延期通知の要否: needed when the decision (not before today) will land after the due date; not for 更新 with prior
 * consent when it lands within the current validity and the insurer allows that omission [S6] [S9] [S10].
 */
export function postponementNoticeRequired(input: {
  type: ApplicationType;
  today: IsoDate;
  dueDate: IsoDate;
  expectedDecision: IsoDate;
  renewalConsentToSkip: boolean;
  currentExpiry?: IsoDate | null;
  rules: CertificationRules;
}): boolean {
  const { type, today, dueDate, expectedDecision, renewalConsentToSkip, currentExpiry, rules } = input;
  const decision = maxDate(today, expectedDecision);
  if (compareDates(decision, dueDate) <= 0) return false;
  if (
    type === 'renewal' &&
    rules.renewalSkipPostponementWithConsent &&
    renewalConsentToSkip &&
    currentExpiry &&
    compareDates(decision, currentExpiry) <= 0
  ) {
    return false;
  }
  return true;
}

/** 介護保険法27条11項違反の種類: no 延期通知 at all, or decided after the last 延期通知's 処理見込期間. */
export type DeadlineBreach = 'no_postponement_notice' | 'past_expected_period';

/**
 * 処分期限の違反 (法27条11項): a decision after the due date with no 延期通知 on file, unless a 更新 with prior consent
 * is decided within the current validity (the omission is lawful) [S6] [S9]; or a decision after the 処理見込期間 of
 * the last 延期通知 (a new notice was due) [S6]. Null when the decision is in time.
 */
export function deadlineBreach(input: {
  type: ApplicationType;
  decidedOn: IsoDate;
  dueDate: IsoDate;
  /** 処理見込期間 of each 延期通知 issued, in order */
  postponedUntil: readonly IsoDate[];
  renewalConsentToSkip: boolean;
  currentExpiry?: IsoDate | null;
  rules: CertificationRules;
}): DeadlineBreach | null {
  const { decidedOn, dueDate, postponedUntil } = input;
  if (compareDates(decidedOn, dueDate) <= 0) return null;
  const last = postponedUntil[postponedUntil.length - 1];
  if (last) return compareDates(decidedOn, last) <= 0 ? null : 'past_expected_period';
  const omissionLawful = !postponementNoticeRequired({
    type: input.type,
    today: decidedOn,
    dueDate,
    expectedDecision: decidedOn,
    renewalConsentToSkip: input.renewalConsentToSkip,
    currentExpiry: input.currentExpiry,
    rules: input.rules,
  });
  return omissionLawful ? null : 'no_postponement_notice';
}
