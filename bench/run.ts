/**
 * `npm run bench`: how fast whole cases move through kaigo-flow, side by side with bare Temporal (issue 6).
 * Prints figures and writes bench/results/<timestamp>.json; it never fails a build on speed.
 *
 *   --cases N          cases per load phase (default 200)
 *   --concurrency C    cases in flight (default 20)
 *   --rounds R         the load phase's cases in R interleaved rounds of baseline and kaigo-flow (default 4)
 *   --warmup N         cases each side runs at the load's concurrency before anything is measured (default 60)
 *   --quick            small run for CI smoke (< 1 minute); prints figures but judges nothing
 *   --sweep            also try worker / dev-server / batch settings (one short run each)
 *   --open-cases N     open cases for the memory phase (default 10000)
 *   --latency-cases N  cases driven one at a time for the concurrency-1 latency (default 20)
 *   --sync OFF|NORMAL|FULL   dev server `synchronous` pragma (default NORMAL, as `npm start` uses)
 *   --tuned-cache N    memory phase: also measure a worker with maxCachedWorkflows=N (default 100; 0 = skip)
 *   --skip-baseline --skip-lifecycle --skip-latency --skip-memory --skip-queries --skip-web
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverterOf } from '../lib/payload-codec';
import type { Knex } from 'knex';
import { loadConfig, workerNodeFlags } from '../config';
import { prebuiltBundlePath } from '../lib/workflow-bundle';
import { migrateLatest, openDatabase } from '../db/connection';
import { createRepositories } from '../db';
import { DEMO_INSURER_NO, DEMO_PASSWORD, seedDemoData } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';
import { CertificationService } from '../web/services/certification';
import { CERTIFICATION_CASE_SHAPE, CaseShape, describeShape, sameCounts, shapeCounts } from './baseline/shape';
import { addBenchPersons, baselineDriver, kaigoDriver, LoadResult, mergeLoads, runLoad } from './lifecycle';
import { countHistories, fetchEvents, shapeOfHistory } from './lib/history';
import {
  Child,
  freePort,
  killAllChildren,
  machineInfo,
  MemWatcher,
  readCpuSeconds,
  readMem,
  readThreadCpu,
  spawnChild,
  workerThreadCpu,
  type WorkerThreadCpu,
} from './lib/proc';
import { DevServer, startDevServer, SyncPragma, temporalCliPath, temporalVersions } from './lib/server';
import { percentiles, Percentiles, round, runPool, sleep } from './lib/stats';
import { probeWeb, WebProbeResult } from './lib/web-probe';
import { QueryBenchResult, runQueryBench, shortError } from './queries';

// ---------------------------------------------------------------- arguments

interface Args {
  cases: number;
  concurrency: number;
  rounds: number;
  warmup: number;
  quick: boolean;
  sweep: boolean;
  openCases: number;
  latencyCases: number;
  sync: SyncPragma;
  queryScales: number[];
  queryIterations: number;
  sweepCases: number;
  tunedCache: number;
  skip: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) flags.set(k, v);
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) flags.set(k, argv[++i]);
    else flags.set(k, true);
  }
  const quick = flags.has('quick');
  const num = (k: string, full: number, q: number) => {
    const v = flags.get(k);
    if (v === undefined || v === true) return quick ? q : full;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} needs a number`);
    return n;
  };
  const skip = new Set([...flags.keys()].filter((k) => k.startsWith('skip-')).map((k) => k.slice(5)));
  const known = new Set([
    'cases',
    'concurrency',
    'rounds',
    'warmup',
    'quick',
    'sweep',
    'open-cases',
    'latency-cases',
    'sync',
    'query-scales',
    'query-iterations',
    'sweep-cases',
    'tuned-cache',
  ]);
  for (const k of flags.keys()) if (!known.has(k) && !k.startsWith('skip-')) throw new Error(`unknown option --${k}`);
  const sync = String(flags.get('sync') ?? 'NORMAL').toUpperCase() as SyncPragma;
  if (!['OFF', 'NORMAL', 'FULL'].includes(sync)) throw new Error('--sync must be OFF, NORMAL or FULL');
  const scales = flags.get('query-scales');
  return {
    cases: num('cases', 200, 8),
    concurrency: Math.max(1, num('concurrency', 20, 5)),
    rounds: Math.max(1, num('rounds', 4, 2)),
    warmup: Math.max(3, num('warmup', 60, 3)),
    quick,
    sweep: flags.has('sweep'),
    openCases: num('open-cases', 10_000, 60),
    latencyCases: num('latency-cases', 20, 2),
    sync,
    queryScales: typeof scales === 'string' ? scales.split(',').map(Number) : quick ? [1000, 5000] : [10_000, 100_000],
    queryIterations: num('query-iterations', 60, 10),
    sweepCases: num('sweep-cases', 80, 6),
    tunedCache: num('tuned-cache', 100, 0),
    skip,
  };
}

// ---------------------------------------------------------------- environment

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const distRoot = path.resolve(__dirname, '..');

interface Stack {
  server: DevServer;
  db: Knex;
  dbFile: string;
  connection: Connection;
  client: Client;
  service: CertificationService;
  kaigoQueue: string;
  kaigoWorker: Child;
  baselineQueue: string;
  baselineWorker: Child | null;
}

function workerEnv(server: DevServer, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-session-secret-0123456789',
    ...extra,
  };
}

/** Extra node flags for the workers, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses them in NODE_OPTIONS). */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Starts the real bin/worker.js, or bench/worker.js in kaigo mode when worker options or the read-model writer's
 * steps per transaction are overridden.
 */
