/**
 * The automatic steps of the 要介護認定 workflow (no human involved): 申請受付, 意見書依頼・督促, 一次判定, 延期通知の要否,
 * 期間管理, 処分 and 結果通知. Each updates the case state and returns the Step the read model records.
 */
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import * as deadlines from '../../domain/certification/deadlines';
import { judgePrimaryLevel } from '../../domain/certification/primary-judgement';
import { decide } from '../../domain/certification/decision';
import { interimSettlement, SELF_PAID_REASON_LABELS, type InterimEnding } from '../../domain/certification/interim';
import { addDays, formatWareki } from '../../domain/dates';
import { CARE_LEVEL_LABELS } from '../../domain/glossary';
import type { IsoDate } from '../../domain/certification/types';
import { caseSla } from './sla';
import type { CertificationSnapshot } from './messages';
import type { CertificationState, PostponementCheck, Step, TaskClose } from './state';

/** 申請受付: the case row, the intake event and the first tasks. */
export function received(s: CertificationState): Step {
  const i = s.input;
  const survey = s.isTransferIn ? [] : [s.task('survey-assign', { dueOn: s.surveyDueOn() })];
  return {
    event: {
      type: 'received',
      actor: i.receivedBy ?? null,
      payload: { type: i.type, applicant: i.applicant, notes: i.intakeNotes ?? [] },
    },
    case: {
      case_kind: 'certification',
      insurer_no: i.insurerNo,
      insured_no: i.insuredNo,
      application_no: i.applicationNo,
      application_type: i.type,
      applied_on: i.appliedOn,
      filed_by_office_no: i.applicant.officeNo ?? null,
      stage: 'received',
      status: 'open',
      due_on: s.dueOn,
      ...s.progressFields(),
    },
    openTasks: survey,
  };
}

/** 主治医意見書依頼書 goes out with the intake. */
export function opinionRequested(s: CertificationState): Step {
  s.stage = 'investigating';
  s.opinion.requestedOn = s.clock.today();
  return {
    event: { type: 'opinion_requested', actor: SYSTEM_ACTOR_NAME, payload: { doctor: s.input.doctor } },
    case: { stage: s.stage, ...s.progressFields() },
    openTasks: [s.task('opinion-receive', { dueOn: addDays(s.opinion.requestedOn, s.rules.opinionTargetDays) })],
    notice: s.notice('opinion-request', 'opinion_request', '主治医意見書作成依頼書', 'opinion-request', {
      doctor: s.input.doctor,
    }),
  };
}

/**
 * 主治医意見書 brought by the applicant at intake: no 依頼書, no 督促; the 認定係 keys it in and checks it (the same
 * opinion task, whose check is the receiveOpinion Update).
 */
export function opinionBrought(s: CertificationState): Step {
  s.stage = 'investigating';
  s.opinion.requestedOn = s.clock.today();
  return {
    event: { type: 'opinion_brought', actor: SYSTEM_ACTOR_NAME, payload: {} },
    case: { stage: s.stage, ...s.progressFields() },
    openTasks: [s.task('opinion-receive', { dueOn: addDays(s.opinion.requestedOn, s.rules.opinionTargetDays) })],
  };
}

/** 督促: one reminder notice to the doctor. */
export function opinionReminded(s: CertificationState): Step {
  const n = ++s.opinion.reminders;
  return {
    event: { type: 'opinion_reminded', actor: SYSTEM_ACTOR_NAME, payload: { n } },
    case: s.progressFields(),
    notice: s.notice(
      `opinion-reminder-${n}`,
      'opinion_reminder',
      '主治医意見書の提出について（督促）',
      'opinion-reminder',
      {
        doctor: s.input.doctor,
        n,
        requestedOn: s.opinion.requestedOn,
      },
    ),
  };
}

/** 一次判定 as soon as both documents are in. */
export function primaryJudged(s: CertificationState): Step {
  const sv = s.survey;
  s.primaryLevel = judgePrimaryLevel({
    standardMinutes: sv.standardMinutes!,
    surveyDementia: sv.dementia!,
    opinionDementia: s.opinion.dementia!,
    dementiaProbabilityIIOrHigher: sv.dementiaProbabilityIIOrHigher ?? undefined,
    unstableCondition: sv.unstableCondition,
  });
  s.stage = 'primary_judged';
  const boardDue = addDays(s.bothDocumentsOn!, s.rules.boardTargetDays);
  return {
    event: {
      type: 'primary_judged',
      actor: SYSTEM_ACTOR_NAME,
      payload: { level: s.primaryLevel, standardMinutes: sv.standardMinutes },
    },
    case: { stage: s.stage, primary_level: s.primaryLevel, ...s.progressFields() },
    openTasks: [s.task('board-schedule', { dueOn: boardDue })],
  };
}

