import {
  decide,
  decisionNeedsApproval,
  NO_CHANGE_REASON,
  NON_APPLICABLE_REASON,
} from '../../../domain/certification/decision';
import { validateSecondaryJudgement } from '../../../domain/certification/board';
import { renewalWindowOpens } from '../../../domain/certification/intake';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import type { ApplicationType, CareLevel } from '../../../domain/certification/types';
import { addDays } from '../../../domain/dates';
import { validityMonthsRange } from '../../../domain/certification/validity';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
const none = { level: null, validTo: null };
const base = (type: ApplicationType, appliedOn: string, level: CareLevel, months: number) => ({
  type,
  appliedOn,
  previous: none as { level: CareLevel | null; validTo: string | null },
  level,
  months,
  rules,
});

describe('decide: 新規 and 転入 run from the application date to a month end', () => {
  it('applied on the 1st: that month counts as month 1', () => {
    expect(decide(base('new', '2026-01-01', 'care_1', 6))).toEqual({
      outcome: 'certified',
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
      reason: null,
    });
  });
  it('applied on any other day: the count starts the next month', () => {
    expect(decide(base('new', '2026-01-31', 'care_1', 6))).toMatchObject({
      validFrom: '2026-01-31',
      validTo: '2026-07-31',
    });
  });
  it('applied on a leap day', () => {
    expect(decide(base('new', '2028-02-29', 'support_2', 12))).toMatchObject({ validTo: '2029-02-28' });
  });
  it('転入 likewise, from the application date', () => {
    expect(decide(base('transfer_in', '2026-06-15', 'care_3', 6))).toMatchObject({
      outcome: 'certified',
      validFrom: '2026-06-15',
      validTo: '2026-12-31',
    });
  });
});

describe('decide: 更新', () => {
  it('runs from the day after the current expiry, whatever the decision date', () => {
    const d = decide({
      ...base('renewal', '2026-02-10', 'care_2', 12),
      previous: { level: 'care_2', validTo: '2026-03-31' },
    });
    expect(d).toMatchObject({ outcome: 'certified', validFrom: '2026-04-01', validTo: '2027-03-31' });
  });
  it('with no known expiry counts as 新規 (from the application date)', () => {
    expect(decide(base('renewal', '2026-02-10', 'care_2', 12))).toMatchObject({
      validFrom: '2026-02-10',
      validTo: '2027-02-28',
    });
  });
});

describe('decide: 区分変更', () => {
  const expiry = '2026-12-31';
  const current = { level: 'care_2' as CareLevel, validTo: expiry };
  const opens = renewalWindowOpens(expiry, rules);

  it('to another level: 認定 from the application date', () => {
    const d = decide({ ...base('level_change', '2026-05-15', 'care_3', 6), previous: current });
    expect(d).toEqual({ outcome: 'certified', validFrom: '2026-05-15', validTo: '2026-11-30', reason: null });
  });
  it('to the same level the day before the renewal window: 却下（変更なし） with its reason, no validity', () => {
    const d = decide({ ...base('level_change', addDays(opens, -1), 'care_2', 6), previous: current });
    expect(d).toEqual({ outcome: 'rejected_no_change', validFrom: null, validTo: null, reason: NO_CHANGE_REASON });
  });
  it('to the same level on the day the window opens: みなし更新 from the day after the expiry', () => {
    const d = decide({ ...base('level_change', opens, 'care_2', 12), previous: current });
    expect(d).toEqual({ outcome: 'deemed_renewal', validFrom: '2027-01-01', validTo: '2027-12-31', reason: null });
  });
  it('to the same level on the expiry day itself: still みなし更新', () => {
    expect(decide({ ...base('level_change', expiry, 'care_2', 12), previous: current }).outcome).toBe('deemed_renewal');
  });
  it('with no current certification: 認定 from the application date', () => {
    expect(decide(base('level_change', '2026-05-15', 'care_2', 6))).toMatchObject({
      outcome: 'certified',
      validFrom: '2026-05-15',
    });
  });
});