async function spawnKaigoWorker(
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
    [...workerNodeFlags(loadConfig(env)), ...nodeArgs, path.join(__dirname, 'worker.js')],
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

async function spawnBaselineWorker(server: DevServer, taskQueue: string): Promise<Child> {
  const child = spawnChild(
    'baseline worker (bench/worker.js)',
    process.execPath,
    [...nodeArgs, path.join(__dirname, 'worker.js')],
    {
      ...workerEnv(server, { TEMPORAL_TASK_QUEUE: taskQueue }),
      BENCH_MODE: 'baseline',
    },
  );
  await child.waitFor(/bench-worker ready/, 120_000);
  return child;
}

async function startStack(opts: {
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
    dataConverter: dataConverterOf(loadConfig({}).payloadKeys),
  });
  const service = new CertificationService({
    repos: createRepositories(db),
    client: kaigoClient,
    taskQueue: kaigoQueue,
  });
  return { server, db, dbFile, connection, client, service, kaigoQueue, kaigoWorker, baselineQueue, baselineWorker };
}

async function stopStack(s: Stack): Promise<void> {
  await s.connection.close().catch(() => undefined);
  await Promise.all([s.kaigoWorker.stop(), s.baselineWorker?.stop()]);
  await s.db.destroy();
  await s.server.stop();
}

