/**
 * The README's proof table (`<!-- report -->` … `<!-- /report -->`): one row per proof suite, its size and what it
 * counted (lost, doubled, leaked, 5xx). Pure: the suites' JSON figures in, Markdown lines out.
 */

/** The proof suites, in the table's order. */
export const SUITES = ['hostile', 'matrix', 'chaos', 'cluster', 'load', 'replay'] as const;
export type SuiteId = (typeof SUITES)[number];

/** What one suite writes to test-artifacts/report/<suite>.json. A count a suite does not measure is null. */
export interface SuiteFigures {
  suite: SuiteId;
  /** ISO time of the run */
  ranAt: string;
  /** what was run, in words and numbers ("45 POST routes × 12 runs = 540 requests") */
  size: string;
  lost: number | null;
  doubled: number | null;
  leaked: number | null;
  status5xx: number | null;
  /** the suite's other counts, in words ("partial writes 0, non-Japanese 4xx 0") */
  other: string;
  /** every test of the suite passed (or the runner exited 0) */
  passed: boolean;
}

/** The first cell of each suite's row: what it is and where it lives. */
export const SUITE_LABELS: Record<SuiteId, string> = {
  hostile: 'hostile input, every POST route (test/web/hostile/hostile-input.test.ts)',
  matrix: 'access matrix, every login × GET route × person (test/web/hostile/access-matrix.test.ts)',
  chaos: 'faults (npm run chaos)',
  cluster: 'production topology walk (npm run test:cluster)',
  load: 'load (npm run load)',
  replay: 'replay of committed histories (test/workflows/workflow-replay.test.ts)',
};

export const REPORT_OPEN = '<!-- report -->';
export const REPORT_CLOSE = '<!-- /report -->';
const HEADER = [
  '| suite | size | lost | doubled | leaked | 5xx | other counts | result | run on |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

const count = (n: number | null) => (n === null ? '—' : String(n));
/** Keeps a cell on one row: a pipe or a newline would break the table. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** One suite's row. */
export function renderRow(f: SuiteFigures): string {
  const result = f.passed ? 'pass' : '**FAIL**';
  return `| ${cell(SUITE_LABELS[f.suite])} | ${cell(f.size)} | ${count(f.lost)} | ${count(f.doubled)} | ${count(f.leaked)} | ${count(f.status5xx)} | ${cell(f.other) || '—'} | ${result} | ${f.ranAt.slice(0, 10)} |`;
}

/**
 * The table: each suite with fresh figures gets its new row; a suite without keeps its row from the table as it was
 * (`previous`, the lines between the markers), so a run of one suite does not erase the others; a suite never run
 * reads "not run".
 */
export function renderTable(fresh: SuiteFigures[], previous: string[] = []): string[] {
  const bySuite = new Map(fresh.map((f) => [f.suite, f]));
  const old = new Map<string, string>();
  for (const line of previous) {
    const first = /^\|\s*(.*?)\s*\|/.exec(line)?.[1];
    if (first) old.set(first, line);
  }
  const rows = SUITES.map((id) => {
    const f = bySuite.get(id);
    if (f) return renderRow(f);
    const label = cell(SUITE_LABELS[id]);
    return old.get(label) ?? `| ${label} | not run | — | — | — | — | — | not run | — |`;
  });
  return [...HEADER, ...rows];
}

/** The lines between the markers of `text` (without them). Throws when the markers are missing or out of order. */
export function linesBetweenMarkers(text: string): string[] {
  const from = text.indexOf(REPORT_OPEN);
  const to = text.indexOf(REPORT_CLOSE);
  if (from < 0 || to < from) throw new Error(`README.md has no ${REPORT_OPEN} … ${REPORT_CLOSE}`);
  return text
    .slice(from + REPORT_OPEN.length, to)
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** `text` with the lines between the markers replaced by `lines`. */
export function replaceBetweenMarkers(text: string, lines: string[]): string {
  linesBetweenMarkers(text);
  const from = text.indexOf(REPORT_OPEN) + REPORT_OPEN.length;
  const to = text.indexOf(REPORT_CLOSE);
  return `${text.slice(0, from)}\n${lines.join('\n')}\n${text.slice(to)}`;
}

/** Parses one suite's JSON file; null when it is not a SuiteFigures (an old or foreign file). */
export function parseFigures(json: unknown): SuiteFigures | null {
  if (typeof json !== 'object' || json === null) return null;
  const o = json as Record<string, unknown>;
  const isCount = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
  if (!SUITES.includes(o.suite as SuiteId)) return null;
  if (typeof o.ranAt !== 'string' || typeof o.size !== 'string' || typeof o.passed !== 'boolean') return null;
  if (![o.lost, o.doubled, o.leaked, o.status5xx].every(isCount)) return null;
  return {
    suite: o.suite as SuiteId,
    ranAt: o.ranAt,
    size: o.size,
    lost: o.lost as number | null,
    doubled: o.doubled as number | null,
    leaked: o.leaked as number | null,
    status5xx: o.status5xx as number | null,
    other: typeof o.other === 'string' ? o.other : '',
    passed: o.passed,
  };
}