/** 延期通知の要否 today (法27条11項 ただし書). */
export function postponementCheck(s: CertificationState): PostponementCheck {
  const today = s.clock.today();
  const boardDate = s.board?.boardOn ?? null;
  // The notice promises the 処理見込期間; whether it is needed is judged on the expected 処分 date (issue 18).
  const expectedDecisionOn = deadlines.postponementPeriodEnd({ today, boardDate, rules: s.rules });
  const expectedDecision = deadlines.expectedDecisionDate({ today, boardDate, rules: s.rules });
  const reason = deadlines.postponementReason({
    surveyDone: s.survey.completedOn != null || s.isTransferIn,
    opinionReceived: s.opinion.receivedOn != null || s.isTransferIn,
    onHold: s.survey.hold != null || s.opinion.hold != null,
  });
  const base = {
    type: s.input.type,
    today,
    dueDate: s.dueOn,
    expectedDecision,
    currentExpiry: s.previous.validTo,
    rules: s.rules,
  };
  const required = deadlines.postponementNoticeRequired({
    ...base,
    renewalConsentToSkip: s.input.renewalConsentToSkipPostponement === true,
  });
  const withoutConsent = deadlines.postponementNoticeRequired({ ...base, renewalConsentToSkip: false });
  return { required, omittedByRenewalConsent: !required && withoutConsent, expectedDecisionOn, reason };
}

/** Opens the 延期通知 task n. */
export function postponementTaskOpened(s: CertificationState, c: PostponementCheck): Step {
  const n = s.postponements.length + 1;
  s.postponementDue = { n, expectedDecisionOn: c.expectedDecisionOn, reason: c.reason };
  const dueOn = n === 1 ? s.dueOn : s.postponements[n - 2].expectedDecisionOn;
  return {
    event: {
      type: 'postponement_due',
      actor: SYSTEM_ACTOR_NAME,
      payload: { n, expectedDecisionOn: c.expectedDecisionOn, reason: c.reason },
    },
    case: s.progressFields(),
    openTasks: [s.task('postponement', { n, dueOn, detail: n === 1 ? undefined : `${n}回目` })],
  };
}

/** Records once that the 延期通知 is omitted (更新 with prior consent); null when already recorded. */
export function postponementOmitted(s: CertificationState, c: PostponementCheck): Step | null {
  if (s.postponementOmissionRecorded) return null;
  s.postponementOmissionRecorded = true;
  return {
    event: {
      type: 'postponement_omitted',
      actor: SYSTEM_ACTOR_NAME,
      payload: { expectedDecisionOn: c.expectedDecisionOn, currentExpiry: s.previous.validTo },
    },
  };
}

/** The daily SLA refresh; null when nothing changed. */
export function slaRefreshed(s: CertificationState): Step | null {
  const now = s.outcome ? 'done' : caseSla(s).overall;
  return now === s.lastSla ? null : { case: s.progressFields() };
}

/** What the 処分 would be from the 二次判定 (or the 受給資格証明書 for 転入), decided on `on`. */
export function proposedDecision(s: CertificationState) {
  const i = s.input;
  const level = s.isTransferIn ? i.transferCertificate!.level : s.secondary!.finalLevel;
  const months = s.isTransferIn ? s.rules.validityMonths.transfer_in.default : s.secondary!.months;
  const d = decide({
    type: i.type,
    appliedOn: i.appliedOn,
    previous: s.previous,
    level,
    months,
    boardReason: s.secondary?.reason,
    rules: s.rules,
  });
  return { d, level, months };
}

/** The 処分 the 二次判定 leads to, for the 決定・決裁 preview (snapshot); null before the judgement and once decided. */
export function proposalPreview(s: CertificationState): CertificationSnapshot['proposedDecision'] {
  if (!s.secondary || s.decision || s.isTransferIn) return null;
  const { d, level } = proposedDecision(s);
  return { outcome: d.outcome, level, validFrom: d.validFrom, validTo: d.validTo, reason: d.reason };
}

/** The 処分 the 二次判定 leads to, for the 決定・決裁 tasks' titles: level and 有効期間 (or the refusal). */
export function decisionPreview(s: CertificationState): string {
  const { d, level } = proposedDecision(s);
  const what = d.outcome === 'rejected_no_change' ? '却下（変更なし）' : CARE_LEVEL_LABELS[level];
  const deemed = d.outcome === 'deemed_renewal' ? '・みなし更新' : '';
  return d.validFrom && d.validTo ? `${what}${deemed} ${formatWareki(d.validFrom)}〜${formatWareki(d.validTo)}` : what;
}

