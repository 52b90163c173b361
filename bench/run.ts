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
 *   --waiting-cases N  open cases of the waiting phase (default 10000)
 *   --waiting-days D   policy days they live through (default 40)
 *   --waiting-day-ms M real ms of a policy day (default 3 ms × cases, at least 1000)
 *   --query-scales A,B    read-model cases the query phase times at (default 100000,1000000)
 *   --query-databases L   sqlite,postgres (default both; PostgreSQL on a throwaway local cluster)
 *   --persons N           import phase: persons in the generated register file (default 100000)
 *   --import-via V        workflow (the register-import workflow on bin/worker.js, default) or activities (in process)
 *   --production-cases N  production phase: cases on each topology (default 200), --production-warmup N (default 20)
 *   --phase P[,Q]         run only these phases: lifecycle, memory, queries, waiting, production, import
 *   --skip-baseline --skip-lifecycle --skip-latency --skip-memory --skip-waiting --skip-queries --skip-web
 *   --skip-production --skip-import --skip-devcompare (production phase without the dev-server side)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, workerNodeFlags } from '../config';
import { prebuiltBundlePath } from '../lib/workflow-bundle';
import { jstDateOf } from '../domain/dates';
import { killAllChildren, machineInfo, readMem } from './lib/proc';
import { temporalCliPath, temporalVersions } from './lib/server';
import { sleep } from './lib/stats';
import { runQueryBench, shortError } from './phases/queries';
import { runImport } from './phases/import';
import { runProduction } from './phases/production';
import { startThrowawayPostgres } from './lib/postgres';
import { migrateLatest, openDatabase } from '../db/connection';
import { seedDemoData } from '../db/seeds/demo';
import { parseArgs } from './phases/args';
import { runLifecycle, stripIds } from './phases/lifecycle';
import { runMemory } from './phases/memory';
import { report, summaryOf, type BenchResult } from './phases/report';
import { distRoot, log, startStack, stopStack, type Stack } from './phases/stack';
import { runSweep } from './phases/sweep';
import { runWaiting } from './phases/waiting';

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // Only the phases that start a dev server need the CLI (queries and an in-process import do not).
  let cliPath = '';
  let cliMissing: string | null = null;
  try {
    cliPath = temporalCliPath();
  } catch (err) {
    cliMissing = (err as Error).message;
  }
  const cli = () => {
    if (cliMissing) throw new Error(cliMissing);
    return cliPath;
  };
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
    temporal: {
      ...(cliMissing ? { cli: 'not installed', reported: 'not installed' } : temporalVersions(cliPath)),
      sdk: sdkVersion,
    },
    settings: {
      cases: a.cases,
      concurrency: a.concurrency,
      rounds: a.rounds,
      warmup: a.warmup,
      latencyCases: a.latencyCases,
      openCases: a.openCases,
      waiting: { cases: a.waitingCases, policyDays: a.waitingDays, dayMs: a.waitingDayMs },
      devServer: { journal_mode: 'WAL', synchronous: a.sync, persistence: 'SQLite file (fresh, temp dir)' },
      kaigoWorker: `bin/worker.js child process as npm start runs it: prebuilt workflow bundle (${fs.existsSync(prebuiltBundlePath) ? 'present' : 'MISSING: bundling at start'}), pure modules preloaded, maxCachedWorkflows ${defaults.workerMaxCachedWorkflows}, node ${workerNodeFlags(defaults).join(' ')}`,
      baselineWorker: 'bench/worker.js child process, bench/baseline/workflow.ts (SDK default worker options)',
      appDatabase: 'SQLite file (fresh, temp dir), WAL, one connection per process',
      queryScales: a.queryScales,
      queryIterations: a.queryIterations,
      queryInsertBatchSize: 500,
      queryDatabases: a.queryDatabases,
      import: { persons: a.importPersons, via: a.importVia },
      production: { cases: a.productionCases, warmup: a.productionWarmup, concurrency: a.concurrency },
      phases: a.phases,
      skipped: [...a.skip],
    },
    lifecycle: null,
    memory: null,
    waiting: null,
    queries: null,
    queriesPostgres: null,
    production: null,
    import: null,
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
        cliPath: cli(),
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
      const queryOpts = {
        dir,
        today,
        scales: a.queryScales,
        iterations: a.queryIterations,
        batchSize: 500,
        batchSweep: a.sweep ? [1, 10, 100, 500] : null,
        log,
      };
      if (a.queryDatabases.includes('sqlite')) {
        try {
          result.queries = await runQueryBench(queryOpts);
        } catch (err) {
          result.errors.push(`queries: ${shortError(err)}`);
          log(`queries failed: ${shortError(err)}`);
        }
      }
      if (a.queryDatabases.includes('postgres')) {
        try {
          log('queries: starting a throwaway PostgreSQL cluster');
          const pg = await startThrowawayPostgres();
          try {
            result.queriesPostgres = await runQueryBench({ ...queryOpts, postgresUrl: pg.url, batchSweep: null });
          } finally {
            await pg.stop();
          }
        } catch (err) {
          result.errors.push(`queries (PostgreSQL): ${shortError(err)}`);
          log(`queries (PostgreSQL) failed: ${shortError(err)}`);
        }
      }
    }
    if (!a.skip.has('import')) {
      // Its own app database (and, through the workflow, its own dev server and worker).
      let is: Stack | null = null;
      try {
        if (a.importVia === 'workflow') {
          log('import: starting dev server and worker');
          is = await startStack({
            dir,
            name: 'import',
            sync: a.sync,
            cliPath: cli(),
            persons: 0,
            today,
            baseline: false,
            workerOptions: null,
          });
          result.import = await runImport({ persons: a.importPersons, today, via: 'workflow', db: is.db, stack: is });
        } else {
          const db = openDatabase(`sqlite://${path.join(dir, 'app-import.sqlite3')}`);
          try {
            await migrateLatest(db);
            await seedDemoData(db, { today, passwordRounds: 4 });
            result.import = await runImport({ persons: a.importPersons, today, via: 'activities', db });
          } finally {
            await db.destroy();
          }
        }
      } catch (err) {
        result.errors.push(`import: ${(err as Error).stack ?? err}`);
        log(`import failed: ${(err as Error).message}`);
      } finally {
        if (is) await stopStack(is).catch(() => undefined);
      }
    }
    if (!a.skip.has('production')) {
      try {
        result.production = await runProduction({
          cases: a.productionCases,
          concurrency: a.concurrency,
          warmup: a.productionWarmup,
          today,
          tag,
          devServer: a.skip.has('devcompare') ? null : { dir, cliPath: cli(), sync: a.sync },
        });
      } catch (err) {
        result.errors.push(`production: ${(err as Error).message}`);
        log(`production failed: ${(err as Error).message}`);
      }
    }
    if (!a.skip.has('waiting')) {
      // Its own dev server and worker: the figures are the waiting cases' alone.
      let ws: Stack | null = null;
      try {
        log(`waiting: starting dev server and worker for ${a.waitingCases} cases`);
        ws = await startStack({
          dir,
          name: 'waiting',
          sync: a.sync,
          cliPath: cli(),
          persons: a.waitingCases + 10,
          today,
          baseline: false,
          workerOptions: null,
        });
        result.waiting = await runWaiting(ws, {
          cases: a.waitingCases,
          days: a.waitingDays,
          dayMs: a.waitingDayMs,
          concurrency: a.concurrency,
          today,
          tag,
          firstPerson: 0,
        });
      } catch (err) {
        result.errors.push(`waiting: ${(err as Error).stack ?? err}`);
        log(`waiting failed: ${(err as Error).message}`);
      } finally {
        if (ws) await stopStack(ws).catch(() => undefined);
      }
    }
    if (a.sweep) result.sweep = await runSweep(a, dir, cli(), today);
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
  result.summary = summaryOf(result);
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
