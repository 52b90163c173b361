import fc from 'fast-check';
import { addDays, daysBetween, endOfMonth } from '../../../domain/dates';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import {
  isDeemedRenewal,
  isSameLevel,
  levelChangeOutcome,
  validityMonthsRange,
  validityPeriod,
} from '../../../domain/certification/validity';
import { APPLICATION_TYPES, ApplicationType } from '../../../domain/certification/types';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
const rules2020 = resolveRules(DEFAULT_RULE_VERSIONS, '2020-04-01');

describe('validityMonthsRange', () => {
  it('新規 and 区分変更: 3–12, 原則 6', () => {
    expect(validityMonthsRange('new', null, 'care_1', rules)).toEqual({ min: 3, max: 12, default: 6 });
    expect(validityMonthsRange('level_change', 'care_1', 'care_3', rules)).toEqual({ min: 3, max: 12, default: 6 });
  });
  it('更新 same level: 3–48 from 2021-04-01, 3–36 before', () => {
    expect(validityMonthsRange('renewal', 'care_2', 'care_2', rules)).toEqual({ min: 3, max: 48, default: 12 });
    expect(validityMonthsRange('renewal', 'care_2', 'care_2', rules2020)).toEqual({ min: 3, max: 36, default: 12 });
  });
  it('更新 different level (even within 要介護): 3–36', () => {
    expect(validityMonthsRange('renewal', 'care_2', 'care_3', rules).max).toBe(36);
    expect(validityMonthsRange('renewal', 'support_2', 'care_1', rules).max).toBe(36);
    expect(validityMonthsRange('renewal', null, 'care_1', rules).max).toBe(36);
  });
  it('非該当 has no period', () => {
    expect(validityMonthsRange('new', null, 'non_applicable', rules)).toEqual({ min: 0, max: 0, default: 0 });
  });
  it('returns a copy', () => {
    validityMonthsRange('new', null, 'care_1', rules).max = 99;
    expect(rules.validityMonths.new.max).toBe(12);
  });
  it('isSameLevel', () => {
    expect(isSameLevel('care_2', 'care_2')).toBe(true);
    expect(isSameLevel('care_2', 'care_3')).toBe(false);
    expect(isSameLevel(null, 'care_3')).toBe(false);
  });
});

describe('validityPeriod', () => {
  it.each([
    ['2026-04-01', 6, '2026-04-01', '2026-09-30'],
    ['2026-04-15', 6, '2026-04-15', '2026-10-31'],
    ['2026-01-02', 6, '2026-01-02', '2026-07-31'],
    ['2026-01-31', 1, '2026-01-31', '2026-02-28'],
    ['2027-08-31', 6, '2027-08-31', '2028-02-29'],
    ['2026-12-01', 3, '2026-12-01', '2027-02-28'],
    ['2026-12-31', 12, '2026-12-31', '2027-12-31'],
  ])('新規 applied %s for %i months → %s–%s', (appliedOn, months, from, to) => {
    expect(validityPeriod({ type: 'new', appliedOn, months })).toEqual({ from, to });
    expect(validityPeriod({ type: 'level_change', appliedOn, months })).toEqual({ from, to });
    expect(validityPeriod({ type: 'transfer_in', appliedOn, months })).toEqual({ from, to });
  });

  it('更新 starts the day after expiry, regardless of the application/decision date', () => {
    expect(
      validityPeriod({ type: 'renewal', appliedOn: '2026-02-10', previousExpiry: '2026-03-31', months: 12 }),
    ).toEqual({
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(
      validityPeriod({ type: 'renewal', appliedOn: '2027-12-20', previousExpiry: '2028-01-31', months: 1 }),
    ).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(
      validityPeriod({ type: 'renewal', appliedOn: '2026-10-01', previousExpiry: '2026-11-30', months: 48 }),
    ).toEqual({
      from: '2026-12-01',
      to: '2030-11-30',
    });
  });

  it('rejects bad input', () => {
    expect(() => validityPeriod({ type: 'renewal', appliedOn: '2026-02-10', months: 12 })).toThrow(RangeError);
    expect(() => validityPeriod({ type: 'new', appliedOn: '2026-02-10', months: 0 })).toThrow(RangeError);
    expect(() => validityPeriod({ type: 'new', appliedOn: '2026-02-10', months: 2.5 })).toThrow(RangeError);
    expect(() => validityPeriod({ type: 'new', appliedOn: '2026-02-30', months: 6 })).toThrow(RangeError);
  });

  const isoDate = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: end is a month end, from ≤ to, length is N months (N−1 after the 1st), renewal from = expiry+1', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ApplicationType>(...APPLICATION_TYPES),
        isoDate,
        isoDate,
        fc.integer({ min: 1, max: 48 }),
        (type, appliedOn, expiry, months) => {
          const { from, to } = validityPeriod({ type, appliedOn, previousExpiry: expiry, months });
          expect(endOfMonth(to)).toBe(to);
          expect(daysBetween(from, to)).toBeGreaterThanOrEqual(0);
          if (type === 'renewal') expect(from).toBe(addDays(expiry, 1));
          else expect(from).toBe(appliedOn);
          const [fy, fm, fd] = from.split('-').map(Number);
          const [ty, tm] = to.split('-').map(Number);
          const monthSpan = (ty - fy) * 12 + (tm - fm) + (fd === 1 ? 1 : 0);
          expect(monthSpan).toBe(months);
        },
      ),
    );
  });
});

