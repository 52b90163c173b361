import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import { completedLate, heldDays, slaState, stageTargets } from '../../../domain/certification/sla';

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

describe('保留 pauses the clock it concerns', () => {
  it('heldDays: a closed hold counts its days, an open one up to today, a same-day hold none', () => {
    expect(heldDays([], '2026-04-10')).toBe(0);
    expect(heldDays([{ from: '2026-04-03', to: '2026-04-03' }], '2026-04-10')).toBe(0);
    expect(heldDays([{ from: '2026-04-03', to: '2026-04-06' }], '2026-04-10')).toBe(3);
    expect(
      heldDays(
        [
          { from: '2026-04-03', to: '2026-04-06' },
          { from: '2026-04-08', to: null },
        ],
        '2026-04-10',
      ),
    ).toBe(5);
  });
  it('a survey requested 04-01 with 3 days on hold is still on time on 04-10 (target 7)', () => {
    const at = (today: string, pausedDays: number) =>
      slaState({ startedOn: '2026-04-01', targetDays: 7, today, atRiskRatio: 0.7, pausedDays });
    expect(at('2026-04-10', 0)).toBe('breached');
    expect(at('2026-04-10', 3)).toBe('at_risk');
    expect(at('2026-04-11', 3)).toBe('at_risk');
    expect(at('2026-04-12', 3)).toBe('breached');
  });
});
