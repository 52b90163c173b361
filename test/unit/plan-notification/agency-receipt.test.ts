import {
  DEFAULT_AGENCY_RECEIPT_WINDOW,
  judgeAgencyReceiptWindow,
  validateAgencyReceiptWindow,
  type AgencyReceiptWindow,
} from '../../../domain/plan-notification/agency-receipt';

/** Kani: before the start or within 2 weeks of the result; interim within 1 week of the contract, no back-dating on a 新規. */
const kani: AgencyReceiptWindow = {
  kind: 'or_weeks_after_result',
  weeksAfterResult: 2,
  interimWeeksAfterContract: 1,
  interimBackdateOnNew: false,
  outside: 'refuse',
};
const judge = (
  w: AgencyReceiptWindow,
  filedOn: string,
  o: Partial<Parameters<typeof judgeAgencyReceiptWindow>[0]> = {},
) => judgeAgencyReceiptWindow({ window: w, filedOn, startDate: '2026-12-01', resultOn: null, interim: null, ...o });

describe('judgeAgencyReceiptWindow (代理受領の届出期限)', () => {
  it('filed on or before the start date is always in time', () => {
    expect(judge(DEFAULT_AGENCY_RECEIPT_WINDOW, '2026-12-01')).toEqual({ within: true });
    expect(judge(kani, '2026-11-30')).toEqual({ within: true });
  });
  it('standard setting: a day after the start is warned of 償還払い, not refused', () => {
    const j = judge(DEFAULT_AGENCY_RECEIPT_WINDOW, '2026-12-02');
    expect(j).toMatchObject({ within: false, action: 'warn' });
    if (!j.within) expect(j.message).toContain('償還払い');
  });
  it('within N weeks of the result: the 14th day after it is in time, the 15th is refused', () => {
    expect(judge(kani, '2026-12-15', { resultOn: '2026-12-01' })).toEqual({ within: true });
    const late = judge(kani, '2026-12-16', { resultOn: '2026-12-01' });
    expect(late).toMatchObject({ within: false, action: 'refuse' });
    if (!late.within) expect(late.message).toBe('届出が認定結果から2週間を過ぎているため受理できません');
  });
  it('before_start ignores the result date', () => {
    const w = { ...kani, kind: 'before_start' as const };
    expect(judge(w, '2026-12-02', { resultOn: '2026-12-01' })).toMatchObject({ within: false });
  });
  it('interim use: within 1 week of the contract (7th day in time, 8th not)', () => {
    const interim = { applicationType: 'level_change' as const, contractOn: '2026-11-28' };
    expect(judge(kani, '2026-12-05', { interim })).toEqual({ within: true });
    expect(judge(kani, '2026-12-06', { interim })).toMatchObject({ within: false, action: 'refuse' });
    expect(judge(kani, '2026-12-03', { interim: { ...interim, contractOn: null } })).toMatchObject({ within: false });
  });
  it('interim use on a 新規 cannot be back-dated unless the setting allows it', () => {
    const interim = { applicationType: 'new' as const, contractOn: '2026-11-30' };
    const j = judge(kani, '2026-12-02', { interim });
    expect(j).toMatchObject({ within: false, action: 'refuse' });
    if (!j.within) expect(j.message).toContain('新規申請中の暫定利用');
    expect(judge({ ...kani, interimBackdateOnNew: true }, '2026-12-02', { interim })).toEqual({ within: true });
  });
});

describe('validateAgencyReceiptWindow', () => {
  it('accepts the standard and Kani settings, rejects nonsense in Japanese', () => {
    expect(validateAgencyReceiptWindow(DEFAULT_AGENCY_RECEIPT_WINDOW)).toEqual([]);
    expect(validateAgencyReceiptWindow(kani)).toEqual([]);
    expect(validateAgencyReceiptWindow({ ...kani, weeksAfterResult: -1, outside: 'maybe' as never })).toHaveLength(2);
    expect(validateAgencyReceiptWindow(undefined)).toEqual(['agencyReceiptWindow がありません']);
  });
});
