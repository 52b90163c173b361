import {
  HOME_MODIFICATION_CAP_YEN,
  WELFARE_EQUIPMENT_CAP_YEN_PER_YEAR,
  copayPeriodOf,
  fiscalYearOf,
  homeModificationStatus,
  welfareEquipmentStatus,
} from '../../domain/benefit-caps';

describe('benefit caps', () => {
  it('names the statutory caps', () => {
    expect(HOME_MODIFICATION_CAP_YEN).toBe(200000);
    expect(WELFARE_EQUIPMENT_CAP_YEN_PER_YEAR).toBe(100000);
  });

  it('年度 runs 4/1–3/31 (edges)', () => {
    expect(fiscalYearOf('2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(fiscalYearOf('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(fiscalYearOf('2028-02-29')).toEqual({ from: '2027-04-01', to: '2028-03-31' });
  });

  it('負担割合 period runs 8/1–7/31 (edges)', () => {
    expect(copayPeriodOf('2026-08-01')).toEqual({ from: '2026-08-01', to: '2027-07-31' });
    expect(copayPeriodOf('2026-07-31')).toEqual({ from: '2025-08-01', to: '2026-07-31' });
  });

  it('住宅改修 counts every use and never goes below zero', () => {
    const s = homeModificationStatus([
      { kind: 'home_modification', usedOn: '2020-01-01', amountYen: 120000 },
      { kind: 'welfare_equipment', usedOn: '2026-05-01', amountYen: 50000 },
    ]);
    expect(s).toMatchObject({ usedYen: 120000, remainingYen: 80000 });
    expect(
      homeModificationStatus([{ kind: 'home_modification', usedOn: '2026-01-01', amountYen: 250000 }]).remainingYen,
    ).toBe(0);
  });

  it('福祉用具 counts only the current 年度', () => {
    const usages = [
      { kind: 'welfare_equipment' as const, usedOn: '2026-03-31', amountYen: 60000 },
      { kind: 'welfare_equipment' as const, usedOn: '2026-04-01', amountYen: 35000 },
      { kind: 'welfare_equipment' as const, usedOn: '2026-11-01', amountYen: 18000 },
    ];
    expect(welfareEquipmentStatus(usages, '2026-11-25')).toMatchObject({ usedYen: 53000, remainingYen: 47000 });
    expect(welfareEquipmentStatus(usages, '2026-03-31')).toMatchObject({ usedYen: 60000, remainingYen: 40000 });
  });
});
