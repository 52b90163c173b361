import fc from 'fast-check';
import { addDays } from '../../../domain/dates';
import { changesSince } from '../../../domain/register/changes';
import {
  certificatePeriodOf,
  certificateValueLabel,
  certificateValueOf,
  periodProblem,
} from '../../../domain/register/certificates';
import { burdenLimitPeriodOf, copayPeriodOf, fiscalYearOf, within } from '../../../domain/register/periods';
import {
  DEFAULT_REGISTER_VERSIONS,
  resolveRegisterSettings,
  type RegisterSettings,
} from '../../../domain/register/settings';
import {
  careNeedStep,
  homeModificationStatus,
  welfareEquipmentStatus,
  type UsageEntry,
} from '../../../domain/register/usage';
import type { CareLevel } from '../../../domain/certification/types';

const settings = resolveRegisterSettings(DEFAULT_REGISTER_VERSIONS, '2026-12-04');
const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));

describe('register periods', () => {
  it('負担割合証 and 負担限度額認定証 run 8/1–7/31 (edges)', () => {
    expect(copayPeriodOf('2026-08-01')).toEqual({ from: '2026-08-01', to: '2027-07-31' });
    expect(copayPeriodOf('2026-07-31')).toEqual({ from: '2025-08-01', to: '2026-07-31' });
    expect(burdenLimitPeriodOf('2028-02-29')).toEqual({ from: '2027-08-01', to: '2028-07-31' });
    expect(certificatePeriodOf('burden_limit', '2027-01-01')).toEqual({ from: '2026-08-01', to: '2027-07-31' });
  });

  it('年度 runs 4/1–3/31 (edges)', () => {
    expect(fiscalYearOf('2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(fiscalYearOf('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('every date lies in its period, the next day after its end in the next period', () => {
    fc.assert(
      fc.property(day, (d) => {
        for (const f of [copayPeriodOf, fiscalYearOf]) {
          const p = f(d);
          expect(within(d, p)).toBe(true);
          expect(f(addDays(p.to, 1)).from).toBe(addDays(p.to, 1));
          expect(f(p.from)).toEqual(p);
        }
      }),
    );
  });
});

describe('register settings', () => {
  it('resolves the statutory caps and the 負担限度額 in force on a date', () => {
    expect(settings.homeModificationCapYen).toBe(200000);
    expect(settings.welfareEquipmentCapYenPerYear).toBe(100000);
    expect(settings.homeModificationResetSteps).toBe(3);
    expect(settings.burdenLimitAmounts.stage_2.multiBed).toBe(430);
    const before = resolveRegisterSettings(DEFAULT_REGISTER_VERSIONS, '2024-07-31');
    expect(before.burdenLimitAmounts.stage_2.multiBed).toBe(370);
  });

  it('a later insurer version overrides one field and keeps the rest', () => {
    const s = resolveRegisterSettings(
      [
        ...DEFAULT_REGISTER_VERSIONS,
        { effectiveFrom: '2027-04-01', settings: { welfareEquipmentCapYenPerYear: 120000 } },
      ],
      '2027-04-01',
    );
    expect(s.welfareEquipmentCapYenPerYear).toBe(120000);
    expect(s.homeModificationCapYen).toBe(200000);
  });

  it('refuses a date before any complete version', () => {
    expect(() => resolveRegisterSettings(DEFAULT_REGISTER_VERSIONS, '2010-01-01')).toThrow('burdenLimitAmounts');
    expect(() => resolveRegisterSettings(DEFAULT_REGISTER_VERSIONS, '2026-13-01')).toThrow(RangeError);
  });
});

describe('certificates', () => {
  it('labels and reads back values', () => {
    expect(certificateValueLabel({ kind: 'copay', ratio: 2 })).toBe('2割');
    expect(certificateValueLabel({ kind: 'burden_limit', stage: 'stage_3_1' })).toBe('第3段階①');
    expect(certificateValueOf('copay', '3')).toEqual({ kind: 'copay', ratio: 3 });
    expect(certificateValueOf('copay', 4)).toBeNull();
    expect(certificateValueOf('burden_limit', 'stage_2')).toEqual({ kind: 'burden_limit', stage: 'stage_2' });
    expect(certificateValueOf('burden_limit', '第2段階')).toBeNull();
  });

  it('a period stays inside one 8/1–7/31 cycle', () => {
    expect(periodProblem('copay', { from: '2026-08-01', to: '2027-07-31' })).toBeNull();
    expect(periodProblem('copay', { from: '2026-10-15', to: '2027-07-31' })).toBeNull();
    expect(periodProblem('copay', { from: '2026-08-01', to: '2027-08-01' })).toContain('7月31日');
    expect(periodProblem('burden_limit', { from: '2027-01-01', to: '2026-12-31' })).toContain('以降');
    expect(periodProblem('copay', { from: '2026-02-30', to: '2026-07-31' })).toContain('日付');
  });
});

describe('住宅改修', () => {
  const use = (usedOn: string, amountYen: number, careLevel: CareLevel, dwelling = 'A'): UsageEntry => ({
    kind: 'home_modification',
    usedOn,
    amountYen,
    careLevel,
    dwelling,
  });

  it('counts the steps with 要支援2 and 要介護1 as one', () => {
    expect(careNeedStep('support_2')).toBe(careNeedStep('care_1'));
    expect(careNeedStep('care_5')).toBe(6);
    expect(careNeedStep('non_applicable')).toBeNull();
    expect(careNeedStep(null)).toBeNull();
  });

  it('adds uses against 200,000 yen and never goes below zero', () => {
    const s = homeModificationStatus(
      [use('2024-01-10', 120000, 'care_1'), use('2025-03-01', 100000, 'care_2')],
      settings,
    );
    expect(s).toMatchObject({ capYen: 200000, usedYen: 220000, remainingYen: 0, countedFrom: '2024-01-10' });
  });

  it('resets once when the level rises three steps from the first use', () => {
    const s = homeModificationStatus(
      [use('2024-01-10', 150000, 'support_2'), use('2025-03-01', 50000, 'care_4')],
      settings,
    );
    expect(s).toMatchObject({ usedYen: 50000, remainingYen: 150000, resetBy: 'level', levelResetUsed: true });
    // two steps up is not enough
    const two = homeModificationStatus(
      [use('2024-01-10', 150000, 'care_1'), use('2025-03-01', 50000, 'care_3')],
      settings,
    );
    expect(two).toMatchObject({ usedYen: 200000, resetBy: null });
  });

  it('the level reset is used only once, a move does not give it back', () => {
    const s = homeModificationStatus(
      [
        use('2020-01-10', 200000, 'support_1'),
        use('2021-01-10', 200000, 'care_3'),
        use('2022-01-10', 150000, 'support_1', 'B'),
        use('2023-01-10', 10000, 'care_3', 'B'),
      ],
      settings,
    );
    expect(s).toMatchObject({ usedYen: 160000, remainingYen: 40000, resetBy: 'move', levelResetUsed: true });
  });

  it('a move starts the count again; today at a new dwelling or level shows the whole cap', () => {
    const moved = homeModificationStatus(
      [use('2024-01-10', 200000, 'care_1'), use('2025-01-10', 30000, 'care_1', 'B')],
      settings,
    );
    expect(moved).toMatchObject({ usedYen: 30000, resetBy: 'move', countedFrom: '2025-01-10' });
    const before = homeModificationStatus([use('2024-01-10', 200000, 'care_1')], settings, { careLevel: 'care_4' });
    expect(before).toMatchObject({ usedYen: 0, remainingYen: 200000, resetBy: 'level' });
    const noMoveRule: RegisterSettings = { ...settings, homeModificationResetOnMove: false };
    expect(homeModificationStatus([use('2024-01-10', 200000, 'care_1')], noMoveRule, { dwelling: 'B' }).usedYen).toBe(
      200000,
    );
  });

  it('used + remaining = cap while under it, for any uses without resets', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80000 }), { maxLength: 5 }), (amounts) => {
        const s = homeModificationStatus(
          amounts.map((a, i) => use(addDays('2024-01-01', i), a, 'care_1')),
          settings,
        );
        expect(s.usedYen).toBe(amounts.reduce((x, y) => x + y, 0));
        expect(s.remainingYen).toBe(Math.max(0, 200000 - s.usedYen));
      }),
    );
  });
});

