/**
 * Worker child process of the benchmark.
 *   BENCH_MODE=baseline: the bare baseline workflow with no-op activities.
 *   BENCH_MODE=kaigo:    the same workflows and activities as bin/worker.ts, for runs that change worker options
 *                        (the default run spawns the real bin/worker.js instead).
 * Env: TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, DATABASE_URL (kaigo), BENCH_WORKER_OPTIONS (JSON of WorkerOptions),
 * BENCH_STEPS_PER_TRANSACTION (kaigo: the read-model writer's group-commit limit).
 * Prints "bench-worker ready" when polling.
 */
import { NativeConnection, Runtime, DefaultLogger, Worker, WorkerOptions } from '@temporalio/worker';
import { createBaselineActivities } from './baseline/activities';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const mode = process.env.BENCH_MODE ?? 'baseline';
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? `bench-${mode}`;
  const extra = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Partial<WorkerOptions>;
  const connection = await NativeConnection.connect({ address });
  let options: WorkerOptions;
  let cleanup = async () => undefined as void;
  if (mode === 'kaigo') {
    // Loaded lazily so that the baseline worker does not pay for kaigo-flow's modules.
    const { openDatabase } = await import('../db/connection');
    const { createActivities } = await import('../activities');
    const db = openDatabase(process.env.DATABASE_URL!);
    cleanup = () => db.destroy();
    const { workflowCodeOptions } = await import('../lib/workflow-bundle');
    const { loadConfig } = await import('../config');
    const stepsPerTransaction = process.env.BENCH_STEPS_PER_TRANSACTION
      ? Number(process.env.BENCH_STEPS_PER_TRANSACTION)
      : undefined;
    // As bin/worker.ts sets it: the SDK's own default follows the heap limit, and under the worker's 128 MB it is 10,
    // fewer than the cases in flight, so every row that changed another option ran with a thrashing cache.
    const config = loadConfig();
    const { dataConverterOf } = await import('../lib/payload-codec');
    options = {
      connection,
      taskQueue,
      ...workflowCodeOptions(),
      activities: createActivities({ db, stepsPerTransaction }),
      maxCachedWorkflows: config.workerMaxCachedWorkflows,
      // Encrypted like bin/worker.ts: the cost of encryption is kaigo-flow's, and the bench counts it.
      dataConverter: dataConverterOf(config.payloadKeys),
      ...extra,
    };
  } else {
    options = {
      connection,
      taskQueue,
      workflowsPath: require.resolve('./baseline/workflow'),
      activities: createBaselineActivities(),
      ...extra,
    };
  }
  const worker = await Worker.create(options);
  process.stdout.write(`bench-worker ready mode=${mode} taskQueue=${taskQueue}\n`);
  await worker.run();
  await connection.close();
  await cleanup();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
