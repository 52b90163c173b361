import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import { completedLate, slaState, stageTargets } from '../../../domain/certification/sla';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');

describe('slaState', () => {
  const s = (today: string, completedOn?: string | null) =>
    slaState({ startedOn: '2026-04-01', targetDays: 7, today, completedOn, atRiskRatio: 0.7 });
  it('on_track before 70% of the target', () => {
    expect(s('2026-04-01')).toBe('on_track');
    expect(s('2026-04-05')).toBe('on_track'); // 4 days < 4.9
  });
  it('at_risk from 70% up to the target day', () => {
    expect(s('2026-04-06')).toBe('at_risk'); // 5 days ≥ 4.9
    expect(s('2026-04-08')).toBe('at_risk'); // day 7 still in time
  });
  it('breached after the target', () => {
    expect(s('2026-04-09')).toBe('breached');
  });
  it('done when completed, even late', () => {
    expect(s('2026-04-30', '2026-04-20')).toBe('done');
    expect(s('2026-04-02', '2026-04-02')).toBe('done');
  });
  it('completedLate', () => {
    expect(completedLate('2026-04-01', '2026-04-08', 7)).toBe(false);
    expect(completedLate('2026-04-01', '2026-04-09', 7)).toBe(true);
  });
});

describe('stageTargets', () => {
  it('MHLW 参考期間 7 / 13 / 12, from the rules', () => {
    expect(stageTargets(rules)).toEqual({ survey: 7, opinion: 13, board: 12 });
    expect(stageTargets({ ...rules, surveyTargetDays: 10 }).survey).toBe(10);
  });
});