describe('levelChangeOutcome', () => {
  const base = { currentExpiry: '2026-03-31', rules };
  it('different level → changed', () => {
    expect(
      levelChangeOutcome({ ...base, currentLevel: 'care_1', decidedLevel: 'care_3', appliedOn: '2025-10-01' }),
    ).toBe('changed');
    expect(
      levelChangeOutcome({ ...base, currentLevel: 'care_3', decidedLevel: 'care_1', appliedOn: '2026-03-01' }),
    ).toBe('changed');
  });
  it('same level outside the window → 却下（変更なし）', () => {
    expect(
      levelChangeOutcome({ ...base, currentLevel: 'care_2', decidedLevel: 'care_2', appliedOn: '2026-01-29' }),
    ).toBe('rejected_no_change');
  });
  it('same level inside the window (expiry−60 through expiry) → みなし更新', () => {
    for (const appliedOn of ['2026-01-30', '2026-03-01', '2026-03-31']) {
      expect(levelChangeOutcome({ ...base, currentLevel: 'care_2', decidedLevel: 'care_2', appliedOn })).toBe(
        'deemed_renewal',
      );
    }
  });
  it('respects the expiry−61 convention', () => {
    const r61 = { ...rules, renewalWindowCountsExpiryMinus: 61 as const };
    expect(
      levelChangeOutcome({
        currentLevel: 'care_2',
        decidedLevel: 'care_2',
        appliedOn: '2026-01-29',
        currentExpiry: '2026-03-31',
        rules: r61,
      }),
    ).toBe('deemed_renewal');
  });
});

describe('みなし更新: a 区分変更 finding the same level inside the renewal window takes the 更新 range', () => {
  const expiry = '2026-03-31'; // window opens 2026-01-30 (expiry − 60)
  it('inside the window (first day and expiry day): 3–48, 原則 12', () => {
    for (const appliedOn of ['2026-01-30', '2026-03-31']) {
      expect(
        validityMonthsRange('level_change', 'care_2', 'care_2', rules, { appliedOn, currentExpiry: expiry }),
      ).toEqual({
        min: 3,
        max: 48,
        default: 12,
      });
      expect(isDeemedRenewal('care_2', 'care_2', rules, { appliedOn, currentExpiry: expiry })).toBe(true);
    }
  });
  it('the day before the window, or a different level: the 区分変更 range 3–12, 原則 6', () => {
    const before = { appliedOn: '2026-01-29', currentExpiry: expiry };
    const inside = { appliedOn: '2026-02-15', currentExpiry: expiry };
    expect(validityMonthsRange('level_change', 'care_2', 'care_2', rules, before)).toEqual({
      min: 3,
      max: 12,
      default: 6,
    });
    expect(validityMonthsRange('level_change', 'care_2', 'care_3', rules, inside)).toEqual({
      min: 3,
      max: 12,
      default: 6,
    });
    expect(validityMonthsRange('level_change', 'care_2', 'care_2', rules)).toEqual({ min: 3, max: 12, default: 6 });
  });
  it('a 12-month みなし更新 runs a full 12 months from the day after expiry', () => {
    expect(validityPeriod({ type: 'renewal', appliedOn: '2026-02-15', previousExpiry: expiry, months: 12 })).toEqual({
      from: '2026-04-01',
      to: '2027-03-31',
    });
  });
});
