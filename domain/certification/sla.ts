/** 段階ごとの期間管理 against the MHLW 参考期間 (survey 7 / 意見書 13 / board 12 days) [S3] [S2]. Pure. */
import type { IsoDate, SlaState } from './types';
import type { CertificationRules } from './rules';
import { daysBetween } from '../dates';

/**
 * 期間管理の状態: 完了 when completed; 超過 when more than targetDays have elapsed since startedOn (less the days the
 * stage was on 保留); 要注意 when elapsed ≥ atRiskRatio × target; else 順調. Day 7 of a 7-day target is still on time [S3].
 */
export function slaState(input: {
  startedOn: IsoDate;
  targetDays: number;
  today: IsoDate;
  completedOn?: IsoDate | null;
  atRiskRatio: number;
  /** days the stage's clock stood still (保留), from heldDays */
  pausedDays?: number;
}): SlaState {
  const { startedOn, targetDays, today, completedOn, atRiskRatio } = input;
  if (completedOn) return 'done';
  const elapsed = daysBetween(startedOn, today) - (input.pausedDays ?? 0);
  if (elapsed > targetDays) return 'breached';
  if (elapsed >= atRiskRatio * targetDays) return 'at_risk';
  return 'on_track';
}

/** 参考期間 per stage: 認定調査 / 主治医意見書 / 審査会 in days, from the rules [S3]. */
export function stageTargets(rules: CertificationRules): { survey: number; opinion: number; board: number } {
  return { survey: rules.surveyTargetDays, opinion: rules.opinionTargetDays, board: rules.boardTargetDays };
}

/** 参考期間を超過して完了したか: true when completedOn is more than targetDays after startedOn [S3]. */
export function completedLate(startedOn: IsoDate, completedOn: IsoDate, targetDays: number): boolean {
  return daysBetween(startedOn, completedOn) > targetDays;
}

/** A 保留 of one stage: from `from` until `to` (null while it lasts). */
export interface HoldPeriod {
  from: IsoDate;
  to: IsoDate | null;
}

/** One stage's 期間管理 clock (認定調査, 主治医意見書, 審査会): where it starts, its target, its end and its 保留. */
export interface SlaClock {
  startedOn: IsoDate;
  targetDays: number;
  completedOn: IsoDate | null;
  holds: readonly HoldPeriod[];
}

/** The events the stage clocks read, as the case records them. */
export interface StageClockFacts {
  /** 調査依頼 (the surveyor assigned), null before it */
  surveyRequestedOn: IsoDate | null;
  surveyCompletedOn: IsoDate | null;
  surveyHolds: readonly HoldPeriod[];
  /** 意見書依頼 (with the intake) */
  opinionRequestedOn: IsoDate;
  opinionReceivedOn: IsoDate | null;
  opinionHolds: readonly HoldPeriod[];
  /** the day both the 調査票 and the 意見書 were in hand, null before */
  bothDocumentsOn: IsoDate | null;
  /** the day the board met and judged (二次判定), null before */
  boardJudgedOn: IsoDate | null;
}

/**
 * 各段階の時計 as the MHLW 参考期間 count them: the survey from its request, the 意見書 from its request, the board from
 * the day both documents are in hand (never from the 申請日); each 保留 stops only its own stage's clock. A stage not
 * yet started has no clock [S3] [S7].
 */
export function stageClocks(
  f: StageClockFacts,
  rules: CertificationRules,
): { survey: SlaClock | null; opinion: SlaClock; board: SlaClock | null } {
  return {
    survey: f.surveyRequestedOn
      ? {
          startedOn: f.surveyRequestedOn,
          targetDays: rules.surveyTargetDays,
          completedOn: f.surveyCompletedOn,
          holds: f.surveyHolds,
        }
      : null,
    opinion: {
      startedOn: f.opinionRequestedOn,
      targetDays: rules.opinionTargetDays,
      completedOn: f.opinionReceivedOn,
      holds: f.opinionHolds,
    },
    board: f.bothDocumentsOn
      ? { startedOn: f.bothDocumentsOn, targetDays: rules.boardTargetDays, completedOn: f.boardJudgedOn, holds: [] }
      : null,
  };
}

/** One clock's state on `today` (its 保留 days deducted); null when the stage has no clock yet. */
export function clockState(clock: SlaClock | null, today: IsoDate, atRiskRatio: number): SlaState | null {
  if (!clock) return null;
  return slaState({
    startedOn: clock.startedOn,
    targetDays: clock.targetDays,
    today,
    completedOn: clock.completedOn,
    atRiskRatio,
    pausedDays: heldDays(clock.holds, today),
  });
}

const SEVERITY: SlaState[] = ['done', 'on_track', 'at_risk', 'breached'];

/** The worst of the states ('done' when none is running). */
export function worstSlaState(states: readonly (SlaState | null)[]): SlaState {
  return states
    .filter((x): x is SlaState => x != null)
    .reduce((w, x) => (SEVERITY.indexOf(x) > SEVERITY.indexOf(w) ? x : w), 'done' as SlaState);
}

/**
 * Days a stage's clock stood still by 保留 up to today: each hold counts from the day it began to the day it was
 * lifted (a hold lifted the same day costs nothing), an open hold to today; holds do not overlap per stage [S3] [S7].
 */
export function heldDays(holds: readonly HoldPeriod[], today: IsoDate): number {
  return holds.reduce((n, h) => n + Math.max(0, daysBetween(h.from, h.to ?? today)), 0);
}