/** CPU seconds used by each process during `fn`, and by thread in each worker (named in `workers`). */
async function withCpu<T>(
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

// ---------------------------------------------------------------- phases

/** One round of the interleaved load: each side's cases in turn, in this order. */
interface RoundFigures {
  order: ('kaigo' | 'baseline')[];
  kaigoCasesPerSecond: number | null;
  baselineCasesPerSecond: number | null;
  ratio: number | null;
}

interface LifecycleFigures {
  shape: {
    fromCode: string;
    measured: string;
    used: string;
    matchesCode: boolean;
    counts: ReturnType<typeof shapeCounts>;
  };
  latencyC1: { kaigo: LoadResult | null; baseline: LoadResult | null };
  /** every round's cases of one side together */
  load: { kaigo: LoadResult | null; baseline: LoadResult | null };
  rounds: RoundFigures[];
  ratio: number | null;
  latencyP95RatioC1: number | null;
  cpuSeconds: Record<string, Record<string, number>>;
  /**
   * CPU milliseconds a case costs in each process of its own phase (the other phase's idle worker left out), and the
   * baseline's total over kaigo-flow's: steadier than the throughput ratio on a shared machine, and what sizing needs.
   */
  cpuPerCase: { kaigo: Record<string, number>; baseline: Record<string, number>; ratio: number | null } | null;
  /** CPU milliseconds a case costs in each thread of its worker (see WorkerThreadCpu) */
  workerThreadsPerCase: { kaigo: WorkerThreadCpu; baseline: WorkerThreadCpu } | null;
}

/** CPU ms per case of the processes that serve one phase. */
function cpuPerCase(
  cpuSeconds: Record<string, number> | undefined,
  cases: number,
  idleWorker: string,
): Record<string, number> {
  const own = Object.entries(cpuSeconds ?? {}).filter(([k]) => k !== idleWorker);
  const perCase = Object.fromEntries(own.map(([k, v]) => [k, round((v * 1000) / cases, 1)]));
  return {
    ...perCase,
    total: round(
      own.reduce((t, [, v]) => t + (v * 1000) / cases, 0),
      1,
    ),
  };
}

function stripIds(r: LoadResult | null): LoadResult | null {
  return r ? { ...r, workflowIds: [] } : null;
}

async function runLifecycle(stack: Stack, a: Args, today: string, tag: string): Promise<LifecycleFigures> {
  const kaigo = kaigoDriver({
    service: stack.service,
    client: stack.client,
    db: stack.db,
    insurerNo: DEMO_INSURER_NO,
    today,
    tag,
  });
  let next = 0; // bench persons are used once each
  const take = (n: number) => {
    const off = next;
    next += n;
    return off;
  };

  // Calibrate: one real case, its history gives the activity shape the baseline replays.
  log('lifecycle: calibration case (reading the activity shape from its history)');
  const calib = await runLoad(kaigo, {
    cases: 1,
    concurrency: 1,
    offset: take(1),
    client: stack.client,
    countHistory: false,
  });
  const calibEvents = await fetchEvents(stack.client, calib.workflowIds[0]);
  if (process.env.BENCH_DUMP_HISTORY)
    fs.writeFileSync(process.env.BENCH_DUMP_HISTORY, JSON.stringify(calibEvents, null, 1));
  const measured = shapeOfHistory(calibEvents);
  // Where an activity lands relative to an Update in the history depends on timing; the counts do not.
  const same = sameCounts(measured, CERTIFICATION_CASE_SHAPE);
  const shape: CaseShape = same ? CERTIFICATION_CASE_SHAPE : measured;
  log(
    `lifecycle: case shape ${describeShape(shape)}${same ? ' (history counts match bench/baseline/shape.ts)' : ` (MEASURED; bench/baseline/shape.ts says ${describeShape(CERTIFICATION_CASE_SHAPE)})`}`,
  );
  const baseline = stack.baselineWorker ? baselineDriver(stack.client, stack.baselineQueue, shape, tag) : null;

  // Warm up both workers, unmeasured: bundles loaded, caches and connections open, and V8's optimising compiler
  // through its first pass over the hot code. A worker runs for days; a fresh one spends its first cases compiling
  // (kaigo-flow's more than the baseline's: knex, the templates, the domain code), which is not what a case costs.
  const warm = {
    cases: a.warmup,
    concurrency: Math.min(a.concurrency, a.warmup),
    client: stack.client,
    countHistory: false,
  };
  log(`lifecycle: warm-up, ${a.warmup} cases each (not measured)`);
  await runLoad(kaigo, { ...warm, offset: take(a.warmup) });
  if (baseline) await runLoad(baseline, { ...warm, offset: 1_000_000 });

  const pids: Record<string, number> = {
    'temporal dev server': stack.server.child.pid,
    'kaigo worker': stack.kaigoWorker.pid,
  };
  if (stack.baselineWorker) pids['baseline worker'] = stack.baselineWorker.pid;
  const cpu: Record<string, Record<string, number>> = {};
  const out: LifecycleFigures = {
    shape: {
      fromCode: describeShape(CERTIFICATION_CASE_SHAPE),
      measured: describeShape(measured),
      used: describeShape(shape),
      matchesCode: same,
      counts: shapeCounts(shape),
    },
    latencyC1: { kaigo: null, baseline: null },
    load: { kaigo: null, baseline: null },
    rounds: [],
    ratio: null,
    latencyP95RatioC1: null,
    cpuSeconds: cpu,
    cpuPerCase: null,
    workerThreadsPerCase: null,
  };

  if (!a.skip.has('latency') && a.latencyCases > 0) {
    if (baseline) {
      log(`latency: ${a.latencyCases} baseline cases one at a time`);
      out.latencyC1.baseline = await runLoad(baseline, {
        cases: a.latencyCases,
        concurrency: 1,
        offset: 2_000_000,
        client: stack.client,
        countHistory: false,
      });
    }
    log(`latency: ${a.latencyCases} kaigo-flow cases one at a time`);
    out.latencyC1.kaigo = await runLoad(kaigo, {
      cases: a.latencyCases,
      concurrency: 1,
      offset: take(a.latencyCases),
      client: stack.client,
      countHistory: false,
    });
    if (out.latencyC1.baseline)
      out.latencyP95RatioC1 = round(
        out.latencyC1.kaigo.actionLatencyMs.p95 / out.latencyC1.baseline.actionLatencyMs.p95,
      );
  }

  if (!a.skip.has('load') && a.cases > 0) {
    // Interleaved rounds, alternating which goes first (baseline, kaigo | kaigo, baseline | ...): this machine's speed
    // drifts by tens of percent over minutes, and a drift then weighs on both sides alike instead of on whichever ran
    // second.
    const rounds = baseline ? Math.max(1, Math.min(a.rounds, a.cases)) : 1;
    const runs: { kaigo: LoadResult[]; baseline: LoadResult[] } = { kaigo: [], baseline: [] };
    const addCpu = (phase: 'kaigo' | 'baseline', c: Record<string, number>) => {
      cpu[phase] = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, round((cpu[phase]?.[k] ?? 0) + v, 1)]));
    };
    const threads: Record<'kaigo' | 'baseline', WorkerThreadCpu> = {
      kaigo: { main: 0, workflows: 0, core: 0, other: 0 },
      baseline: { main: 0, workflows: 0, core: 0, other: 0 },
    };
    const workerOf = { kaigo: 'kaigo worker', baseline: 'baseline worker' } as const;
    let nextBaseline = 3_000_000; // baseline workflow IDs; kaigo-flow's cases take bench persons (take)
    const offsetFor = (phase: 'kaigo' | 'baseline', n: number) => {
      if (phase === 'kaigo') return take(n);
      nextBaseline += n;
      return nextBaseline - n;
    };
    for (let r = 0; r < rounds; r++) {
      const n = Math.floor(a.cases / rounds) + (r < a.cases % rounds ? 1 : 0);
      const order: ('kaigo' | 'baseline')[] = !baseline
        ? ['kaigo']
        : r % 2 === 0
          ? ['baseline', 'kaigo']
          : ['kaigo', 'baseline'];
      const figures: RoundFigures = { order, kaigoCasesPerSecond: null, baselineCasesPerSecond: null, ratio: null };
      for (const phase of order) {
        log(
          `load: round ${r + 1}/${rounds}, ${n} ${phase === 'kaigo' ? 'kaigo-flow' : 'baseline'} cases at concurrency ${a.concurrency}`,
        );
        const driver = phase === 'kaigo' ? kaigo : baseline!;
        const offset = offsetFor(phase, n);
        const res = await withCpu(
          pids,
          () =>
            runLoad(driver, {
              cases: n,
              concurrency: a.concurrency,
              offset,
              client: stack.client,
              countHistory: false,
            }),
          [workerOf[phase]],
        );
        runs[phase].push(res.value);
        addCpu(phase, res.cpuSeconds);
        const t = res.workerThreads[workerOf[phase]];
        for (const k of Object.keys(t) as (keyof WorkerThreadCpu)[]) threads[phase][k] += t[k];
        figures[phase === 'kaigo' ? 'kaigoCasesPerSecond' : 'baselineCasesPerSecond'] = res.value.casesPerSecond;
      }
      if (figures.kaigoCasesPerSecond && figures.baselineCasesPerSecond)
        figures.ratio = round(figures.kaigoCasesPerSecond / figures.baselineCasesPerSecond);
      out.rounds.push(figures);
    }
    log('load: counting the histories');
    for (const phase of ['baseline', 'kaigo'] as const) {
      if (runs[phase].length === 0) continue;
      const history = await countHistories(
        stack.client,
        runs[phase].flatMap((x) => x.workflowIds),
        4,
      );
      out.load[phase] = mergeLoads(runs[phase], history);
      log(
        `load: ${phase} ${out.load[phase]!.casesPerSecond} cases/s, ${out.load[phase]!.stateTransitionsPerSecond} state transitions/s`,
      );
    }
    if (out.load.kaigo && out.load.baseline) {
      out.ratio = round(out.load.kaigo.casesPerSecond / out.load.baseline.casesPerSecond);
      const kaigoCpu = cpuPerCase(cpu.kaigo, a.cases, 'baseline worker');
      const baselineCpu = cpuPerCase(cpu.baseline, a.cases, 'kaigo worker');
      out.cpuPerCase = {
        kaigo: kaigoCpu,
        baseline: baselineCpu,
        ratio: kaigoCpu.total > 0 ? round(baselineCpu.total / kaigoCpu.total) : null,
      };
      const perCase = (t: WorkerThreadCpu): WorkerThreadCpu => ({
        main: round((t.main * 1000) / a.cases, 1),
        workflows: round((t.workflows * 1000) / a.cases, 1),
        core: round((t.core * 1000) / a.cases, 1),
        other: round((t.other * 1000) / a.cases, 1),
      });
      out.workerThreadsPerCase = { kaigo: perCase(threads.kaigo), baseline: perCase(threads.baseline) };
    }
  }
  (out as { nextPerson?: number }).nextPerson = next;
  return out;
}

