import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import {
  clockState,
  completedLate,
  heldDays,
  slaState,
  stageClocks,
  stageTargets,
  worstSlaState,
  type StageClockFacts,
} from '../../../domain/certification/sla';

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

describe('stageClocks: each clock starts at its own event, never at the 申請日 (MHLW 参考期間 7 / 13 / 12)', () => {
  // Applied 04-01; the 意見書 requested with the intake on 04-02; the surveyor assigned (調査依頼) on 04-10.
  const base: StageClockFacts = {
    surveyRequestedOn: '2026-04-10',
    surveyCompletedOn: null,
    surveyHolds: [],
    opinionRequestedOn: '2026-04-02',
    opinionReceivedOn: null,
    opinionHolds: [],
    bothDocumentsOn: null,
    boardJudgedOn: null,
  };
  const states = (f: StageClockFacts, today: string) => {
    const c = stageClocks(f, rules);
    return {
      survey: clockState(c.survey, today, rules.slaAtRiskRatio),
      opinion: clockState(c.opinion, today, rules.slaAtRiskRatio),
      board: clockState(c.board, today, rules.slaAtRiskRatio),
    };
  };

  it('no survey clock before the 調査依頼, however old the application', () => {
    expect(stageClocks({ ...base, surveyRequestedOn: null }, rules).survey).toBeNull();
    expect(states({ ...base, surveyRequestedOn: null }, '2026-04-30').survey).toBeNull();
  });
  it('the survey from its request: day 7 (04-17) in time, day 8 (04-18) late', () => {
    expect(stageClocks(base, rules).survey).toMatchObject({ startedOn: '2026-04-10', targetDays: 7 });
    expect(states(base, '2026-04-17').survey).toBe('at_risk');
    expect(states(base, '2026-04-18').survey).toBe('breached');
  });
  it('the 意見書 from its request (04-02), not the application (04-01): 04-15 in time, 04-16 late', () => {
    expect(states(base, '2026-04-15').opinion).toBe('at_risk');
    expect(states(base, '2026-04-16').opinion).toBe('breached');
  });
  it('the board from the day both documents are in hand: none before, 12 days after in time, 13 late', () => {
    expect(stageClocks(base, rules).board).toBeNull();
    const inHand = {
      ...base,
      surveyCompletedOn: '2026-04-16',
      opinionReceivedOn: '2026-04-20',
      bothDocumentsOn: '2026-04-20',
    };
    expect(states(inHand, '2026-04-20')).toEqual({ survey: 'done', opinion: 'done', board: 'on_track' });
    expect(states(inHand, '2026-05-02').board).toBe('at_risk');
    expect(states(inHand, '2026-05-03').board).toBe('breached');
    expect(states({ ...inHand, boardJudgedOn: '2026-05-06' }, '2026-05-10').board).toBe('done');
  });
  it('a 保留 of the survey stops the survey clock only; a 保留 of the 意見書 stops the 意見書 clock only', () => {
    const surveyHeld = { ...base, surveyHolds: [{ from: '2026-04-12', to: '2026-04-15' }] };
    // 3 days held: the survey is due 04-20 instead of 04-17
    expect(states(surveyHeld, '2026-04-20').survey).toBe('at_risk');
    expect(states(surveyHeld, '2026-04-21').survey).toBe('breached');
    expect(states(surveyHeld, '2026-04-16').opinion).toBe('breached');
    const opinionHeld = { ...base, opinionHolds: [{ from: '2026-04-05', to: null }] };
    // an open hold: the 意見書 clock stands still at 3 days; the survey runs on
    expect(states(opinionHeld, '2026-05-30').opinion).toBe('on_track');
    expect(states(opinionHeld, '2026-04-18').survey).toBe('breached');
  });
  it('the targets come from the insurer’s rules', () => {
    const c = stageClocks(base, { ...rules, surveyTargetDays: 10 });
    expect(clockState(c.survey, '2026-04-20', rules.slaAtRiskRatio)).toBe('at_risk');
  });
  it('worstSlaState: the worst running state, done when none runs', () => {
    expect(worstSlaState([null, 'on_track', 'at_risk', 'done'])).toBe('at_risk');
    expect(worstSlaState(['breached', 'on_track'])).toBe('breached');
    expect(worstSlaState([null, null])).toBe('done');
  });
});