describe('特定福祉用具購入', () => {
  it('counts only the 年度 of today', () => {
    const s = welfareEquipmentStatus(
      [
        { kind: 'welfare_equipment', usedOn: '2026-03-31', amountYen: 90000 },
        { kind: 'welfare_equipment', usedOn: '2026-04-01', amountYen: 35000 },
        { kind: 'home_modification', usedOn: '2026-05-01', amountYen: 50000 },
      ],
      settings,
      '2027-03-31',
    );
    expect(s).toEqual({
      capYen: 100000,
      usedYen: 35000,
      remainingYen: 65000,
      period: { from: '2026-04-01', to: '2027-03-31' },
    });
  });
});

describe('証書の更新確認', () => {
  const now = { 負担割合: '2割（R8.8.1〜R9.7.31）', 負担限度額: '第3段階②' };
  it('nothing to compare before the first look, or when nothing changed', () => {
    expect(changesSince(null, now)).toEqual([]);
    expect(changesSince(JSON.stringify(now), now)).toEqual([]);
    expect(changesSince('not json', now)).toEqual([]);
  });
  it('lists each changed value with the old and new', () => {
    const before = { 負担割合: '1割（R8.8.1〜R9.7.31）', 住宅改修: '残り 80,000円' };
    expect(changesSince(JSON.stringify(before), now)).toEqual([
      { label: '負担割合', before: '1割（R8.8.1〜R9.7.31）', after: '2割（R8.8.1〜R9.7.31）' },
      { label: '負担限度額', before: 'なし', after: '第3段階②' },
      { label: '住宅改修', before: '残り 80,000円', after: 'なし' },
    ]);
  });
});
