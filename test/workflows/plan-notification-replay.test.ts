/** Replays every committed 居宅届 history against today's code (patch-or-break check). */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from './certification-support';
import { workflowBundle } from './temporal-env';

const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.startsWith('plan-notification-') && f.endsWith('.json'));

test('the accept, return, refile and withdraw paths are committed', () => {
  for (const p of ['accept', 'return', 'refile', 'withdraw']) expect(files).toContain(`plan-notification-${p}.json`);
});

test.each(files)('replays %s without nondeterminism', async (file) => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
});