interface MemoryFigures {
  openCases: number;
  openCasesStartedPerSecond: number | null;
  bareIdleWorker: { rssMb: number; vmHwmMb: number } | null;
  kaigoWorkerIdle: { rssMb: number; vmHwmMb: number } | null;
  kaigoWorker: { peakRssMb: number; vmHwmMb: number; rssAfterMb: number } | null;
  kaigoWorkerVsBareIdle: number | null;
  /** every open case's page opened once (snapshot Query): fills the worker's sticky cache */
  touched: {
    cases: number;
    queryMs: Percentiles;
    failedQueries: number;
    workerPeakRssMb: number;
    workerVmHwmMb: number;
    vsBareIdle: number | null;
  } | null;
  /** the same with a worker limited to maxCachedWorkflows = N */
  tuned: {
    maxCachedWorkflows: number;
    idleRssMb: number;
    queryMs: Percentiles;
    failedQueries: number;
    workerPeakRssMb: number;
    workerVmHwmMb: number;
    vsBareIdle: number | null;
  } | null;
  web: { peakRssMb: number; vmHwmMb: number; idleRssMb: number; probe: WebProbeResult | null; error?: string } | null;
  devServer: { rssMb: number; vmHwmMb: number } | null;
}

/** Starts open cases (through the service, as the intake page does) until `target` are open, sampling the worker. */
async function runMemory(
  stack: Stack,
  a: Args,
  today: string,
  tag: string,
  firstPerson: number,
  idle: MemoryFigures['bareIdleWorker'],
  kaigoIdle: MemoryFigures['kaigoWorkerIdle'],
): Promise<MemoryFigures> {
  const out: MemoryFigures = {
    openCases: 0,
    openCasesStartedPerSecond: null,
    bareIdleWorker: idle,
    kaigoWorkerIdle: kaigoIdle,
    kaigoWorker: null,
    kaigoWorkerVsBareIdle: null,
    touched: null,
    tuned: null,
    web: null,
    devServer: null,
  };
  const watcher = new MemWatcher(stack.kaigoWorker.pid, 500);
  const opener = kaigoDriver({
    service: stack.service,
    client: stack.client,
    db: stack.db,
    insurerNo: DEMO_INSURER_NO,
    today,
    tag: `${tag}o`,
    openOnly: true,
  });
  const target = a.openCases;
  log(`memory: opening ${target} cases through CertificationService (concurrency ${a.concurrency})`);
  const t0 = Date.now();
  let done = 0;
  await runPool(target, a.concurrency, async (k) => {
    await opener.start(firstPerson + k);
    done += 1;
    if (done % 1000 === 0)
      log(
        `memory: ${done}/${target} open cases (${round(done / ((Date.now() - t0) / 1000), 1)}/s, worker RSS ${Math.round(readMem(stack.kaigoWorker.pid)?.rssMb ?? 0)} MB)`,
      );
  });
  // Every case was written before its start counted; this only double-checks.
  for (let i = 0; i < 120; i++) {
    const row = (await stack.db('cases').where({ status: 'open' }).count({ n: '*' }).first()) as { n: number };
    if (Number(row.n) >= target) break;
    await sleep(500);
  }
  out.openCasesStartedPerSecond = round(target / ((Date.now() - t0) / 1000), 1);
  out.openCases = Number(
    ((await stack.db('cases').where({ status: 'open' }).count({ n: '*' }).first()) as { n: number }).n,
  );
  await sleep(2000);
  const w = watcher.stop();
  out.kaigoWorker = {
    peakRssMb: w.peakRssMb,
    vmHwmMb: w.vmHwmMb,
    rssAfterMb: Math.round(readMem(stack.kaigoWorker.pid)?.rssMb ?? NaN),
  };
  if (idle) out.kaigoWorkerVsBareIdle = round(w.peakRssMb / idle.rssMb);

  // Open every case page once (CertificationService.snapshot, a Query): the worker replays and caches each case.
  // At most 3,000 pages, spread over all open cases (enough to cycle any cache size tried here several times).
  const allOpen = (
    (await stack
      .db('cases')
      .where({ status: 'open', case_kind: 'certification' })
      .orderBy('created_at')
      .select('workflow_id')) as { workflow_id: string }[]
  ).map((r) => r.workflow_id);
  const step = Math.max(1, allOpen.length / 3000);
  const openIds = Array.from({ length: Math.min(allOpen.length, 3000) }, (_, k) => allOpen[Math.floor(k * step)]);
  const touch = async (worker: Child) => {
    const watch = new MemWatcher(worker.pid, 500);
    const times: number[] = [];
    let failed = 0;
    await runPool(openIds.length, a.concurrency, async (k) => {
      const t = Date.now();
      try {
        await stack.service.snapshot(openIds[k]);
        times.push(Date.now() - t);
      } catch {
        failed += 1; // e.g. a Query timing out while the worker is saturated; counted, not fatal
      }
    });
    if (failed) log(`memory: ${failed} of ${openIds.length} case-page Queries failed`);
    const m = watch.stop();
    return {
      queryMs: percentiles(times),
      failedQueries: failed,
      workerPeakRssMb: m.peakRssMb,
      workerVmHwmMb: m.vmHwmMb,
      vsBareIdle: idle ? round(m.peakRssMb / idle.rssMb) : null,
    };
  };
  log(
    `memory: opening ${openIds.length} of ${allOpen.length} open case pages (snapshot Query) with the default worker`,
  );
  out.touched = { cases: openIds.length, ...(await touch(stack.kaigoWorker)) };
  log(`memory: default worker peak ${out.touched.workerPeakRssMb} MB after touching every open case`);
  if (a.tunedCache > 0) {
    log(`memory: restarting the worker with maxCachedWorkflows=${a.tunedCache} and opening every case page again`);
    await stack.kaigoWorker.stop();
    stack.kaigoWorker = await spawnKaigoWorker(stack.server, stack.dbFile, stack.kaigoQueue, {
      maxCachedWorkflows: a.tunedCache,
    });
    await sleep(3000);
    const idleRss = Math.round(readMem(stack.kaigoWorker.pid)?.rssMb ?? NaN);
    out.tuned = { maxCachedWorkflows: a.tunedCache, idleRssMb: idleRss, ...(await touch(stack.kaigoWorker)) };
    log(`memory: maxCachedWorkflows=${a.tunedCache} worker peak ${out.tuned.workerPeakRssMb} MB`);
  }

  if (!a.skip.has('web')) {
    const port = await freePort();
    const web = spawnChild('web (bin/web.js)', process.execPath, [path.join(distRoot, 'bin', 'web.js')], {
      ...workerEnv(stack.server, {
        DATABASE_URL: `sqlite://${stack.dbFile}`,
        TEMPORAL_TASK_QUEUE: stack.kaigoQueue,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SESSION_SECRET: 'bench-session-secret-0123456789',
      }),
    });
    const webWatch = new MemWatcher(web.pid, 200);
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          await fetch(`${base}/healthz`);
          break;
        } catch {
          if (i > 300) throw new Error(`web did not answer\n${web.tail()}`);
          await sleep(200);
        }
      }
      await sleep(1000);
      const idleRss = Math.round(readMem(web.pid)?.rssMb ?? NaN);
      const caseId =
        (
          (await stack.db('cases').where({ status: 'open' }).first('workflow_id')) as
            { workflow_id: string } | undefined
        )?.workflow_id ?? null;
      log(`memory: web idle ${idleRss} MB; loading pages`);
      let probe: WebProbeResult | null = null;
      let error: string | undefined;
      try {
        probe = await probeWeb({
          base,
          password: DEMO_PASSWORD,
          rounds: a.quick ? 2 : 15,
          searchKana: 'ベンチ',
          caseId,
        });
      } catch (err) {
        error = (err as Error).message;
        log(`memory: web probe failed: ${error}`);
      }
      const m = webWatch.stop();
      out.web = { peakRssMb: m.peakRssMb, vmHwmMb: m.vmHwmMb, idleRssMb: idleRss, probe, ...(error ? { error } : {}) };
    } finally {
      webWatch.stop();
      await web.stop();
    }
  }
  const s = readMem(stack.server.child.pid);
  out.devServer = s ? { rssMb: Math.round(s.rssMb), vmHwmMb: Math.round(s.peakRssMb) } : null;
  return out;
}

