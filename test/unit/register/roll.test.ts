import fc from 'fast-check';
import { addDays, compareDates } from '../../../domain/dates';
import { fiscalYearOf, within } from '../../../domain/register/periods';
import {
  missingCertificates,
  overlaps,
  periodLabel,
  previousPeriodOf,
  rollCaseId,
  rollPeriodOf,
  rollTaskDueOn,
  rollTaskTitle,
  ROLL_CALENDAR,
  type RollPerson,
} from '../../../domain/register/roll';

const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));

describe('rollPeriodOf: the period a run is about', () => {
  it('from 7/1 through 7/31 the period about to start; from 8/1 the one just begun', () => {
    const next = { from: '2027-08-01', to: '2028-07-31' };
    expect(rollPeriodOf('copay', '2027-07-01')).toEqual(next);
    expect(rollPeriodOf('copay', '2027-07-31')).toEqual(next);
    expect(rollPeriodOf('copay', '2027-08-01')).toEqual(next);
    expect(rollPeriodOf('burden_limit', '2027-08-01')).toEqual(next);
    // the day before 7/1 is still about the current period
    expect(rollPeriodOf('copay', '2027-06-30')).toEqual({ from: '2026-08-01', to: '2027-07-31' });
  });

  it('leap years: 6/30 + 31 days is 7/31 in any year; the period ending 2028-07-31 holds 2028-02-29', () => {
    expect(rollPeriodOf('copay', '2028-06-30')).toEqual({ from: '2027-08-01', to: '2028-07-31' });
    expect(rollPeriodOf('copay', '2028-07-01')).toEqual({ from: '2028-08-01', to: '2029-07-31' });
    expect(within('2028-02-29', rollPeriodOf('copay', '2027-07-01'))).toBe(true);
    expect(rollPeriodOf('copay', '2028-02-29')).toEqual({ from: '2027-08-01', to: '2028-07-31' });
  });

  it('both scheduled runs of a year are about the same period, which starts on the second run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 2090 }), (y) => {
        const [july, august] = ROLL_CALENDAR.map(
          (c) => `${y}-${String(c.month).padStart(2, '0')}-${String(c.dayOfMonth).padStart(2, '0')}`,
        );
        expect(rollPeriodOf('copay', july)).toEqual(rollPeriodOf('copay', august));
        expect(rollPeriodOf('copay', august).from).toBe(august);
      }),
    );
  });

  it('is always a whole 8/1–7/31 period that has not ended on asOf and starts within the lead', () => {
    fc.assert(
      fc.property(day, (d) => {
        const p = rollPeriodOf('copay', d);
        expect(p.from.slice(5)).toBe('08-01');
        expect(p.to.slice(5)).toBe('07-31');
        expect(Number(p.to.slice(0, 4))).toBe(Number(p.from.slice(0, 4)) + 1);
        expect(compareDates(d, p.to)).toBeLessThanOrEqual(0);
        expect(compareDates(p.from, addDays(d, 31))).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('the previous period ends the day before (7/31 → 8/1)', () => {
    expect(previousPeriodOf('copay', { from: '2027-08-01', to: '2028-07-31' })).toEqual({
      from: '2026-08-01',
      to: '2027-07-31',
    });
    fc.assert(
      fc.property(day, (d) => {
        const p = rollPeriodOf('burden_limit', d);
        expect(addDays(previousPeriodOf('burden_limit', p).to, 1)).toBe(p.from);
      }),
    );
  });

  it('the period straddles two 年度: it starts in one fiscal year and ends in the next', () => {
    const p = rollPeriodOf('copay', '2027-07-01');
    expect(fiscalYearOf(p.from)).toEqual({ from: '2027-04-01', to: '2028-03-31' });
    expect(fiscalYearOf(p.to)).toEqual({ from: '2028-04-01', to: '2029-03-31' });
    expect(fiscalYearOf('2028-03-31').to).toBe('2028-03-31');
    expect(fiscalYearOf('2028-04-01').from).toBe('2028-04-01');
  });
});

describe('overlaps', () => {
  it('shares a day, ends inclusive', () => {
    const p = { from: '2027-08-01', to: '2028-07-31' };
    expect(overlaps(p, { from: '2026-08-01', to: '2027-07-31' })).toBe(false);
    expect(overlaps(p, { from: '2026-08-01', to: '2027-08-01' })).toBe(true);
    expect(overlaps(p, { from: '2028-07-31', to: '2028-07-31' })).toBe(true);
    expect(overlaps(p, { from: '2028-08-01', to: '2029-07-31' })).toBe(false);
  });
});

describe('missingCertificates', () => {
  const next = { from: '2027-08-01', to: '2028-07-31' };
  const person = (over: Partial<RollPerson> = {}): RollPerson => ({
    insuredNo: '0000000001',
    status: 'active',
    certValidTo: '2028-01-31',
    certificates: [],
    ...over,
  });
  const copay = (validFrom: string, validTo: string) => ({ kind: 'copay' as const, validFrom, validTo });
  const limit = (validFrom: string, validTo: string) => ({ kind: 'burden_limit' as const, validFrom, validTo });

  it('a certified person without a 負担割合証 for the new period needs one', () => {
    expect(missingCertificates(person({ certificates: [copay('2026-08-01', '2027-07-31')] }), next)).toEqual(['copay']);
  });

  it('one for the new period (or part of it, a mid-year issue) is enough', () => {
    expect(missingCertificates(person({ certificates: [copay('2027-08-01', '2028-07-31')] }), next)).toEqual([]);
    expect(missingCertificates(person({ certificates: [copay('2027-10-01', '2028-07-31')] }), next)).toEqual([]);
  });

  it('no 負担割合証 for a person whose certification ends before the period starts, or who is not certified', () => {
    expect(missingCertificates(person({ certValidTo: '2027-07-31' }), next)).toEqual([]);
    expect(missingCertificates(person({ certValidTo: '2027-08-01' }), next)).toEqual(['copay']);
    expect(missingCertificates(person({ certValidTo: null }), next)).toEqual([]);
  });

  it('a 負担限度額認定証 only for those who held one in the previous period', () => {
    const held = [copay('2027-08-01', '2028-07-31'), limit('2026-08-01', '2027-07-31')];
    expect(missingCertificates(person({ certificates: held }), next)).toEqual(['burden_limit']);
    expect(missingCertificates(person({ certificates: [limit('2025-08-01', '2026-07-31')] }), next)).toEqual(['copay']);
    expect(missingCertificates(person({ certificates: [...held, limit('2027-08-01', '2028-07-31')] }), next)).toEqual(
      [],
    );
    // held one last year but the certification has ended: the renewal of the 認定証 is still due
    expect(missingCertificates(person({ certValidTo: null, certificates: held.slice(1) }), next)).toEqual([
      'burden_limit',
    ]);
  });

  it('a person whose status has ended needs nothing', () => {
    for (const status of ['deceased', 'moved_out', 'excluded'])
      expect(missingCertificates(person({ status, certificates: [limit('2026-08-01', '2027-07-31')] }), next)).toEqual(
        [],
      );
  });
});

describe('labels and ids', () => {
  it('prints the period in 和暦', () => {
    expect(periodLabel({ from: '2027-08-01', to: '2028-07-31' })).toBe('令和9年8月1日〜令和10年7月31日');
    expect(rollTaskTitle('copay', { from: '2027-08-01', to: '2028-07-31' })).toBe(
      '負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録',
    );
    expect(rollTaskTitle('burden_limit', { from: '2019-08-01', to: '2020-07-31' })).toBe(
      '負担限度額認定証の更新（令和元年8月1日〜令和2年7月31日）が未登録',
    );
  });

  it('one case per person and period; due on the day the period starts', () => {
    expect(rollCaseId('432130', '2027-08-01', '0000000001')).toBe('certificate-roll-432130-2027-08-01-0000000001');
    expect(rollCaseId('432130', '2027-08-01', '0000000001')).not.toBe(rollCaseId('432130', '2028-08-01', '0000000001'));
    expect(rollTaskDueOn({ from: '2027-08-01', to: '2028-07-31' })).toBe('2027-08-01');
  });
});