describe('decide: 非該当', () => {
  it('has no validity and states the default reason', () => {
    expect(decide(base('new', '2026-05-15', 'non_applicable', 0))).toEqual({
      outcome: 'non_applicable',
      validFrom: null,
      validTo: null,
      reason: NON_APPLICABLE_REASON,
    });
  });
  it("states the board's reason when it gave one, also for a 区分変更", () => {
    const d = decide({
      ...base('level_change', '2026-05-15', 'non_applicable', 0),
      previous: { level: 'support_1', validTo: '2026-12-31' },
      boardReason: '日常生活に支障がないため',
    });
    expect(d).toMatchObject({ outcome: 'non_applicable', reason: '日常生活に支障がないため' });
  });
});

describe('decisionNeedsApproval: the 処分 and its 決裁', () => {
  it("by default the 認定係's decision is final", () => {
    expect(decisionNeedsApproval(rules, 'intake')).toBe(false);
  });
  it("with the setting on, the 認定係 waits for the 係長; the 係長's own decision needs no 決裁", () => {
    const withApproval = { ...rules, decisionApprovalRequired: true };
    expect(decisionNeedsApproval(withApproval, 'intake')).toBe(true);
    expect(decisionNeedsApproval(withApproval, 'supervisor')).toBe(false);
  });
});

describe('みなし更新 (issue 18): the 更新 ranges and default, end to end from the range to the 処分', () => {
  const expiry = '2027-01-31';
  const current = { level: 'care_2' as CareLevel, validTo: expiry };
  const opens = renewalWindowOpens(expiry, rules); // 2026-12-02 (expiry − 60)
  const dates = (appliedOn: string) => ({ appliedOn, currentExpiry: expiry });
  const judged = (appliedOn: string, months: number, r = rules) =>
    validateSecondaryJudgement({
      type: 'level_change',
      previousLevel: 'care_2',
      primaryLevel: 'care_2',
      finalLevel: 'care_2',
      months,
      rules: r,
      levelChange: dates(appliedOn),
    });

  it('the window opens on expiry − 60', () => {
    expect(opens).toBe('2026-12-02');
  });
  it('the default is 12 months (not the 区分変更 6), and a 12-month みなし更新 runs 12 full months after expiry', () => {
    const range = validityMonthsRange('level_change', 'care_2', 'care_2', rules, dates(opens));
    expect(range.default).toBe(12);
    const d = decide({ ...base('level_change', opens, 'care_2', range.default), previous: current });
    expect(d).toEqual({ outcome: 'deemed_renewal', validFrom: '2027-02-01', validTo: '2028-01-31', reason: null });
  });
  it('24 and 48 months are accepted, 49 and 2 refused; 3 is the floor', () => {
    for (const m of [3, 12, 24, 36, 48]) expect(judged('2027-01-10', m)).toEqual([]);
    for (const m of [2, 49]) expect(judged('2027-01-10', m)).toHaveLength(1);
    const d = decide({ ...base('level_change', '2027-01-10', 'care_2', 48), previous: current });
    expect(d).toMatchObject({ outcome: 'deemed_renewal', validFrom: '2027-02-01', validTo: '2031-01-31' });
  });
  it('edges: the day the window opens and the expiry day are inside; the day before is a 区分変更 (max 12)', () => {
    expect(judged(opens, 24)).toEqual([]);
    expect(judged(expiry, 24)).toEqual([]);
    expect(judged(addDays(opens, -1), 24)[0].message).toContain('3〜12か月');
    expect(judged(addDays(opens, -1), 12)).toEqual([]);
  });
  it('the expiry − 61 convention opens the window a day earlier', () => {
    const r61 = { ...rules, renewalWindowCountsExpiryMinus: 61 as const };
    expect(judged(addDays(opens, -1), 24, r61)).toEqual([]);
    expect(judged(addDays(opens, -2), 24, r61)).toHaveLength(1);
  });
  it('under the rules before 2021-04-01 the same-level 更新 range ends at 36', () => {
    const old = resolveRules(DEFAULT_RULE_VERSIONS, '2021-03-31');
    expect(judged('2027-01-10', 36, old)).toEqual([]);
    expect(judged('2027-01-10', 37, old)).toHaveLength(1);
  });
});
