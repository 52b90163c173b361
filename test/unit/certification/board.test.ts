import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import { boardMeetingErrors, boardMetDate, validateSecondaryJudgement } from '../../../domain/certification/board';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
const rules2020 = resolveRules(DEFAULT_RULE_VERSIONS, '2020-04-01');

describe('validateSecondaryJudgement', () => {
  const base = {
    type: 'new' as const,
    previousLevel: null,
    primaryLevel: 'care_1' as const,
    finalLevel: 'care_2' as const,
    rules,
  };
  it('accepts months within range; the board may change the level', () => {
    expect(validateSecondaryJudgement({ ...base, months: 6 })).toEqual([]);
    expect(validateSecondaryJudgement({ ...base, months: 3 })).toEqual([]);
    expect(validateSecondaryJudgement({ ...base, months: 12 })).toEqual([]);
  });
  it('rejects months outside the range with a Japanese message', () => {
    expect(validateSecondaryJudgement({ ...base, months: 13 })).toEqual([
      { field: 'months', message: '有効期間は3〜12か月の範囲で入力してください（原則6か月）' },
    ]);
    expect(validateSecondaryJudgement({ ...base, months: 2 })).toHaveLength(1);
  });
  it('rejects non-integer months', () => {
    expect(validateSecondaryJudgement({ ...base, months: 6.5 })[0].message).toContain('整数');
    expect(validateSecondaryJudgement({ ...base, months: NaN })).toHaveLength(1);
  });
  it('更新 same level allows 48 (from 2021-04-01), changed level only 36', () => {
    const renewal = { ...base, type: 'renewal' as const, previousLevel: 'care_2' as const };
    expect(validateSecondaryJudgement({ ...renewal, finalLevel: 'care_2', months: 48 })).toEqual([]);
    expect(validateSecondaryJudgement({ ...renewal, finalLevel: 'care_2', months: 48, rules: rules2020 })).toHaveLength(
      1,
    );
    expect(validateSecondaryJudgement({ ...renewal, finalLevel: 'care_3', months: 48 })).toHaveLength(1);
    expect(validateSecondaryJudgement({ ...renewal, finalLevel: 'care_3', months: 36 })).toEqual([]);
  });
  it('非該当 ignores months', () => {
    expect(validateSecondaryJudgement({ ...base, finalLevel: 'non_applicable', months: 0 })).toEqual([]);
    expect(validateSecondaryJudgement({ ...base, finalLevel: 'non_applicable', months: 12 })).toEqual([]);
  });
});

describe('boardMeetingErrors: no 二次判定 before the board has met', () => {
  it('refused before the scheduled day with no date given; accepted on and after it', () => {
    expect(boardMeetingErrors({ boardOn: '2026-12-16', boardMetOn: null, today: '2026-12-15' })).toHaveLength(1);
    expect(boardMeetingErrors({ boardOn: '2026-12-16', boardMetOn: null, today: '2026-12-15' })[0].field).toBe(
      'boardMetOn',
    );
    expect(boardMeetingErrors({ boardOn: '2026-12-16', boardMetOn: null, today: '2026-12-16' })).toEqual([]);
    expect(boardMeetingErrors({ boardOn: '2026-12-16', boardMetOn: null, today: '2026-12-17' })).toEqual([]);
  });
  it('a date the board actually met is taken as given (the field refuses the future)', () => {
    expect(boardMeetingErrors({ boardOn: '2026-12-16', boardMetOn: '2026-12-04', today: '2026-12-04' })).toEqual([]);
    expect(boardMetDate('2026-12-16', '2026-12-04')).toBe('2026-12-04');
    expect(boardMetDate('2026-12-16', null)).toBe('2026-12-16');
  });
  it('みなし更新 months 24 pass for a 区分変更 inside the window, are refused outside it', () => {
    const lc = {
      type: 'level_change' as const,
      previousLevel: 'care_2' as const,
      primaryLevel: 'care_2' as const,
      finalLevel: 'care_2' as const,
      months: 24,
      rules,
    };
    expect(
      validateSecondaryJudgement({ ...lc, levelChange: { appliedOn: '2026-02-15', currentExpiry: '2026-03-31' } }),
    ).toEqual([]);
    expect(
      validateSecondaryJudgement({ ...lc, levelChange: { appliedOn: '2026-01-15', currentExpiry: '2026-03-31' } }),
    ).toHaveLength(1);
  });
});
