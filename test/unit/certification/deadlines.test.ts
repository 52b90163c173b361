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
