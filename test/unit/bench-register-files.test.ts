/** The import phase's generated files: deterministic, and every row passes the import's own check. */
import { parseCsv } from '../../domain/register/csv';
import { checkImportRow, importKindOf } from '../../domain/register/import-layout';
import { generateRegisterFiles, IMPORT_PHASE_KINDS, importInsuredNo } from '../../bench/lib/register-files';

describe('generateRegisterFiles', () => {
  const files = generateRegisterFiles(2000, '2026-12-05');

  it('is the same for the same size and seed, and differs for another seed', () => {
    expect(generateRegisterFiles(2000, '2026-12-05')).toEqual(files);
    expect(generateRegisterFiles(2000, '2026-12-05', 7).persons.csv).not.toBe(files.persons.csv);
  });

  it.each(IMPORT_PHASE_KINDS)('writes a %s file whose header is its layout and whose every row is valid', (kind) => {
    const records = parseCsv(files[kind].csv);
    expect(importKindOf(records[0].fields)).toBe(kind);
    expect(records.length - 1).toBe(files[kind].rows);
    const bad = records
      .slice(1)
      .map((r) => ({ line: r.line, checked: checkImportRow(kind, r.fields) }))
      .filter((r) => 'errors' in r.checked);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('holds every person once, and certifies about one in five of them (the others name persons of the file)', () => {
    const persons = parseCsv(files.persons.csv).slice(1);
    expect(persons.map((r) => r.fields[0])).toEqual(Array.from({ length: 2000 }, (_, i) => importInsuredNo(i)));
    const known = new Set(persons.map((r) => r.fields[0]));
    expect(files.certification.rows).toBeGreaterThan(300);
    expect(files.certification.rows).toBeLessThan(500);
    expect(files.copay.rows).toBe(files.certification.rows);
    expect(files.burden_limit.rows).toBeGreaterThan(0);
    expect(files.burden_limit.rows).toBeLessThan(files.certification.rows);
    for (const kind of ['certification', 'copay', 'burden_limit'] as const)
      for (const r of parseCsv(files[kind].csv).slice(1)) expect(known.has(r.fields[0])).toBe(true);
  });
});
