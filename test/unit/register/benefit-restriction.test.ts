/** 給付制限 (domain/register/benefit-restriction.ts): checks of an entry, the 被保険者証 text, the ones in force. */
import {
  benefitRestrictionProblems,
  benefitRestrictionText,
  endProblem,
  restrictionsInForce,
  type BenefitRestriction,
} from '../../../domain/register/benefit-restriction';

const reduction: BenefitRestriction = { kind: 'benefit_reduction', validFrom: '2026-10-01', validTo: '2027-09-30' };

describe('benefitRestrictionProblems', () => {
  it('accepts an open-ended or a one-day restriction', () => {
    expect(benefitRestrictionProblems({ ...reduction, validTo: null }, [], '1940-01-01')).toEqual([]);
    expect(benefitRestrictionProblems({ ...reduction, validTo: '2026-10-01' }, [], null)).toEqual([]);
  });
  it('refuses an end before the start, a start before birth, impossible dates', () => {
    expect(benefitRestrictionProblems({ ...reduction, validTo: '2026-09-30' }, [], null)).toEqual([
      { field: 'validTo', message: '終了日は開始日以降の日付にしてください' },
    ]);
    expect(benefitRestrictionProblems(reduction, [], '2026-10-02')[0].field).toBe('validFrom');
    expect(benefitRestrictionProblems({ ...reduction, validFrom: '2026-02-29' }, [], null)[0].message).toBe(
      '開始日が正しくありません',
    );
  });
  it('refuses an overlap with the same kind only (an open end overlaps everything later)', () => {
    const open: BenefitRestriction = { kind: 'benefit_reduction', validFrom: '2025-01-01', validTo: null };
    expect(benefitRestrictionProblems(reduction, [open], null)[0].message).toContain('期間が重なっています');
    expect(benefitRestrictionProblems(reduction, [{ ...open, kind: 'payment_method_change' }], null)).toEqual([]);
    expect(benefitRestrictionProblems(reduction, [{ ...open, validTo: '2026-09-30' }], null)).toEqual([]);
  });
});

describe('the 被保険者証 text and the restrictions in force', () => {
  it('prints current and future ones in 和暦, none when all have ended', () => {
    const pay: BenefitRestriction = { kind: 'payment_method_change', validFrom: '2026-04-01', validTo: null };
    expect(benefitRestrictionText([reduction, pay], '2026-06-01')).toBe(
      '支払方法変更（令和8年4月1日〜）、給付額減額（令和8年10月1日〜令和9年9月30日）',
    );
    expect(benefitRestrictionText([reduction], '2027-10-01')).toBeNull();
    expect(restrictionsInForce([reduction, pay], '2026-06-01')).toEqual([pay]);
    expect(restrictionsInForce([reduction, pay], '2027-09-30')).toEqual([pay, reduction]);
  });
  it('an end date must lie in the period', () => {
    expect(endProblem(reduction, '2026-09-30')).toBe('終了日は開始日以降の日付にしてください');
    expect(endProblem(reduction, '2027-10-01')).toBe('すでにこの日より前に終了しています');
    expect(endProblem(reduction, '2027-03-31')).toBeNull();
  });
});
