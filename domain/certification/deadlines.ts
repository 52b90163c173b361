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

/** 処理見込期間: board date + noticeDaysAfterBoard when the board is fixed, else today + postponementExpectedExtensionDays [S6] [S9]. */
export function expectedDecisionDate(input: {
  today: IsoDate;
  boardDate?: IsoDate | null;
  rules: CertificationRules;
}): IsoDate {
  const { today, boardDate, rules } = input;
  if (boardDate) return addDays(boardDate, rules.noticeDaysAfterBoard);
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
