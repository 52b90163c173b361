import {
  interimSettlement,
  interimSettlementDue,
  mayProvideInterimServices,
  SELF_PAID_REASON_LABELS,
  type InterimUse,
} from '../../../domain/certification/interim';

const use: InterimUse = { officeNo: '4370100011', startOn: '2026-12-01', assumedLevel: 'care_2' };

describe('interimSettlement (暫定利用の全額自己負担)', () => {
  it('no interim use: nothing to settle, whatever the ending (death before the survey may simply be withdrawn)', () => {
    for (const outcome of ['withdrawn', 'rejected', 'rejected_deceased', 'moved_out'] as const)
      expect(interimSettlement(null, { outcome })).toEqual({ selfPaid: false });
    expect(
      interimSettlement(null, { outcome: 'non_applicable', finalLevel: 'non_applicable', previousLevel: null }),
    ).toEqual({ selfPaid: false });
  });

  it('却下, 取下げ after use and death before the survey are self-paid', () => {
    expect(interimSettlement(use, { outcome: 'rejected' })).toEqual({ selfPaid: true, reason: 'rejected' });
    expect(interimSettlement(use, { outcome: 'withdrawn', endedOn: '2026-12-10' })).toEqual({
      selfPaid: true,
      reason: 'withdrawn',
    });
    expect(interimSettlement(use, { outcome: 'rejected_deceased', endedOn: '2026-12-01' })).toEqual({
      selfPaid: true,
      reason: 'deceased_before_survey',
    });
  });

  it('an ending before the services started means none were used (the day before: covered; the start day: used)', () => {
    expect(interimSettlement(use, { outcome: 'withdrawn', endedOn: '2026-11-30' })).toEqual({ selfPaid: false });
    expect(interimSettlement(use, { outcome: 'rejected_deceased', endedOn: '2026-11-30' })).toEqual({
      selfPaid: false,
    });
    expect(interimSettlement(use, { outcome: 'withdrawn', endedOn: '2026-12-01' })).toMatchObject({ selfPaid: true });
  });

  it('転出 is not flagged (the next insurer carries the person on)', () => {
    expect(interimSettlement(use, { outcome: 'moved_out', endedOn: '2026-12-10' })).toEqual({ selfPaid: false });
  });

  it('非該当 is self-paid', () => {
    expect(
      interimSettlement(use, { outcome: 'non_applicable', finalLevel: 'non_applicable', previousLevel: null }),
    ).toEqual({ selfPaid: true, reason: 'non_applicable' });
  });

  it('a level lower than assumed is self-paid; the same or a higher level is covered', () => {
    const certified = (finalLevel: InterimUse['assumedLevel']) =>
      interimSettlement(use, { outcome: 'certified', finalLevel, previousLevel: null });
    expect(certified('care_1')).toEqual({ selfPaid: true, reason: 'lower_level' });
    expect(certified('support_2')).toEqual({ selfPaid: true, reason: 'lower_level' });
    expect(certified('care_2')).toEqual({ selfPaid: false });
    expect(certified('care_5')).toEqual({ selfPaid: false });
    // 要支援2 assumed, 要介護1 certified: 要介護1 is the higher benefit, so covered
    const low = { ...use, assumedLevel: 'support_2' as const };
    expect(interimSettlement(low, { outcome: 'certified', finalLevel: 'care_1', previousLevel: null })).toEqual({
      selfPaid: false,
    });
    expect(interimSettlement(low, { outcome: 'certified', finalLevel: 'support_1', previousLevel: null })).toEqual({
      selfPaid: true,
      reason: 'lower_level',
    });
  });

  it('みなし更新 follows its level like a certification', () => {
    expect(
      interimSettlement(use, { outcome: 'deemed_renewal', finalLevel: 'care_1', previousLevel: 'care_1' }),
    ).toEqual({ selfPaid: true, reason: 'lower_level' });
    expect(
      interimSettlement(use, { outcome: 'deemed_renewal', finalLevel: 'care_2', previousLevel: 'care_2' }),
    ).toEqual({ selfPaid: false });
  });

  it('区分変更 却下（変更なし）: the current level goes on; self-paid only when it is below the assumed level', () => {
    const noChange = (previousLevel: InterimUse['assumedLevel'] | null) =>
      interimSettlement(use, { outcome: 'rejected_no_change', finalLevel: previousLevel ?? 'care_1', previousLevel });
    expect(noChange('care_1')).toEqual({ selfPaid: true, reason: 'lower_level' });
    expect(noChange('care_2')).toEqual({ selfPaid: false });
    expect(noChange('care_3')).toEqual({ selfPaid: false });
    expect(noChange(null)).toEqual({ selfPaid: true, reason: 'non_applicable' });
  });

  it('every reason has a Japanese label', () => {
    for (const label of Object.values(SELF_PAID_REASON_LABELS)) expect(label).toMatch(/ため/);
  });
});

test('精算待ち: flagged and not settled; 医療機関 are not interim providers', () => {
  expect(interimSettlementDue(null)).toBe(false);
  expect(interimSettlementDue({ selfPaid: null })).toBe(false);
  expect(interimSettlementDue({ selfPaid: { settledOn: null } })).toBe(true);
  expect(interimSettlementDue({ selfPaid: { settledOn: '2026-12-10' } })).toBe(false);
  expect(mayProvideInterimServices('home_care_support')).toBe(true);
  expect(mayProvideInterimServices('care_service')).toBe(true);
  expect(mayProvideInterimServices('medical_institution')).toBe(false);
});
