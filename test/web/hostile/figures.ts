/** The suites' figures for the README table: one JSON file per suite under test-artifacts/ (npm run report reads them). */
import fs from 'node:fs';
import path from 'node:path';

export const ARTIFACTS_DIR = path.join(__dirname, '..', '..', '..', 'test-artifacts');

/** Writes test-artifacts/<suite>.json with the run's date. */
export function writeFigures(suite: string, figures: Record<string, unknown>): void {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(ARTIFACTS_DIR, `${suite}.json`),
    `${JSON.stringify({ suite, ranAt: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}
