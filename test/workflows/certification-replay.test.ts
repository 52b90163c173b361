/** Replays every committed history of the certification workflow against today's code (patch-or-break check). */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from './certification-support';
import { workflowBundle } from './temporal-env';

const dir = path.join(__dirname, 'histories');
const files = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => f.startsWith('certification-') && f.endsWith('.json'))
  : [];

test('there are committed certification histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('replays %s without nondeterminism', async (file) => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
});
