/**
 * Where the proof suites leave their figures (test-artifacts/report/<suite>.json) and how the README's table is
 * regenerated from them: by `npm run report`, and by each suite itself when CI runs (env CI) or KAIGO_REPORT=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { linesBetweenMarkers, parseFigures, renderTable, replaceBetweenMarkers, type SuiteFigures } from './table';

export const REPORT_DIR = path.join(projectRoot, 'test-artifacts', 'report');

/** Whether a suite's run also rewrites the README table. */
export const reportToReadme = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.CI && env.CI !== 'false' && env.CI !== '0') || env.KAIGO_REPORT === '1';

/** Writes one suite's figures (with extra detail for people) and, in CI or with KAIGO_REPORT=1, the README table. */
export function writeSuiteFigures(
  figures: Omit<SuiteFigures, 'ranAt'> & { ranAt?: string },
  detail: Record<string, unknown> = {},
  dir = REPORT_DIR,
): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${figures.suite}.json`);
  const body = { ...figures, ranAt: figures.ranAt ?? new Date().toISOString(), detail };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  if (reportToReadme()) updateReadme(dir);
  return file;
}

/** Every suite's figures found in `dir`. */
export function readSuiteFigures(dir = REPORT_DIR): SuiteFigures[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      try {
        return parseFigures(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      } catch {
        return null;
      }
    })
    .filter((f): f is SuiteFigures => f !== null);
}

/** Rewrites the README's table from the figures in `dir` (rows of suites without figures stay as they were). */
export function updateReadme(dir = REPORT_DIR, readme = path.join(projectRoot, 'README.md')): string[] {
  const text = fs.readFileSync(readme, 'utf8');
  const lines = renderTable(readSuiteFigures(dir), linesBetweenMarkers(text));
  // Two suites may finish together (jest runs files in parallel): write whole, then rename.
  const tmp = `${readme}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, replaceBetweenMarkers(fs.readFileSync(readme, 'utf8'), lines));
  fs.renameSync(tmp, readme);
  return lines;
}
