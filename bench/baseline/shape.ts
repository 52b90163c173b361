/**
 * The shape of one case as Temporal sees it: activities run at start, per Update, and at the end.
 * Each string lists activities in order: 'L' = local activity, 'R' = regular activity.
 * The baseline workflow replays exactly this shape with activities that do nothing.
 */
export interface CaseShape {
  start: string;
  updates: string[];
  end: string;
}

/**
 * One 新規 certification case with consent, driven straight to the decision (workflows/certification/workflow.ts):
 *   start:   loadRules R, loadInsuredPerson R, 受付 recordProgress L, recordIntakeConsent R,
 *            主治医意見書依頼 issueCertificationNotice L + recordProgress L
 *   Updates: assignSurveyor, scheduleSurvey, completeSurvey, receiveOpinion (+ 一次判定 L), scheduleBoard,
 *            recordSecondaryJudgement — each one recordProgress L
 *   end:     決定 recordProgress L, applyCertificationToInsuredPerson R, enqueueOutbox R,
 *            結果通知 issueCertificationNotice L + recordProgress L
 *   (since revision 4 no renewal watch at the decision: the daily 更新勧奨 batch starts it near the expiry)
 * The benchmark counts the same from a real case's history at run time; when the counts differ from these it
 * uses the measured shape instead (and says so), so the baseline cannot drift from the workflow.
 */
export const CERTIFICATION_CASE_SHAPE: CaseShape = {
  start: 'RRLRLL',
  updates: ['L', 'L', 'L', 'LL', 'L', 'L'],
  end: 'LRRLL',
};

export function sameCounts(a: CaseShape, b: CaseShape): boolean {
  const x = shapeCounts(a);
  const y = shapeCounts(b);
  return x.updates === y.updates && x.local === y.local && x.regular === y.regular;
}

export function shapeCounts(s: CaseShape): { updates: number; local: number; regular: number } {
  const all = s.start + s.updates.join('') + s.end;
  return {
    updates: s.updates.length,
    local: [...all].filter((c) => c === 'L').length,
    regular: [...all].filter((c) => c === 'R').length,
  };
}

export function describeShape(s: CaseShape): string {
  const c = shapeCounts(s);
  return `${c.updates} Updates, ${c.local} local + ${c.regular} regular activities (start ${s.start || '-'} | ${s.updates.map((u) => u || '-').join(' ')} | end ${s.end || '-'})`;
}
