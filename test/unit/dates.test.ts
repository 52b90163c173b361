import fc from 'fast-check';
import {
  addBusinessDays,
  addDays,
  addMonths,
  ageOn,
  compareDates,
  daysBetween,
  endOfMonth,
  formatJapaneseDate,
  formatWareki,
  formatWarekiDateTime,
  formatWarekiShort,
  isBusinessDay,
  isEndOfMonth,
  isValidIsoDate,
  jstDateOf,
  maxDate,
  minDate,
  parseDateInput,
  startOfMonth,
} from '../../domain/dates';

describe('isValidIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['20260101', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isValidIsoDate(s)).toBe(expected);
  });
});

describe('addDays / daysBetween', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-04-01', 30)).toBe('2026-05-01');
  });
  it('daysBetween is to − from', () => {
    expect(daysBetween('2026-04-01', '2026-05-01')).toBe(30);
    expect(daysBetween('2026-05-01', '2026-04-01')).toBe(-30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1);
  });
  it('rejects invalid input', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
  });
  it('property: addDays then daysBetween round-trips', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }),
        fc.integer({ min: -5000, max: 5000 }),
        (dt, n) => {
          const d = dt.toISOString().slice(0, 10);
          expect(daysBetween(d, addDays(d, n))).toBe(n);
        },
      ),
    );
  });
});

describe('addMonths / endOfMonth / startOfMonth', () => {
  it('clamps to month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
  });
  it('handles year changes and negatives', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-05-10', -17)).toBe('2024-12-10');
    expect(addMonths('2026-05-10', 0)).toBe('2026-05-10');
  });
  it('endOfMonth respects leap years (2028 leap, 2100 not)', () => {
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(endOfMonth('2100-02-10')).toBe('2100-02-28');
    expect(endOfMonth('2000-02-01')).toBe('2000-02-29');
    expect(endOfMonth('2026-04-01')).toBe('2026-04-30');
    expect(endOfMonth('2026-12-31')).toBe('2026-12-31');
  });
  it('startOfMonth and isEndOfMonth', () => {
    expect(startOfMonth('2026-02-28')).toBe('2026-02-01');
    expect(isEndOfMonth('2026-02-28')).toBe(true);
    expect(isEndOfMonth('2028-02-28')).toBe(false);
  });
});

describe('compareDates / minDate / maxDate', () => {
  it('orders dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(minDate('2026-03-01', '2025-12-31')).toBe('2025-12-31');
    expect(maxDate('2026-03-01', '2025-12-31')).toBe('2026-03-01');
  });
});

describe('jstDateOf', () => {
  it('uses UTC+9', () => {
    expect(jstDateOf(Date.UTC(2026, 0, 1, 14, 59, 59))).toBe('2026-01-01');
    expect(jstDateOf(Date.UTC(2026, 0, 1, 15, 0, 0))).toBe('2026-01-02');
    expect(jstDateOf(Date.UTC(2025, 11, 31, 15, 0, 0))).toBe('2026-01-01');
    expect(jstDateOf(Date.UTC(2026, 2, 31, 23, 0, 0))).toBe('2026-04-01');
  });
});

describe('wareki', () => {
  it.each([
    ['2026-11-25', '令和8年11月25日', 'R8.11.25'],
    ['2019-05-01', '令和元年5月1日', 'R1.5.1'],
    ['2019-04-30', '平成31年4月30日', 'H31.4.30'],
    ['1989-01-08', '平成元年1月8日', 'H1.1.8'],
    ['1989-01-07', '昭和64年1月7日', 'S64.1.7'],
    ['1926-12-25', '昭和元年12月25日', 'S1.12.25'],
    ['1926-12-24', '大正15年12月24日', 'T15.12.24'],
    ['1912-07-30', '大正元年7月30日', 'T1.7.30'],
    ['1912-07-29', '明治45年7月29日', 'M45.7.29'],
    ['1868-10-23', '明治元年10月23日', 'M1.10.23'],
  ])('%s → %s / %s', (d, long, short) => {
    expect(formatWareki(d)).toBe(long);
    expect(formatWarekiShort(d)).toBe(short);
  });
  it('falls back to 西暦 before 明治', () => {
    expect(formatWareki('1868-10-22')).toBe('1868年10月22日');
  });
  it('formatJapaneseDate drops leading zeros', () => {
    expect(formatJapaneseDate('2026-01-05')).toBe('2026年1月5日');
  });
});

