/** 文書番号 (domain/notices/document-number.ts): format, sequence per series and fiscal year, the 4/1 change, reuse. */
import {
  fiscalYearOf,
  fiscalYearWarekiYear,
  formatDocumentNo,
  nextDocumentNumber,
  noticeSeriesOf,
} from '../../../domain/notices/document-number';
import { normalizePostalCode } from '../../../domain/people/postal-code';

describe('文書番号', () => {
  it('is 年度, the insurer prefix, the kind 記号 and the number', () => {
    expect(formatDocumentNo({ prefix: '宇介', kind: 'certification_result', fiscalYear: 2026, seq: 12 })).toBe(
      '8宇介認第12号',
    );
    expect(formatDocumentNo({ prefix: '宇介', kind: 'postponement', fiscalYear: 2026, seq: 1 })).toBe('8宇介延第1号');
    expect(formatDocumentNo({ prefix: '宇介', kind: 'opinion_reminder', fiscalYear: 2027, seq: 305 })).toBe(
      '9宇介督第305号',
    );
    // a kind with no 記号 of its own is numbered in the shared series
    expect(noticeSeriesOf('certification_cancelled')).toBe('other');
    expect(formatDocumentNo({ prefix: '宇介', kind: 'certification_cancelled', fiscalYear: 2026, seq: 3 })).toBe(
      '8宇介通第3号',
    );
  });

  it('counts the fiscal year from 4/1 (令和元年度 from FY2019, 平成 before)', () => {
    expect(fiscalYearOf('2027-03-31')).toBe(2026);
    expect(fiscalYearOf('2027-04-01')).toBe(2027);
    expect(fiscalYearOf('2026-12-31')).toBe(2026);
    expect(fiscalYearOf('2027-01-01')).toBe(2026);
    expect(fiscalYearWarekiYear(2019)).toBe('元');
    expect(fiscalYearWarekiYear(2026)).toBe('8');
    expect(fiscalYearWarekiYear(2018)).toBe('30');
  });

  it('takes the next number in its series and year, and restarts at 1 on 4/1', () => {
    const base = { already: null, kind: 'certification_result', prefix: '宇介' };
    expect(nextDocumentNumber({ ...base, issuedOn: '2027-03-31', lastSeq: 41 })).toEqual({
      series: 'certification_result',
      fiscalYear: 2026,
      seq: 42,
      documentNo: '8宇介認第42号',
    });
    expect(nextDocumentNumber({ ...base, issuedOn: '2027-04-01', lastSeq: null })).toEqual({
      series: 'certification_result',
      fiscalYear: 2027,
      seq: 1,
      documentNo: '9宇介認第1号',
    });
  });

  it('keeps the number a notice already has (issued twice, numbered once)', () => {
    const already = { series: 'postponement', fiscalYear: 2026, seq: 7, documentNo: '8宇介延第7号' };
    expect(
      nextDocumentNumber({ already, kind: 'postponement', prefix: '宇介', issuedOn: '2027-04-02', lastSeq: 99 }),
    ).toBe(already);
  });
});

describe('郵便番号', () => {
  it('is written NNN-NNNN from 7 digits, 全角, with 〒 or a hyphen', () => {
    expect(normalizePostalCode('8690592')).toBe('869-0592');
    expect(normalizePostalCode('〒869-0592')).toBe('869-0592');
    expect(normalizePostalCode(' ８６９－０５９２ ')).toBe('869-0592');
    expect(normalizePostalCode('869 0592')).toBe('869-0592');
  });
  it('refuses anything else', () => {
    for (const bad of ['', '869-059', '86905921', '869-05a2', '8690-592', '869--0592'])
      expect(normalizePostalCode(bad)).toBeNull();
  });
});
