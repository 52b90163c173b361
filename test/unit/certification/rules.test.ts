import {
  CertificationRules,
  DEFAULT_RULE_VERSIONS,
  resolveRules,
  RuleVersion,
  validateCertificationRules,
} from '../../../domain/certification/rules';

describe('resolveRules', () => {
  it('applies the 2000 baseline before 2021-04-01 (同一区分の更新 max 36)', () => {
    const r = resolveRules(DEFAULT_RULE_VERSIONS, '2021-03-31');
    expect(r.validityMonths.renewal_same_level).toEqual({ min: 3, max: 36, default: 12 });
    expect(r.validityMonths.renewal_changed).toEqual({ min: 3, max: 36, default: 12 });
  });

  it('applies 48 months for same-level renewals from 2021-04-01', () => {
    const r = resolveRules(DEFAULT_RULE_VERSIONS, '2021-04-01');
    expect(r.validityMonths.renewal_same_level.max).toBe(48);
    expect(r.validityMonths.renewal_changed.max).toBe(36);
    expect(r.validityMonths.new).toEqual({ min: 3, max: 12, default: 6 });
    expect(r.validityMonths.level_change).toEqual({ min: 3, max: 12, default: 6 });
  });

  it('resolves the default table on every day since 2000 to rules that pass their own validation', () => {
    for (const on of ['2000-04-01', '2021-03-31', '2021-04-01', '2026-04-01', '2099-12-31'])
      expect([on, validateCertificationRules(resolveRules(DEFAULT_RULE_VERSIONS, on))]).toEqual([on, []]);
  });

  it('throws when no version applies', () => {
    expect(() => resolveRules(DEFAULT_RULE_VERSIONS, '1999-12-31')).toThrow();
    expect(() => resolveRules([], '2026-01-01')).toThrow();
  });

  it('throws when the merged result is incomplete', () => {
    expect(() =>
      resolveRules([{ effectiveFrom: '2020-01-01', rules: { decisionDeadlineDays: 30 } }], '2026-01-01'),
    ).toThrow(/不完全/);
  });

  it('merges later versions field by field, ignores future ones, regardless of list order', () => {
    const versions: RuleVersion[] = [
      { effectiveFrom: '2027-01-01', rules: { opinionReminderIntervalDays: 7 } },
      ...DEFAULT_RULE_VERSIONS,
      {
        effectiveFrom: '2026-04-01',
        rules: { renewalWindowCountsExpiryMinus: 61, deadlineCountsApplicationDay: true },
      },
    ];
    const before = resolveRules(versions, '2026-03-31');
    expect(before.renewalWindowCountsExpiryMinus).toBe(60);
    const on = resolveRules(versions, '2026-04-01');
    expect(on.renewalWindowCountsExpiryMinus).toBe(61);
    expect(on.deadlineCountsApplicationDay).toBe(true);
    expect(on.opinionReminderIntervalDays).toBe(14);
    expect(on.validityMonths.renewal_same_level.max).toBe(48);
    expect(resolveRules(versions, '2027-01-01').opinionReminderIntervalDays).toBe(7);
  });

  it('does not let callers mutate the defaults through the result', () => {
    const r = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
    r.validityMonths.new.max = 99;
    expect(resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01').validityMonths.new.max).toBe(12);
  });
});

describe('validateCertificationRules', () => {
  const base = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
  it('flags bad values', () => {
    const bad: CertificationRules = {
      ...base,
      decisionDeadlineDays: -1,
      slaAtRiskRatio: 1.5,
      validityMonths: { ...base.validityMonths, new: { min: 6, max: 3, default: 4 } },
    };
    const errors = validateCertificationRules(bad);
    expect(errors.some((e) => e.startsWith('decisionDeadlineDays'))).toBe(true);
    expect(errors.some((e) => e.startsWith('slaAtRiskRatio'))).toBe(true);
    expect(errors.some((e) => e.startsWith('validityMonths.new'))).toBe(true);
  });
});
