import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import {
  deadlineBreach,
  decisionDueDate,
  expectedDecisionDate,
  postponementPeriodEnd,
  postponementNoticeDate,
  postponementNoticeRequired,
  postponementReason,
} from '../../../domain/certification/deadlines';
import { postponementCheckActs } from '../../../domain/certification/wake';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
const countsDay = { ...rules, deadlineCountsApplicationDay: true };

describe('decisionDueDate (30日ルール)', () => {
  it('初日不算入 by default: 4/1 → 5/1', () => {
    expect(decisionDueDate('2026-04-01', rules)).toBe('2026-05-01');
    expect(decisionDueDate('2026-01-31', rules)).toBe('2026-03-02');
    expect(decisionDueDate('2028-02-01', rules)).toBe('2028-03-02');
    expect(decisionDueDate('2026-12-15', rules)).toBe('2027-01-14');
  });
  it('counting the application day: 4/1 → 4/30', () => {
    expect(decisionDueDate('2026-04-01', countsDay)).toBe('2026-04-30');
    expect(decisionDueDate('2026-02-01', countsDay)).toBe('2026-03-02');
  });
  it('postponementNoticeDate = due − lead days', () => {
    expect(postponementNoticeDate('2026-04-01', rules)).toBe('2026-04-26');
    expect(postponementNoticeDate('2026-04-01', { ...rules, postponementNoticeLeadDays: 0 })).toBe('2026-05-01');
  });
});

describe('postponementReason', () => {
  it.each([
    [{ surveyDone: false, opinionReceived: false, onHold: false }, 'both_missing'],
    [{ surveyDone: false, opinionReceived: true, onHold: false }, 'survey_missing'],
    [{ surveyDone: true, opinionReceived: false, onHold: false }, 'opinion_missing'],
    [{ surveyDone: true, opinionReceived: true, onHold: false }, 'waiting_for_board'],
    [{ surveyDone: false, opinionReceived: false, onHold: true }, 'on_hold'],
    [{ surveyDone: true, opinionReceived: true, onHold: true }, 'on_hold'],
  ])('%o → %s', (s, reason) => {
    expect(postponementReason(s)).toBe(reason);
  });
});

describe('postponementPeriodEnd (処理見込期間)', () => {
  it('board date + 7 when the board is fixed', () => {
    expect(postponementPeriodEnd({ today: '2026-04-20', boardDate: '2026-05-12', rules })).toBe('2026-05-19');
    expect(
      postponementPeriodEnd({
        today: '2026-04-20',
        boardDate: '2026-05-12',
        rules: { ...rules, noticeDaysAfterBoard: 3 },
      }),
    ).toBe('2026-05-15');
  });
  it('today + 30 otherwise', () => {
    expect(postponementPeriodEnd({ today: '2026-04-26', rules })).toBe('2026-05-26');
    expect(postponementPeriodEnd({ today: '2026-04-26', boardDate: null, rules })).toBe('2026-05-26');
  });
});

describe('expectedDecisionDate (処分の見込日, judged for the 延期通知)', () => {
  it('board date + the insurer lag (default 3), not before today', () => {
    expect(expectedDecisionDate({ today: '2026-04-20', boardDate: '2026-05-12', rules })).toBe('2026-05-15');
    expect(
      expectedDecisionDate({
        today: '2026-04-20',
        boardDate: '2026-05-12',
        rules: { ...rules, boardToDecisionDays: 0 },
      }),
    ).toBe('2026-05-12');
    expect(expectedDecisionDate({ today: '2026-05-20', boardDate: '2026-05-12', rules })).toBe('2026-05-20');
  });
  it('today + 30 with no board date', () => {
    expect(expectedDecisionDate({ today: '2026-04-26', rules })).toBe('2026-05-26');
  });
  it('更新 with consent, board in the last week before expiry: omission judged on board + lag, not board + 7', () => {
    // applied 2026-02-10 (due 03-12), expiry 03-31, board 03-27: decision expected 03-30 ≤ expiry → no notice;
    // with the old board + 7 (04-03) a notice was raised that the law does not require.
    const base = { type: 'renewal' as const, today: '2026-03-07', dueDate: '2026-03-12', currentExpiry: '2026-03-31' };
    const expected = expectedDecisionDate({ today: base.today, boardDate: '2026-03-27', rules });
    expect(postponementNoticeRequired({ ...base, expectedDecision: expected, renewalConsentToSkip: true, rules })).toBe(
      false,
    );
    const lag5 = { ...rules, boardToDecisionDays: 5 };
    const late = expectedDecisionDate({ today: base.today, boardDate: '2026-03-27', rules: lag5 });
    expect(late).toBe('2026-04-01');
    expect(
      postponementNoticeRequired({ ...base, expectedDecision: late, renewalConsentToSkip: true, rules: lag5 }),
    ).toBe(true);
  });
});

