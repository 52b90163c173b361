import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSuiteFigures, reportToReadme, updateReadme, writeSuiteFigures } from '../../scripts/report/figures';
import {
  linesBetweenMarkers,
  parseFigures,
  renderRow,
  renderTable,
  replaceBetweenMarkers,
  SUITE_LABELS,
  SUITES,
  type SuiteFigures,
} from '../../scripts/report/table';

// The README's proof table: what it says must be what the suites counted, and a run of one suite must not erase another.
const hostile: SuiteFigures = {
  suite: 'hostile',
  ranAt: '2026-12-05T13:00:00.000Z',
  size: '45 POST routes × 12 runs = 540 requests',
  lost: null,
  doubled: null,
  leaked: 0,
  status5xx: 0,
  other: 'partial writes 0',
  passed: true,
};

test('a row shows each count, a dash for what the suite does not measure, the result and the day', () => {
  expect(renderRow(hostile)).toBe(
    `| ${SUITE_LABELS.hostile} | 45 POST routes × 12 runs = 540 requests | — | — | 0 | 0 | partial writes 0 | pass | 2026-12-05 |`,
  );
  expect(renderRow({ ...hostile, status5xx: 3, passed: false })).toContain('| 3 | partial writes 0 | **FAIL** |');
  expect(renderRow({ ...hostile, other: '' })).toContain('| 0 | 0 | — | pass |');
});

test('a pipe or a newline in a cell does not break the table', () => {
  const row = renderRow({ ...hostile, size: 'a | b\n c' });
  expect(row).toContain('| a \\| b c |');
  expect(row.split(/(?<!\\)\|/)).toHaveLength(11);
});

test('the table has a header and one row per suite in a fixed order; a suite never run says so', () => {
  const lines = renderTable([hostile]);
  expect(lines).toHaveLength(2 + SUITES.length);
  expect(lines[0]).toBe('| suite | size | lost | doubled | leaked | 5xx | other counts | result | run on |');
  expect(lines[2]).toBe(renderRow(hostile));
  expect(lines[3]).toBe(`| ${SUITE_LABELS.matrix} | not run | — | — | — | — | — | not run | — |`);
  const order = renderTable(SUITES.map((suite) => ({ ...hostile, suite })).reverse());
  expect(order.slice(2).map((l) => SUITES.find((s) => l.startsWith(`| ${SUITE_LABELS[s]} |`)))).toEqual([...SUITES]);
});

test('a suite without fresh figures keeps its previous row; fresh figures replace it', () => {
  const previous = renderTable([hostile, { ...hostile, suite: 'load', size: '50 users × 5 min' }]);
  const next = renderTable([{ ...hostile, status5xx: 1, passed: false }], previous);
  expect(next.find((l) => l.startsWith(`| ${SUITE_LABELS.load} |`))).toContain('50 users × 5 min');
  expect(next[2]).toContain('**FAIL**');
});

test('the markers: the lines between them, replaced in place; missing markers are an error', () => {
  const text = 'intro\n<!-- report -->\n| old |\n<!-- /report -->\nafter\n';
  expect(linesBetweenMarkers(text)).toEqual(['| old |']);
  expect(replaceBetweenMarkers(text, ['| a |', '| b |'])).toBe(
    'intro\n<!-- report -->\n| a |\n| b |\n<!-- /report -->\nafter\n',
  );
  expect(() => replaceBetweenMarkers('no markers', ['x'])).toThrow('<!-- report -->');
  expect(() => linesBetweenMarkers('<!-- /report --> <!-- report -->')).toThrow();
});

test('figures files: only well-formed ones count', () => {
  expect(parseFigures(hostile)).toEqual(hostile);
  expect(parseFigures({ ...hostile, other: undefined })).toEqual({ ...hostile, other: '' });
  expect(parseFigures({ ...hostile, suite: 'other' })).toBeNull();
  expect(parseFigures({ ...hostile, lost: -1 })).toBeNull();
  expect(parseFigures({ ...hostile, leaked: '0' })).toBeNull();
  expect(parseFigures({ ...hostile, passed: undefined })).toBeNull();
  expect(parseFigures(null)).toBeNull();
});

test('the README is rewritten only in CI or with KAIGO_REPORT=1', () => {
  expect(reportToReadme({})).toBe(false);
  expect(reportToReadme({ CI: 'true' })).toBe(true);
  expect(reportToReadme({ CI: 'false' })).toBe(false);
  expect(reportToReadme({ KAIGO_REPORT: '1' })).toBe(true);
  expect(reportToReadme({ KAIGO_REPORT: '0' })).toBe(false);
});

test('written figures are read back and put into a README between its markers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-report-'));
  try {
    const env = { CI: process.env.CI, KAIGO_REPORT: process.env.KAIGO_REPORT };
    delete process.env.CI;
    delete process.env.KAIGO_REPORT;
    try {
      writeSuiteFigures({ ...hostile, ranAt: undefined }, { perRoute: 12 }, dir);
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
    }
    fs.writeFileSync(path.join(dir, 'junk.json'), '{not json');
    const read = readSuiteFigures(dir);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ suite: 'hostile', status5xx: 0, passed: true });
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# x\n<!-- report -->\n<!-- /report -->\n');
    updateReadme(dir, readme);
    const lines = linesBetweenMarkers(fs.readFileSync(readme, 'utf8'));
    expect(lines[2]).toContain('| 45 POST routes × 12 runs = 540 requests | — | — | 0 | 0 |');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
