/**
 * `npm run report`: rewrites README.md's proof table (between `<!-- report -->` and `<!-- /report -->`) from the
 * figures the suites left in test-artifacts/report/*.json (hostile input, access matrix, chaos, cluster walk, load,
 * replay). A suite with no figures keeps its row.
 */
import { readSuiteFigures, REPORT_DIR, updateReadme } from './report/figures';

const found = readSuiteFigures().map((f) => f.suite);
const lines = updateReadme();
process.stdout.write(
  `${lines.join('\n')}\n\nREADME.md updated from ${REPORT_DIR} (${found.length > 0 ? found.join(', ') : 'no figures'})\n`,
);