// ---------------------------------------------------------------- sweep

interface SweepRow {
  setting: string;
  sync: SyncPragma;
  workerOptions: Record<string, unknown> | null;
  cases: number;
  concurrency: number;
  casesPerSecond: number;
  stateTransitionsPerSecond: number | null;
  actionP50Ms: number;
  actionP95Ms: number;
  workerPeakRssMb: number;
  cpuSeconds: Record<string, number>;
  error?: string;
}

const SWEEP: {
  setting: string;
  sync?: SyncPragma;
  workerOptions?: Record<string, unknown>;
  stepsPerTransaction?: number;
}[] = [
  { setting: 'defaults (SDK worker options, synchronous=NORMAL)' },
  { setting: 'dev server synchronous=FULL', sync: 'FULL' },
  { setting: 'dev server synchronous=OFF', sync: 'OFF' },
  { setting: 'maxConcurrentWorkflowTaskExecutions=10', workerOptions: { maxConcurrentWorkflowTaskExecutions: 10 } },
  {
    setting: 'maxConcurrentWorkflowTaskExecutions=100',
    workerOptions: { maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentWorkflowTaskPolls: 50 },
  },
  {
    setting: 'maxConcurrentActivityTaskExecutions=10 + LocalActivity=10',
    workerOptions: { maxConcurrentActivityTaskExecutions: 10, maxConcurrentLocalActivityExecutions: 10 },
  },
  { setting: 'maxCachedWorkflows=20', workerOptions: { maxCachedWorkflows: 20 } },
  { setting: 'maxCachedWorkflows=500', workerOptions: { maxCachedWorkflows: 500 } },
  { setting: 'read model: one step per transaction (no group commit)', stepsPerTransaction: 1 },
  { setting: 'read model: at most 10 steps per transaction', stepsPerTransaction: 10 },
  { setting: 'defaults again (noise check)' },
];