describe('deadlineBreach (法27条11項)', () => {
  const base = {
    type: 'new' as const,
    dueDate: '2026-05-01',
    postponedUntil: [] as string[],
    renewalConsentToSkip: false,
    currentExpiry: null,
    rules,
  };
  it('none on or before the due date', () => {
    expect(deadlineBreach({ ...base, decidedOn: '2026-05-01' })).toBeNull();
    expect(deadlineBreach({ ...base, decidedOn: '2026-04-02' })).toBeNull();
  });
  it('the day after the due date with no 延期通知 is a breach', () => {
    expect(deadlineBreach({ ...base, decidedOn: '2026-05-02' })).toBe('no_postponement_notice');
  });
  it('a 延期通知 covers the decision up to its 処理見込期間, not a day after', () => {
    expect(deadlineBreach({ ...base, decidedOn: '2026-05-19', postponedUntil: ['2026-05-19'] })).toBeNull();
    expect(deadlineBreach({ ...base, decidedOn: '2026-05-20', postponedUntil: ['2026-05-19'] })).toBe(
      'past_expected_period',
    );
    expect(
      deadlineBreach({ ...base, decidedOn: '2026-05-30', postponedUntil: ['2026-05-19', '2026-06-01'] }),
    ).toBeNull();
  });
  it('更新 with consent decided within the current validity: the omission is lawful; after expiry it is not', () => {
    const renewal = { ...base, type: 'renewal' as const, renewalConsentToSkip: true, currentExpiry: '2026-05-31' };
    expect(deadlineBreach({ ...renewal, decidedOn: '2026-05-31' })).toBeNull();
    expect(deadlineBreach({ ...renewal, decidedOn: '2026-06-01' })).toBe('no_postponement_notice');
    expect(deadlineBreach({ ...renewal, renewalConsentToSkip: false, decidedOn: '2026-05-20' })).toBe(
      'no_postponement_notice',
    );
  });
});

describe('postponementNoticeRequired', () => {
  const base = {
    type: 'new' as const,
    today: '2026-04-26',
    dueDate: '2026-05-01',
    renewalConsentToSkip: false,
    currentExpiry: null,
    rules,
  };
  it('not required when the decision lands on or before the due date', () => {
    expect(postponementNoticeRequired({ ...base, expectedDecision: '2026-05-01' })).toBe(false);
    expect(postponementNoticeRequired({ ...base, expectedDecision: '2026-04-28' })).toBe(false);
  });
  it('required when the decision lands after the due date', () => {
    expect(postponementNoticeRequired({ ...base, expectedDecision: '2026-05-02' })).toBe(true);
  });
  it('a stale expected date in the past does not hide a late case', () => {
    expect(postponementNoticeRequired({ ...base, today: '2026-05-03', expectedDecision: '2026-04-30' })).toBe(true);
  });
  it('更新 with consent, decided within the current validity → not required', () => {
    const renewal = { ...base, type: 'renewal' as const, renewalConsentToSkip: true, currentExpiry: '2026-05-31' };
    expect(postponementNoticeRequired({ ...renewal, expectedDecision: '2026-05-31' })).toBe(false);
    expect(postponementNoticeRequired({ ...renewal, expectedDecision: '2026-06-01' })).toBe(true);
    expect(
      postponementNoticeRequired({ ...renewal, renewalConsentToSkip: false, expectedDecision: '2026-05-20' }),
    ).toBe(true);
    expect(
      postponementNoticeRequired({
        ...renewal,
        rules: { ...rules, renewalSkipPostponementWithConsent: false },
        expectedDecision: '2026-05-20',
      }),
    ).toBe(true);
  });
  it('the consent exception is for 更新 only', () => {
    expect(
      postponementNoticeRequired({
        ...base,
        type: 'level_change',
        renewalConsentToSkip: true,
        currentExpiry: '2026-12-31',
        expectedDecision: '2026-05-20',
      }),
    ).toBe(true);
  });
});

describe('the renewal omission, board by board in the last week before expiry (issue 18)', () => {
  // 更新 applied 2026-02-10 (due 03-12) with prior consent, current certification to 03-31.
  const base = { type: 'renewal' as const, dueDate: '2026-03-12', currentExpiry: '2026-03-31', rules };
  const facts = (boardOn: string) => ({
    checkFrom: '2026-03-07',
    type: 'renewal' as const,
    boardOn,
    renewalConsentToSkip: true,
    currentExpiry: '2026-03-31',
    omissionRecorded: true,
  });
  it.each([
    ['2026-03-24', '2026-03-27', false],
    ['2026-03-27', '2026-03-30', false],
    ['2026-03-28', '2026-03-31', false], // decided on the expiry day: still within the validity
    ['2026-03-29', '2026-04-01', true], // the day after: the notice is due
  ])('board %s → decision expected %s → notice required: %s', (boardOn, expected, required) => {
    const today = '2026-03-07';
    const expectedDecision = expectedDecisionDate({ today, boardDate: boardOn, rules });
    expect(expectedDecision).toBe(expected);
    expect(postponementNoticeRequired({ ...base, today, expectedDecision, renewalConsentToSkip: true })).toBe(required);
    // the case's own check (its wake) acts on the same judgement: no 延期通知 task for a board in time
    expect(postponementCheckActs(facts(boardOn), base.dueDate, rules, today)).toBe(required);
  });
  it('the lag is the insurer’s: with 0 days a board on the expiry day is in time, with 7 the 03-25 board is not', () => {
    const today = '2026-03-07';
    const lag = (n: number) => ({ ...rules, boardToDecisionDays: n });
    const on = (boardOn: string, n: number) =>
      postponementNoticeRequired({
        ...base,
        rules: lag(n),
        today,
        expectedDecision: expectedDecisionDate({ today, boardDate: boardOn, rules: lag(n) }),
        renewalConsentToSkip: true,
      });
    expect(on('2026-03-31', 0)).toBe(false);
    expect(on('2026-03-24', 7)).toBe(false);
    expect(on('2026-03-25', 7)).toBe(true);
  });
  it('without the prior consent, or for a 区分変更, the same board needs the notice', () => {
    const today = '2026-03-07';
    const expectedDecision = expectedDecisionDate({ today, boardDate: '2026-03-27', rules });
    expect(postponementNoticeRequired({ ...base, today, expectedDecision, renewalConsentToSkip: false })).toBe(true);
    expect(
      postponementNoticeRequired({
        ...base,
        type: 'level_change',
        today,
        expectedDecision,
        renewalConsentToSkip: true,
      }),
    ).toBe(true);
  });
});
