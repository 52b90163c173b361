import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, temporalAddressOf } from '../config';
import { openDatabase } from '../db/connection';
import { createLogger } from '../lib/logger';
import { workflowCodeOptions } from '../lib/workflow-bundle';
import { connectWithRetry } from '../lib/retry';

/** The worker process: runs every workflow and activity on the kaigo-flow task queue. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  // The SDK's own INFO lines (webpack stats of the workflow bundle) drown the console; keep its warnings.
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' ? 'INFO' : 'WARN') });
  const db = openDatabase(config.databaseUrl);
  const address = temporalAddressOf(config);
  const connection = await connectWithRetry(() => NativeConnection.connect({ address }), { what: `Temporal ${address}`, log });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...workflowCodeOptions(),
    activities: createActivities({ db }),
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  log.info({ taskQueue: config.taskQueue, address }, 'worker started');
  await worker.run();
  await connection.close();
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
