/** 期間管理 of one case: each stage's clock against the MHLW 参考期間 (survey 7 / 意見書 13 / board 12 days) [S3]. */
import { clockState, stageClocks, worstSlaState, type SlaClock } from '../../domain/certification/sla';
import type { CertificationSnapshot } from './messages';
import type { CertificationState } from './state';

/** The case's clocks (domain/certification/sla stageClocks): each from its own event, its 保留 only its own. */
function clocksOf(s: CertificationState) {
  return stageClocks(
    {
      surveyRequestedOn: s.survey.requestedOn,
      surveyCompletedOn: s.survey.completedOn,
      surveyHolds: s.holds.survey,
      opinionRequestedOn: s.opinion.requestedOn,
      opinionReceivedOn: s.opinion.receivedOn,
      opinionHolds: s.holds.opinion,
      bothDocumentsOn: s.bothDocumentsOn,
      boardJudgedOn: s.secondaryOn,
    },
    s.rules,
  );
}

/** Each stage's state today and the worst of them; a 転入者継続 has no stages. */
export function caseSla(s: CertificationState): CertificationSnapshot['sla'] {
  if (s.isTransferIn) return { survey: null, opinion: null, board: null, overall: null };
  const c = clocksOf(s);
  const today = s.clock.today();
  const ratio = s.rules.slaAtRiskRatio;
  const survey = clockState(c.survey, today, ratio);
  const opinion = clockState(c.opinion, today, ratio);
  const board = clockState(c.board, today, ratio);
  return { survey, opinion, board, overall: worstSlaState([survey, opinion, board]) };
}

/** The running clocks as domain/certification/wake reads them (the same clocks caseSla judges). */
export function slaClocks(s: CertificationState): SlaClock[] {
  if (s.isTransferIn) return [];
  const c = clocksOf(s);
  return [c.survey, c.opinion, c.board].filter((x): x is SlaClock => x != null);
}