async function runSweep(a: Args, dir: string, cliPath: string, today: string): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const [i, v] of SWEEP.entries()) {
    const sync = v.sync ?? a.sync;
    log(`sweep ${i + 1}/${SWEEP.length}: ${v.setting}`);
    let stack: Stack | null = null;
    try {
      stack = await startStack({
        dir,
        name: `sweep${i}`,
        sync,
        cliPath,
        persons: a.sweepCases + 10,
        today,
        baseline: false,
        workerOptions: v.workerOptions ?? null,
        stepsPerTransaction: v.stepsPerTransaction,
      });
      const kaigo = kaigoDriver({
        service: stack.service,
        client: stack.client,
        db: stack.db,
        insurerNo: DEMO_INSURER_NO,
        today,
        tag: `s${i}`,
      });
      await runLoad(kaigo, { cases: 3, concurrency: 3, offset: 0, client: stack.client, countHistory: false });
      const watch = new MemWatcher(stack.kaigoWorker.pid, 500);
      const pids = { 'temporal dev server': stack.server.child.pid, 'kaigo worker': stack.kaigoWorker.pid };
      const r = await withCpu(pids, () =>
        runLoad(kaigo, {
          cases: a.sweepCases,
          concurrency: a.concurrency,
          offset: 3,
          client: stack!.client,
          countHistory: true,
        }),
      );
      const m = watch.stop();
      rows.push({
        setting: v.setting,
        sync,
        workerOptions: v.workerOptions ?? null,
        cases: a.sweepCases,
        concurrency: a.concurrency,
        casesPerSecond: r.value.casesPerSecond,
        stateTransitionsPerSecond: r.value.stateTransitionsPerSecond,
        actionP50Ms: r.value.actionLatencyMs.p50,
        actionP95Ms: r.value.actionLatencyMs.p95,
        workerPeakRssMb: m.peakRssMb,
        cpuSeconds: r.cpuSeconds,
      });
      log(`sweep: ${v.setting}: ${r.value.casesPerSecond} cases/s, action p95 ${r.value.actionLatencyMs.p95} ms`);
    } catch (err) {
      rows.push({
        setting: v.setting,
        sync,
        workerOptions: v.workerOptions ?? null,
        cases: a.sweepCases,
        concurrency: a.concurrency,
        casesPerSecond: NaN,
        stateTransitionsPerSecond: null,
        actionP50Ms: NaN,
        actionP95Ms: NaN,
        workerPeakRssMb: NaN,
        cpuSeconds: {},
        error: (err as Error).message.slice(0, 500),
      });
      log(`sweep: ${v.setting} failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      if (stack) await stopStack(stack);
    }
  }
  return rows;
}

// ---------------------------------------------------------------- output

function pad(s: string, n: number): string {
  const w = [...s].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, n - w));
}

function table(title: string, header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [
    header,
    ...rows.map((r) =>
      r.map((c) =>
        c === null || c === undefined ? '-' : typeof c === 'number' ? (Number.isNaN(c) ? '-' : String(c)) : c,
      ),
    ),
  ];
  const widths = header.map((_, i) =>
    Math.max(...cells.map((r) => [...(r[i] ?? '')].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))),
  );
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i])).join('  ');
  return [
    `\n== ${title}`,
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

function report(r: BenchResult): string {
  const parts: string[] = [];
  parts.push(
    `kaigo-flow bench — ${r.startedAt} — ${r.machine.cpuCount}× ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}, Temporal CLI ${r.temporal.cli} (${r.temporal.reported})`,
  );
  parts.push(`settings: ${JSON.stringify(r.settings)}`);
  if (r.quick) parts.push('QUICK RUN: small numbers for a smoke test; the figures are not a judgement of speed.');
  const l = r.lifecycle;
  if (l) {
    parts.push(
      `case shape (baseline replays it): ${l.shape.used}${l.shape.matchesCode ? '' : ' (measured; counts differ from bench/baseline/shape.ts)'}`,
    );
    const row = (name: string, x: LoadResult | null) =>
      x
        ? [
            name,
            x.cases,
            x.concurrency,
            x.casesPerSecond,
            x.stateTransitionsPerCase,
            x.stateTransitionsPerSecond,
            x.history ? round(x.history.bytes / x.cases / 1024, 1) : '-',
            x.actionLatencyMs.p50,
            x.actionLatencyMs.p95,
            x.actionLatencyMs.p99,
            x.caseLatencyMs.p50,
          ]
        : [name, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'];
    parts.push(
      table(
        '1-2. Lifecycle throughput (cases started → decision, every human step an Update)',
        [
          'workflow',
          'cases',
          'conc',
          'cases/s',
          'ST/case',
          'ST/s',
          'KB/case',
          'act p50',
          'act p95',
          'act p99',
          'case p50 ms',
        ],
        [row('kaigo-flow', l.load.kaigo), row('bare baseline', l.load.baseline)],
      ),
    );
    parts.push(`   ratio kaigo-flow / baseline (cases/s): ${l.ratio ?? '-'}   (target ≥ 0.8)`);
    if (l.rounds.length > 1) {
      const each = l.rounds.map(
        (x, i) => `${i + 1}: ${x.order.map((o) => (o === 'kaigo' ? 'K' : 'B')).join('')} ${x.ratio ?? '-'}`,
      );
      parts.push(`   per interleaved round (B = baseline, K = kaigo-flow, in the order run): ${each.join(' | ')}`);
    }
    parts.push(
      '   ST = state transitions = workflow tasks + activity tasks, counted from every history (local activities run inside workflow tasks); KB = encoded history size per case.',
    );
    const lat = (name: string, x: LoadResult | null) =>
      x
        ? [
            name,
            x.actionLatencyMs.n,
            x.actionLatencyMs.p50,
            x.actionLatencyMs.p95,
            x.actionLatencyMs.p99,
            x.actionLatencyMs.max,
          ]
        : [name, '-', '-', '-', '-', '-'];
    parts.push(
      table(
        '3. Action latency, ms (Update accepted + read model shows the step; baseline: Update round trip)',
        ['run', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          lat('kaigo-flow, concurrency 1', l.latencyC1.kaigo),
          lat('baseline,   concurrency 1', l.latencyC1.baseline),
          lat(`kaigo-flow, concurrency ${r.settings.concurrency}`, l.load.kaigo),
          lat(`baseline,   concurrency ${r.settings.concurrency}`, l.load.baseline),
        ],
      ),
    );
    parts.push(`   p95 ratio at concurrency 1: ${l.latencyP95RatioC1 ?? '-'}   (target ≤ 1.3)`);
    if (l.latencyC1.kaigo) {
      const base = l.latencyC1.baseline ? Object.values(l.latencyC1.baseline.perAction) : [];
      parts.push(
        table(
          '   per action at concurrency 1, ms (the first Update also waits for the start steps, in both)',
          ['action', 'kaigo p50', 'kaigo p95', 'baseline p50', 'baseline p95'],
          Object.entries(l.latencyC1.kaigo.perAction).map(([k, p], i) => [k, p.p50, p.p95, base[i]?.p50, base[i]?.p95]),
        ),
      );
    }
    const cpuRows = Object.entries(l.cpuSeconds).map(([phase, c]) =>
      [phase, ...Object.entries(c).map(([k, v]) => `${k} ${v}s`)].join(' | '),
    );
    if (cpuRows.length) parts.push(`   CPU during the load phases: \n     ${cpuRows.join('\n     ')}`);
    if (l.cpuPerCase) {
      const line = (c: Record<string, number>) =>
        Object.entries(c)
          .map(([k, v]) => `${k} ${v}`)
          .join(' | ');
      parts.push(
        `   CPU ms per case: kaigo-flow ${line(l.cpuPerCase.kaigo)}\n                    baseline   ${line(l.cpuPerCase.baseline)}`,
      );
      parts.push(
        `   CPU ratio baseline / kaigo-flow per case: ${l.cpuPerCase.ratio ?? '-'}   (the machine is CPU-bound, so this tracks the throughput ratio)`,
      );
    }
    if (l.workerThreadsPerCase) {
      const line = (t: WorkerThreadCpu) =>
        `main ${t.main} | workflow thread ${t.workflows} | core (Rust) ${t.core} | other (GC, thread pool) ${t.other}`;
      parts.push(
        `   worker CPU ms per case by thread: kaigo-flow ${line(l.workerThreadsPerCase.kaigo)}\n                                     baseline   ${line(l.workerThreadsPerCase.baseline)}`,
      );
    }
  }
  const q = r.queries;
  if (q) {
    for (const s of q.scales) {
      parts.push(
        table(
          `4. Read-model queries at ${s.cases.toLocaleString()} cases (${s.openCases.toLocaleString()} open; DB ${s.dbSizeMb} MB), ms`,
          ['group', 'query', 'p50', 'p95', 'max'],
          [
            ...s.queries.map((x) => [
              x.group,
              x.name + (x.error ? ` FAILED: ${x.error.slice(0, 70)}` : ''),
              x.p50,
              x.p95,
              x.max,
            ]),
            ...s.pages.map((x) => [x.group, x.name + (x.error ? ` (${x.error})` : ''), x.p50, x.p95, x.max]),
          ],
        ),
      );
      parts.push(`   slowest p95: ${s.worstP95.p95} ms (${s.worstP95.name})   (target ≤ 10 ms at 100,000)`);
    }
    const warn = q.plans.filter((p) => p.warnings.length);
    parts.push(`\n   EXPLAIN QUERY PLAN: ${q.plans.length} statements, ${warn.length} with a full scan or temp sort:`);
    for (const p of q.plans) {
      parts.push(`   [${p.query}] ${p.sql.slice(0, 160)}${p.sql.length > 160 ? '…' : ''}`);
      for (const line of p.plan) parts.push(`       ${p.warnings.includes(line) ? '!' : ' '} ${line}`);
    }
    if (q.batchSizes.length) {
      parts.push(
        table(
          '   read-model insert batch size (rows per INSERT)',
          ['batch', 'cases', 'ms', 'rows/s'],
          q.batchSizes.map((b) => [
            b.batchSize + (b.error ? ` (failed: ${b.error.slice(0, 50)})` : ''),
            b.cases,
            b.ms,
            b.rowsPerSecond,
          ]),
        ),
      );
    }
  }
  const m = r.memory;
  if (m) {
    parts.push(
      table(
        `5. Memory, MB (${m.openCases.toLocaleString()} open cases)`,
        ['process', 'peak RSS', 'VmHWM', 'note'],
        [
          [
            'bare idle worker (baseline)',
            m.bareIdleWorker?.rssMb,
            m.bareIdleWorker?.vmHwmMb,
            'VmHWM includes bundling at start',
          ],
          ['kaigo worker, idle', m.kaigoWorkerIdle?.rssMb, m.kaigoWorkerIdle?.vmHwmMb, ''],
          [
            'kaigo worker, open cases',
            m.kaigoWorker?.peakRssMb,
            m.kaigoWorker?.vmHwmMb,
            `${m.kaigoWorkerVsBareIdle ?? '-'}× bare idle (target ≤ 1.5)`,
          ],
          [
            'kaigo worker, every case page opened',
            m.touched?.workerPeakRssMb,
            m.touched?.workerVmHwmMb,
            m.touched
              ? `${m.touched.vsBareIdle ?? '-'}× bare idle; Query p50 ${m.touched.queryMs.p50} / p95 ${m.touched.queryMs.p95} ms`
              : '',
          ],
          [
            `kaigo worker, maxCachedWorkflows=${m.tuned?.maxCachedWorkflows ?? '-'}`,
            m.tuned?.workerPeakRssMb,
            m.tuned?.workerVmHwmMb,
            m.tuned
              ? `${m.tuned.vsBareIdle ?? '-'}× bare idle; idle ${m.tuned.idleRssMb}; Query p50 ${m.tuned.queryMs.p50} / p95 ${m.tuned.queryMs.p95} ms`
              : '',
          ],
          [
            'web (bin/web.js)',
            m.web?.peakRssMb,
            m.web?.vmHwmMb,
            `idle ${m.web?.idleRssMb ?? '-'}; target ≤ 150${m.web?.error ? `; probe error: ${m.web.error.slice(0, 80)}` : ''}`,
          ],
          ['temporal dev server', m.devServer?.rssMb, m.devServer?.vmHwmMb, ''],
        ],
      ),
    );
    if (m.openCasesStartedPerSecond) parts.push(`   open cases started at ${m.openCasesStartedPerSecond}/s`);
    if (m.web?.probe)
      parts.push(
        `   web pages: ${Object.entries(m.web.probe.statuses)
          .map(([k, v]) => `${k}×${v}`)
          .join(', ')}`,
      );
  }
  if (r.sweep) {
    parts.push(
      table(
        `Settings sweep (${r.sweep[0]?.cases ?? '-'} cases at concurrency ${r.sweep[0]?.concurrency ?? '-'} each, fresh server + worker per row)`,
        ['setting', 'cases/s', 'ST/s', 'act p50', 'act p95', 'worker RSS', 'server CPU s', 'worker CPU s'],
        r.sweep.map((s) => [
          s.setting + (s.error ? ` (failed: ${s.error.slice(0, 60)})` : ''),
          s.casesPerSecond,
          s.stateTransitionsPerSecond,
          s.actionP50Ms,
          s.actionP95Ms,
          s.workerPeakRssMb,
          s.cpuSeconds['temporal dev server'],
          s.cpuSeconds['kaigo worker'],
        ]),
      ),
    );
  }
  return parts.join('\n');
}

interface BenchResult {
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  quick: boolean;
  machine: ReturnType<typeof machineInfo>;
  temporal: { cli: string; reported: string; sdk: string };
  settings: Record<string, unknown>;
  lifecycle: LifecycleFigures | null;
  memory: MemoryFigures | null;
  queries: QueryBenchResult | null;
  sweep: SweepRow[] | null;
  errors: string[];
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const cliPath = temporalCliPath();
  const today = jstDateOf(Date.now());
  const tag = Date.now().toString(36).slice(-6);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-bench-'));
  const sdkVersion = (
    JSON.parse(fs.readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }
  ).version;
  const defaults = loadConfig({});
  const result: BenchResult = {
    startedAt: new Date(started).toISOString(),
    quick: a.quick,
    machine: machineInfo(),
    temporal: { ...temporalVersions(cliPath), sdk: sdkVersion },
    settings: {
      cases: a.cases,
      concurrency: a.concurrency,
      rounds: a.rounds,
      warmup: a.warmup,
      latencyCases: a.latencyCases,
      openCases: a.openCases,
      devServer: { journal_mode: 'WAL', synchronous: a.sync, persistence: 'SQLite file (fresh, temp dir)' },
      kaigoWorker: `bin/worker.js child process as npm start runs it: prebuilt workflow bundle (${fs.existsSync(prebuiltBundlePath) ? 'present' : 'MISSING: bundling at start'}), pure modules preloaded, maxCachedWorkflows ${defaults.workerMaxCachedWorkflows}, node ${workerNodeFlags(defaults).join(' ')}`,
      baselineWorker: 'bench/worker.js child process, bench/baseline/workflow.ts (SDK default worker options)',
      appDatabase: 'SQLite file (fresh, temp dir), WAL, one connection per process',
      queryScales: a.queryScales,
      queryIterations: a.queryIterations,
      queryInsertBatchSize: 500,
      skipped: [...a.skip],
    },
    lifecycle: null,
    memory: null,
    queries: null,
    sweep: null,
    errors: [],
  };
  const needStack = !(a.skip.has('lifecycle') && a.skip.has('memory'));
  let stack: Stack | null = null;
  try {
    if (needStack) {
      // Bench persons the lifecycle takes (calibration, warm-up, latency, load), then the memory phase's open cases.
      const lifecyclePersons = 1 + a.warmup + (a.skip.has('latency') ? 0 : a.latencyCases) + a.cases;
      const persons = lifecyclePersons + (a.skip.has('memory') ? 0 : a.openCases) + 10;
      log(`starting dev server (WAL, synchronous=${a.sync}), app database with ${persons} persons, workers`);
      stack = await startStack({
        dir,
        name: 'main',
        sync: a.sync,
        cliPath,
        persons,
        today,
        baseline: !a.skip.has('baseline'),
        workerOptions: null,
      });
      await sleep(3000);
      const bare = stack.baselineWorker ? readMem(stack.baselineWorker.pid) : null;
      const kaigoIdle = readMem(stack.kaigoWorker.pid);
      const bareIdle = bare ? { rssMb: Math.round(bare.rssMb), vmHwmMb: Math.round(bare.peakRssMb) } : null;
      const kaigoIdleMem = kaigoIdle
        ? { rssMb: Math.round(kaigoIdle.rssMb), vmHwmMb: Math.round(kaigoIdle.peakRssMb) }
        : null;
      log(`idle workers: bare ${bareIdle?.rssMb ?? '-'} MB, kaigo ${kaigoIdleMem?.rssMb ?? '-'} MB`);
      let nextPerson = 0;
      if (!a.skip.has('lifecycle')) {
        try {
          result.lifecycle = await runLifecycle(stack, a, today, tag);
          nextPerson = (result.lifecycle as { nextPerson?: number }).nextPerson ?? 0;
        } catch (err) {
          result.errors.push(`lifecycle: ${(err as Error).stack ?? err}`);
          log(`lifecycle failed: ${(err as Error).message}`);
          nextPerson = lifecyclePersons;
        }
      }
      if (!a.skip.has('memory')) {
        try {
          result.memory = await runMemory(stack, a, today, tag, nextPerson, bareIdle, kaigoIdleMem);
        } catch (err) {
          result.errors.push(`memory: ${(err as Error).stack ?? err}`);
          log(`memory failed: ${(err as Error).message}`);
        }
      }
      await stopStack(stack);
      stack = null;
    }
    if (!a.skip.has('queries')) {
      try {
        result.queries = await runQueryBench({
          dir,
          today,
          scales: a.queryScales,
          iterations: a.queryIterations,
          batchSize: 500,
          batchSweep: a.sweep ? [1, 10, 100, 500] : null,
          log,
        });
      } catch (err) {
        result.errors.push(`queries: ${shortError(err)}`);
        log(`queries failed: ${shortError(err)}`);
      }
    }
    if (a.sweep) result.sweep = await runSweep(a, dir, cliPath, today);
  } finally {
    if (stack) await stopStack(stack).catch(() => undefined);
    killAllChildren();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (result.lifecycle) {
    for (const k of ['kaigo', 'baseline'] as const) {
      result.lifecycle.load[k] = stripIds(result.lifecycle.load[k]);
      result.lifecycle.latencyC1[k] = stripIds(result.lifecycle.latencyC1[k]);
    }
    delete (result.lifecycle as { nextPerson?: number }).nextPerson;
  }
  result.finishedAt = new Date().toISOString();
  result.durationSeconds = Math.round((Date.now() - started) / 1000);
  const text = report(result);
  process.stdout.write(`${text}\n`);
  const resultsDir = path.join(distRoot, '..', 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.startedAt.replace(/[:.]/g, '-')}${a.quick ? '-quick' : ''}.json`);
  // The raw timings of each load stay out of the file: its percentiles are there.
  fs.writeFileSync(
    file,
    `${JSON.stringify(result, (key, value: unknown) => (key === 'samples' ? undefined : value), 2)}\n`,
  );
  process.stdout.write(
    `\nerrors: ${result.errors.length ? `\n${result.errors.join('\n')}` : 'none'}\nresults: ${path.relative(process.cwd(), file)} (${result.durationSeconds} s)\n`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

main().catch((err) => {
  // A benchmark reports; it does not fail the build over speed. Setup errors still exit non-zero.
  console.error(err);
  killAllChildren();
  process.exit(1);
});
