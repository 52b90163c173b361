/** The processes a phase runs on: dev server, app database, kaigo-flow and baseline workers; CPU accounting. */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverterOf } from '../../lib/payload-codec';
import type { Knex } from 'knex';
import { loadConfig, workerNodeFlags } from '../../config';
import { migrateLatest, openDatabase } from '../../db/connection';
import { createRepositories } from '../../db';
import { DEMO_INSURER_NO, seedDemoData } from '../../db/seeds/demo';
import { CertificationService } from '../../web/services/certification';
import { addBenchPersons } from '../lifecycle';
import { Child, readCpuSeconds, readThreadCpu, spawnChild, workerThreadCpu, type WorkerThreadCpu } from '../lib/proc';
import { DevServer, startDevServer, SyncPragma } from '../lib/server';
import { round } from '../lib/stats';

export const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
export const distRoot = path.resolve(__dirname, '..', '..');

export interface Stack {
  server: DevServer;
  db: Knex;
  dbFile: string;
  connection: Connection;
  client: Client;
  /** kaigo-flow's client: payloads encrypted with the bench key, as bin/worker.js expects them */
  kaigoClient: Client;
  service: CertificationService;
  kaigoQueue: string;
  kaigoWorker: Child;
  baselineQueue: string;
  baselineWorker: Child | null;
}

/** The bench's payload key (production mode requires one; the bench's cases are thrown away). */
const BENCH_PAYLOAD_KEYS = `bench:${Buffer.alloc(32, 'kaigo-flow-bench-only').toString('base64')}`;

export function workerEnv(server: DevServer, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-session-secret-0123456789',
    PAYLOAD_KEYS: BENCH_PAYLOAD_KEYS,
    ...extra,
  };
}

/** Extra node flags for the workers, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses them in NODE_OPTIONS). */
export const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Starts the real bin/worker.js, or bench/worker.js in kaigo mode when worker options or the read-model writer's
 * steps per transaction are overridden.
 */
export async function spawnKaigoWorker(
  server: DevServer,
  dbFile: string,
  taskQueue: string,
  options: Record<string, unknown> | null,
  stepsPerTransaction?: number,
): Promise<Child> {
  const env = workerEnv(server, {
    DATABASE_URL: `sqlite://${dbFile}`,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LOG_LEVEL: 'info',
  });
  if (!options && stepsPerTransaction === undefined) {
    // Started as bin/start.ts starts it (the worker's heap limit from config).
    const flags = workerNodeFlags(loadConfig(env));
    const child = spawnChild(
      'kaigo worker (bin/worker.js)',
      process.execPath,
      [...flags, ...nodeArgs, path.join(distRoot, 'bin', 'worker.js')],
      env,
    );
    await child.waitFor(/worker started/, 120_000);
    return child;
  }
  const child = spawnChild(
    'kaigo worker (bench/worker.js)',
    process.execPath,
    [...workerNodeFlags(loadConfig(env)), ...nodeArgs, path.join(__dirname, '..', 'worker.js')],
    {
      ...env,
      BENCH_MODE: 'kaigo',
      BENCH_WORKER_OPTIONS: JSON.stringify(options ?? {}),
      ...(stepsPerTransaction === undefined ? {} : { BENCH_STEPS_PER_TRANSACTION: String(stepsPerTransaction) }),
    },
  );
  await child.waitFor(/bench-worker ready/, 120_000);
  return child;
}

export async function spawnBaselineWorker(server: DevServer, taskQueue: string): Promise<Child> {
  const child = spawnChild(
    'baseline worker (bench/worker.js)',
    process.execPath,
    [...nodeArgs, path.join(__dirname, '..', 'worker.js')],
    {
      ...workerEnv(server, { TEMPORAL_TASK_QUEUE: taskQueue }),
      BENCH_MODE: 'baseline',
    },
  );
  await child.waitFor(/bench-worker ready/, 120_000);
  return child;
}

export async function startStack(opts: {
  dir: string;
  name: string;
  sync: SyncPragma;
  cliPath: string;
  persons: number;
  today: string;
  baseline: boolean;
  workerOptions: Record<string, unknown> | null;
  stepsPerTransaction?: number;
}): Promise<Stack> {
  const server = await startDevServer({
    cliPath: opts.cliPath,
    dir: opts.dir,
    synchronous: opts.sync,
    name: `temporal-${opts.name}`,
  });
  const dbFile = path.join(opts.dir, `app-${opts.name}.sqlite3`);
  const db = openDatabase(`sqlite://${dbFile}`);
  await migrateLatest(db);
  await seedDemoData(db, { today: opts.today, passwordRounds: 8 });
  await addBenchPersons(db, DEMO_INSURER_NO, 0, opts.persons);
  const kaigoQueue = `kaigo-bench-${opts.name}`;
  const baselineQueue = `baseline-bench-${opts.name}`;
  // Baseline worker first: while it sits idle it is the "bare idle worker" of the memory comparison.
  const baselineWorker = opts.baseline ? await spawnBaselineWorker(server, baselineQueue) : null;
  const kaigoWorker = await spawnKaigoWorker(server, dbFile, kaigoQueue, opts.workerOptions, opts.stepsPerTransaction);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  // kaigo-flow's cases are encrypted as in production (bin/worker.js); the baseline's are not, as bare Temporal.
  const kaigoClient = new Client({
    connection,
    namespace: 'default',
    dataConverter: dataConverterOf(loadConfig({ PAYLOAD_KEYS: BENCH_PAYLOAD_KEYS }).payloadKeys),
  });
  const service = new CertificationService({
    repos: createRepositories(db),
    client: kaigoClient,
    taskQueue: kaigoQueue,
  });
  return {
    server,
    db,
    dbFile,
    connection,
    client,
    kaigoClient,
    service,
    kaigoQueue,
    kaigoWorker,
    baselineQueue,
    baselineWorker,
  };
}

export async function stopStack(s: Stack): Promise<void> {
  await s.connection.close().catch(() => undefined);
  await Promise.all([s.kaigoWorker.stop(), s.baselineWorker?.stop()]);
  await s.db.destroy();
  await s.server.stop();
}

/** CPU seconds used by each process during `fn`, and by thread in each worker (named in `workers`). */
export async function withCpu<T>(
  pids: Record<string, number>,
  fn: () => Promise<T>,
  workers: string[] = [],
): Promise<{ value: T; cpuSeconds: Record<string, number>; workerThreads: Record<string, WorkerThreadCpu> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, readCpuSeconds(pid)]));
  const threadsBefore = Object.fromEntries(workers.map((k) => [k, readThreadCpu(pids[k])]));
  const self0 = process.cpuUsage();
  const value = await fn();
  const self = process.cpuUsage(self0);
  const cpuSeconds: Record<string, number> = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, round(readCpuSeconds(pid) - before[k], 1)]),
  );
  cpuSeconds['bench driver (this process)'] = round((self.user + self.system) / 1e6, 1);
  const workerThreads = Object.fromEntries(
    workers.map((k) => [k, workerThreadCpu(pids[k], threadsBefore[k], readThreadCpu(pids[k]))]),
  );
  return { value, cpuSeconds, workerThreads };
}
