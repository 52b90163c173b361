import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, temporalAddressOf, type AppConfig } from '../config';
import { createRepositories, type Repositories } from '../db';
import { openDatabase } from '../db/connection';
import { createLogger, type Logger } from '../lib/logger';
import { workflowCodeOptions } from '../lib/workflow-bundle';
import { connectWithRetry } from '../lib/retry';
import { ensureRegisterRollSchedules, ensureRenewalSweepSchedules } from '../lib/schedules';
import { dataConverterOf } from '../lib/payload-codec';

/** The worker process: runs every workflow and activity on the kaigo-flow task queue. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  // The SDK's own INFO lines (webpack stats of the workflow bundle) drown the console; keep its warnings.
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' ? 'INFO' : 'WARN') });
  const db = openDatabase(config.databaseUrl);
  const address = temporalAddressOf(config);
  const connection = await connectWithRetry(() => NativeConnection.connect({ address }), {
    what: `Temporal ${address}`,
    log,
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...workflowCodeOptions(),
    activities: createActivities({ db }),
    dataConverter: dataConverterOf(config.payloadKeys),
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  log.info({ taskQueue: config.taskQueue, address }, 'worker started');
  const running = worker.run();
  // Without its Schedule the 更新勧奨 batch does not run, but every case still does: log it and keep working.
  await ensureSchedules(createRepositories(db), address, config, log).catch((err: unknown) =>
    log.error(
      { err },
      'schedules could not be ensured; the daily 更新勧奨 batch and the yearly 証の年次切替 will not run until the worker restarts',
    ),
  );
  await running;
  await connection.close();
  await db.destroy();
}

/** The daily 更新勧奨 batch and the yearly 証の年次切替 of every insurer in the database (see lib/schedules.ts). */
async function ensureSchedules(
  repos: Repositories,
  address: string,
  config: Pick<AppConfig, 'temporalNamespace' | 'taskQueue' | 'payloadKeys'>,
  log: Logger,
): Promise<void> {
  const insurerNos = await repos.insurers.insurerNos();
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({
      connection,
      namespace: config.temporalNamespace,
      dataConverter: dataConverterOf(config.payloadKeys),
    });
    const created = await ensureRenewalSweepSchedules(client, { insurerNos, taskQueue: config.taskQueue });
    if (created.length > 0) log.info({ schedules: created }, 'renewal-sweep schedules created');
    const rolls = await ensureRegisterRollSchedules(client, { insurerNos, taskQueue: config.taskQueue });
    if (rolls.length > 0) log.info({ schedules: rolls }, 'register-roll schedules created');
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