describe('isBusinessDay / addBusinessDays', () => {
  it.each([
    ['2026-01-01', false], // 元日
    ['2026-01-02', false], // 年末年始
    ['2026-01-03', false], // Saturday + 年末年始
    ['2026-01-05', true], // Monday
    ['2026-01-12', false], // 成人の日
    ['2026-01-10', false], // Saturday
    ['2026-01-11', false], // Sunday
    ['2026-05-06', false], // こどもの日 振替休日
    ['2026-05-07', true],
    ['2026-12-28', true], // last working day of the year
    ['2026-12-29', false],
    ['2026-12-31', false],
    ['2026-09-22', false], // 国民の休日 (between 敬老の日 and 秋分の日)
  ])('%s → %s', (d, expected) => {
    expect(isBusinessDay(d)).toBe(expected);
  });
  it('adds business days skipping weekends and holidays', () => {
    expect(addBusinessDays('2026-04-30', 1)).toBe('2026-05-01'); // Thu → Fri
    expect(addBusinessDays('2026-05-01', 1)).toBe('2026-05-07'); // GW incl. 振替休日
    expect(addBusinessDays('2026-12-28', 1)).toBe('2027-01-04');
    expect(addBusinessDays('2026-01-09', 1)).toBe('2026-01-13'); // Fri → over 成人の日 → Tue
    expect(addBusinessDays('2026-05-07', -1)).toBe('2026-05-01');
    expect(addBusinessDays('2026-01-10', 0)).toBe('2026-01-10');
  });
});

describe('ageOn', () => {
  it('counts completed birthdays', () => {
    expect(ageOn('1960-04-02', '2025-04-01')).toBe(64);
    expect(ageOn('1960-04-02', '2025-04-02')).toBe(65);
    expect(ageOn('1960-12-31', '2026-01-01')).toBe(65);
    expect(ageOn('2026-01-01', '2026-01-01')).toBe(0);
  });
  it('2/29 birthdays reach the age on 3/1 in common years', () => {
    expect(ageOn('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOn('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageOn('1960-02-29', '2028-02-29')).toBe(68);
  });
  it('throws when on < birth', () => {
    expect(() => ageOn('2026-01-02', '2026-01-01')).toThrow(RangeError);
  });
});

describe('formatWarekiDateTime', () => {
  it('gives the date and time in Japan', () => {
    expect(formatWarekiDateTime(Date.parse('2026-12-04T14:31:00Z'))).toBe('令和8年12月4日 23:31');
    expect(formatWarekiDateTime(Date.parse('2026-12-04T15:05:00Z'))).toBe('令和8年12月5日 00:05');
    expect(formatWarekiDateTime(Date.parse('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日 00:00');
  });
});

describe('parseDateInput', () => {
  it.each([
    ['2026-12-04', '2026-12-04'],
    ['2026/12/4', '2026-12-04'],
    ['2026年12月4日', '2026-12-04'],
    ['２０２６－１２－０４', '2026-12-04'],
    ['令和8年12月4日', '2026-12-04'],
    ['令和８年１２月４日', '2026-12-04'],
    ['R8.12.4', '2026-12-04'],
    ['r8/12/4', '2026-12-04'],
    ['令和元年5月1日', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['昭和15年3月3日', '1940-03-03'],
    ['S64.1.7', '1989-01-07'],
    ['H1.1.8', '1989-01-08'],
    ['R10.2.29', '2028-02-29'],
  ])('reads %s', (typed, iso) => expect(parseDateInput(typed)).toBe(iso));

  it.each([
    '2025-02-30',
    '令和0年1月1日',
    'R0.1.1',
    'H31.5.1',
    'S64.1.8',
    '令和8年13月1日',
    'R8.2.29',
    '明日',
    '12/4',
    '',
  ])('refuses %s', (typed) => expect(parseDateInput(typed)).toBeNull());

  it('reads back every date it formats, in 和暦 and in short form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        return parseDateInput(formatWareki(iso)) === iso && parseDateInput(formatWarekiShort(iso)) === iso;
      }),
    );
  });
});
