/** 期間管理 of one case: each stage's clock against the MHLW 参考期間 (survey 7 / 意見書 13 / board 12 days) [S3]. */
import { heldDays, slaState } from '../../domain/certification/sla';
import type { IsoDate, SlaState } from '../../domain/certification/types';
import type { SlaClock } from '../../domain/certification/wake';
import type { CertificationSnapshot } from './messages';
import type { CertificationState } from './state';

const SEVERITY: SlaState[] = ['done', 'on_track', 'at_risk', 'breached'];

/**
 * Each clock starts at its own event (調査依頼, 意見書依頼, both documents in hand) and stands still while its stage is
 * on 保留; a survey not yet requested has no clock. The overall state is the worst of them.
 */
export function caseSla(s: CertificationState): CertificationSnapshot['sla'] {
  if (s.isTransferIn) return { survey: null, opinion: null, board: null, overall: null };
  const r = s.rules;
  const today = s.clock.today();
  const st = (startedOn: IsoDate, targetDays: number, completedOn: IsoDate | null, pausedDays = 0) =>
    slaState({ startedOn, targetDays, today, completedOn, atRiskRatio: r.slaAtRiskRatio, pausedDays });
  const survey = s.survey.requestedOn
    ? st(s.survey.requestedOn, r.surveyTargetDays, s.survey.completedOn, heldDays(s.holds.survey, today))
    : null;
  const opinion = st(
    s.opinion.requestedOn,
    r.opinionTargetDays,
    s.opinion.receivedOn,
    heldDays(s.holds.opinion, today),
  );
  const board = s.bothDocumentsOn ? st(s.bothDocumentsOn, r.boardTargetDays, s.secondaryOn) : null;
  const states = [survey, opinion, board].filter((x): x is SlaState => x != null);
  const overall = states.reduce((w, x) => (SEVERITY.indexOf(x) > SEVERITY.indexOf(w) ? x : w), 'done' as SlaState);
  return { survey, opinion, board, overall };
}

/** The running clocks as domain/certification/wake reads them (the same clocks caseSla judges). */
export function slaClocks(s: CertificationState): SlaClock[] {
  if (s.isTransferIn) return [];
  const r = s.rules;
  const clocks: SlaClock[] = [];
  if (s.survey.requestedOn) {
    clocks.push({
      startedOn: s.survey.requestedOn,
      targetDays: r.surveyTargetDays,
      completedOn: s.survey.completedOn,
      holds: s.holds.survey,
    });
  }
  clocks.push({
    startedOn: s.opinion.requestedOn,
    targetDays: r.opinionTargetDays,
    completedOn: s.opinion.receivedOn,
    holds: s.holds.opinion,
  });
  if (s.bothDocumentsOn) {
    clocks.push({ startedOn: s.bothDocumentsOn, targetDays: r.boardTargetDays, completedOn: s.secondaryOn, holds: [] });
  }
  return clocks;
}