/**
 * 処分: outcome and 有効期間 (domain/certification/decision) from the 二次判定 or the 受給資格証明書 (転入), made by a
 * person (the 決定, or the 決裁 that makes it final) on `decidedOn`, which the notice and the 認定年月日 take.
 */
export function decided(
  s: CertificationState,
  by: string,
  decidedOn: IsoDate,
  closeTasks: TaskClose[] = [],
  payload: Record<string, unknown> = {},
): Step {
  const { d, level, months } = proposedDecision(s);
  s.outcome = d.outcome;
  s.outcomeReason = d.reason;
  s.decision = { outcome: d.outcome, decidedOn, validFrom: d.validFrom, validTo: d.validTo };
  s.stage = d.outcome === 'rejected_no_change' ? 'rejected' : 'decided';
  return {
    event: {
      type: 'decided',
      actor: by,
      payload: { ...s.decision, level, months, reason: s.outcomeReason, ...payload },
    },
    case: {
      stage: s.stage,
      outcome: d.outcome,
      final_level: level,
      valid_from: s.decision.validFrom,
      valid_to: s.decision.validTo,
      ...s.progressFields(),
    },
    closeTasks,
  };
}

/**
 * 法27条11項: a 処分 after the due date with no 延期通知 (or after its 処理見込期間) is recorded on the case, and an
 * open 延期通知 task is closed here with the breach named, not silently by the notice; null when in time.
 */
export function deadlineBreached(s: CertificationState): Step | null {
  const breach = deadlines.deadlineBreach({
    type: s.input.type,
    decidedOn: s.decision!.decidedOn,
    dueDate: s.dueOn,
    postponedUntil: s.postponements.map((p) => p.expectedDecisionOn),
    renewalConsentToSkip: s.input.renewalConsentToSkipPostponement === true,
    currentExpiry: s.previous.validTo,
    rules: s.rules,
  });
  if (!breach) return null;
  s.deadlineBreach = breach;
  const openTask = s.postponementDue ? `postponement-${s.postponementDue.n}` : null;
  return {
    event: {
      type: 'deadline_breached',
      actor: SYSTEM_ACTOR_NAME,
      payload: { kind: breach, dueOn: s.dueOn, decidedOn: s.decision!.decidedOn, openTask },
    },
    case: { deadline_breach: breach, ...s.progressFields() },
    closeTasks: openTask ? [{ key: openTask, status: 'cancelled', by: null }] : [],
  };
}

/** 認定結果通知書 issued: the case is closed. */
export function notified(s: CertificationState): Step {
  if (s.stage === 'decided') s.stage = 'notified';
  return {
    event: { type: 'notified', actor: SYSTEM_ACTOR_NAME, payload: { outcome: s.outcome } },
    case: { stage: s.stage, status: 'closed', ...s.progressFields() },
    closeAllOpenTasks: 'cancelled',
    // Opened after the others are closed (db/read-model), so the office's お知らせ outlives the case.
    openTasks: s.officeNotice('office-result'),
    notice: s.resultNotice(),
  };
}

/**
 * 暫定利用の判定 once the case has ended (domain/certification/interim): self-paid → the flag on the case, a task for
 * the 給付係 and a お知らせ to the office that provided the services; otherwise the judgement alone is recorded.
 */
export function interimSettled(s: CertificationState): Step {
  const use = s.interim!;
  const settlement = interimSettlement(use, interimEnding(s));
  const today = s.clock.today();
  if (settlement.selfPaid) use.selfPaid = { reason: settlement.reason, flaggedOn: today, settledOn: null, note: null };
  return {
    event: {
      type: settlement.selfPaid ? 'interim_self_paid' : 'interim_covered',
      actor: SYSTEM_ACTOR_NAME,
      payload: settlement.selfPaid
        ? { reason: settlement.reason, label: SELF_PAID_REASON_LABELS[settlement.reason], officeNo: use.officeNo }
        : { officeNo: use.officeNo },
    },
    case: s.progressFields(),
    ...(settlement.selfPaid
      ? {
          openTasks: [
            s.task('interim-settle', { dueOn: addDays(today, 14), detail: SELF_PAID_REASON_LABELS[settlement.reason] }),
            s.task('office-interim', { dueOn: null, officeNo: use.officeNo }),
          ],
        }
      : {}),
  };
}

/** How the case ended, as the interim settlement reads it. */
function interimEnding(s: CertificationState): InterimEnding {
  const outcome = s.outcome!;
  if (outcome === 'withdrawn' || outcome === 'rejected' || outcome === 'rejected_deceased' || outcome === 'moved_out')
    return { outcome, endedOn: s.endedOn };
  return { outcome, finalLevel: s.result().finalLevel ?? 'non_applicable', previousLevel: s.previous.level };
}
