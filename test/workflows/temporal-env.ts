import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities, type Activities } from '../../activities';
import { loadConfig } from '../../config';
import { dataConverterOf } from '../../lib/payload-codec';
import { jstDateOf } from '../../domain/dates';
import { bundlerOptions, workflowsPath } from '../../lib/workflow-bundle';
import { createTempDb } from '../support/temp-db';

/** Payloads are encrypted in the tests as in production (with the development key). */
export const testDataConverter = dataConverterOf(loadConfig({}).payloadKeys);

/** Attaches to the dev server that global-setup started. */
export async function attachTestEnv(): Promise<TestWorkflowEnvironment> {
  const address = process.env.KAIGO_TEST_TEMPORAL_ADDRESS;
  if (!address)
    throw new Error('KAIGO_TEST_TEMPORAL_ADDRESS is not set: run through jest (global-setup starts the server)');
  return TestWorkflowEnvironment.createFromExistingServer({
    address,
    namespace: process.env.KAIGO_TEST_TEMPORAL_NAMESPACE,
    client: { dataConverter: testDataConverter },
  });
}

/**
 * For one test file: attaches to the dev server and opens a temporary database seeded for today before its tests, and
 * removes the database after them. `use` receives both (assign them to the file's own variables).
 */
export function useServerAndSeededDb(use: (opened: { env: TestWorkflowEnvironment; db: Knex }) => void): void {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const env = await attachTestEnv();
    const temp = await createTempDb({ seed: true, today: jstDateOf(Date.now()) });
    cleanup = temp.cleanup;
    use({ env, db: temp.db });
  });
  afterAll(async () => {
    await cleanup?.();
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundles workflows/index.ts once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => console.error(m),
};

/**
 * Runs fn with a worker (bundled workflows, real activities on `db`, any of them wrapped by `wrap`) polling its own
 * task queue.
 */
export async function withTestWorker<T>(
  env: TestWorkflowEnvironment,
  db: Knex,
  taskQueue: string,
  fn: () => Promise<T>,
  wrap: (activities: Activities) => Partial<Activities> = () => ({}),
): Promise<T> {
  const activities = createActivities({ db });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    activities: { ...activities, ...wrap(activities) },
    dataConverter: testDataConverter,
    taskQueue,
  });
  return worker.runUntil(fn());
}
