/**
 * Replays every committed history (test/workflows/histories/*.json, of any workflow) against today's code: a change
 * to the commands a workflow issues that would break a running case fails here. The workflow comes from the
 * history's first event, so a new history needs no change to this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { writeSuiteFigures } from '../../scripts/report/figures';
import * as workflows from '../../workflows';
import { HISTORY_DIR, historyFromJSON } from './histories';
import { testDataConverter, workflowBundle } from './temporal-env';

const files = fs.existsSync(HISTORY_DIR) ? fs.readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json')) : [];
const load = (file: string) => historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORY_DIR, file), 'utf8')));
/** The workflow functions the worker registers (workflows/index.ts is its workflowsPath). */
const workflowTypes = Object.entries(workflows)
  .filter(([, v]) => typeof v === 'function')
  .map(([name]) => name);
const typeOf = (file: string) =>
  load(file).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '(no start event)';

/** histories that replayed, and whether every workflow has one (the README's proof table) */
const replayed: string[] = [];
let everyWorkflowRecorded = false;
afterAll(() => {
  writeSuiteFigures(
    {
      suite: 'replay',
      size: `${files.length} committed histories of ${new Set(files.map(typeOf)).size} workflows`,
      lost: null,
      doubled: null,
      leaked: null,
      status5xx: null,
      other: `failed to replay ${files.length - replayed.length}`,
      passed: everyWorkflowRecorded && files.length > 0 && replayed.length === files.length,
    },
    { histories: files, replayed },
  );
});

test('there are committed histories of every workflow the worker runs', () => {
  const recorded = new Set(files.map(typeOf));
  // The 居宅届 histories arrive with the plan-notification workflow's own change.
  const expected = workflowTypes.filter((name) => name !== 'planNotificationWorkflow');
  expect(expected.filter((name) => !recorded.has(name))).toEqual([]);
  everyWorkflowRecorded = true;
});

test.each(files)('replays %s without nondeterminism', async (file) => {
  expect(workflowTypes).toContain(typeOf(file));
  // Histories recorded since payload encryption hold encrypted payloads (development key), as production's do; the
  // codec passes the older plain ones through.
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
    load(file),
    file.replace(/\.json$/, ''),
  );
  replayed.push(file);
});
