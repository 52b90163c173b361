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

/**
 * Days a stage's clock stood still by 保留 up to today: each hold counts from the day it began to the day it was
 * lifted (a hold lifted the same day costs nothing), an open hold to today; holds do not overlap per stage [S3] [S7].
 */
export function heldDays(holds: readonly HoldPeriod[], today: IsoDate): number {
  return holds.reduce((n, h) => n + Math.max(0, daysBetween(h.from, h.to ?? today)), 0);
}
