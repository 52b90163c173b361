/** `npm run bench` baseline: the bare workflow replays one case's shape (Updates in order, local and regular activities). */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createBaselineActivities } from '../../bench/baseline/activities';
import { CERTIFICATION_CASE_SHAPE, shapeCounts } from '../../bench/baseline/shape';
import { baselineStepUpdate, baselineWorkflow } from '../../bench/baseline/workflow';
import { countHistory } from '../../bench/lib/history';
import { attachTestEnv, testDataConverter } from './temporal-env';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await attachTestEnv();
});

test('the baseline case takes its Updates in order and runs exactly the counted local and regular activities', async () => {
  const taskQueue = `bench-smoke-${Date.now()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: require.resolve('../../bench/baseline/workflow'),
    activities: createBaselineActivities(),
    dataConverter: testDataConverter,
  });
  const shape = CERTIFICATION_CASE_SHAPE;
  const counts = shapeCounts(shape);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(baselineWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-case`,
      args: [shape],
    });
    // An Update out of order is rejected by the validator and leaves no trace in the history.
    const refused = await handle.executeUpdate(baselineStepUpdate, { args: [1] }).catch((err: Error) => err);
    expect((refused as Error & { cause?: Error }).cause?.message).toMatch(/not allowed/);
    for (let n = 0; n < counts.updates; n++) {
      await expect(handle.executeUpdate(baselineStepUpdate, { args: [n] })).resolves.toEqual({ step: n + 1 });
    }
    await expect(handle.result()).resolves.toEqual({ updates: counts.updates });
    const history = countHistory((await handle.fetchHistory()).events ?? []);
    expect(history.updates).toBe(counts.updates);
    expect(history.localActivities).toBe(counts.local);
    expect(history.activityTasks).toBe(counts.regular);
    expect(history.stateTransitions).toBe(history.workflowTasks + history.activityTasks);
  });
});
