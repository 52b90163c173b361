/**
 * Phase: the same lifecycle on the production topology (issue 20, 3). scripts/cluster.ts brings it up as
 * `npm run test:cluster` does: PostgreSQL 15, the Temporal server on it (config/temporal-server/production.yaml), the
 * app database on the same PostgreSQL, two real bin/worker.js processes (no web processes: the driver calls
 * CertificationService as the lifecycle phase does). The same cases then run on a dev server with one worker on SQLite
 * (the lifecycle phase's stack), so that both sides are measured within minutes of each other on the same machine:
 * cases/s, CPU ms per case by process (PostgreSQL: the postmaster and its backends), history per case.
 *
 * It needs the Temporal server and CLI built once (`node dist/scripts/temporal-server.js`, `npm run temporal:cli`); it
 * never builds them itself, and reports them missing instead.
 */
import path from 'node:path';
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import { createRepositories } from '../../db';
import { openDatabase } from '../../db/connection';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { dataConverterOf } from '../../lib/payload-codec';
import { CertificationService } from '../../web/services/certification';
import { startCluster } from '../../scripts/cluster';
import { findTemporalCli } from '../../scripts/temporal-cli';
import { findTemporalServer, noServerMessage } from '../../scripts/temporal-server';
import { addBenchPersons, kaigoDriver, runLoad, type LoadResult } from '../lifecycle';
import { countHistories } from '../lib/history';
import { readCpuSeconds, readTreeCpuSeconds } from '../lib/proc';
import { round } from '../lib/stats';
import { log, startStack, stopStack } from './stack';
import type { SyncPragma } from '../lib/server';

export interface TopologyFigures {
  topology: string;
  cases: number;
  concurrency: number;
  casesPerSecond: number;
  actionP50Ms: number;
  actionP95Ms: number;
  /** CPU ms per case by process, and their total */
  cpuMsPerCase: Record<string, number>;
  historyEventsPerCase: number | null;
  stateTransitionsPerCase: number | null;
}

export interface ProductionFigures {
  cases: number;
  concurrency: number;
  warmup: number;
  production: TopologyFigures;
  devServer: TopologyFigures | null;
  /** production over dev server: cases/s, and CPU per case (total) */
  ratios: { casesPerSecond: number | null; cpuPerCase: number | null };
  clusterStartMs: Record<string, number>;
}

/** Whether the tools the cluster needs are on this machine (null), or why not. */
export function productionToolsMissing(): string | null {
  if (!findTemporalServer()) return noServerMessage();
  const cli = findTemporalCli();
  if (!cli || cli.kind !== 'existing-path') return 'the Temporal CLI is not built yet (npm run temporal:cli)';
  return null;
}

function figures(
  topology: string,
  load: LoadResult,
  cpuBefore: Record<string, number>,
  cpuAfter: Record<string, number>,
): TopologyFigures {
  const perCase = Object.fromEntries(
    Object.keys(cpuAfter).map((k) => [k, round(((cpuAfter[k] - cpuBefore[k]) * 1000) / load.cases, 1)]),
  );
  perCase.total = round(
    Object.values(perCase).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0),
    1,
  );
  return {
    topology,
    cases: load.cases,
    concurrency: load.concurrency,
    casesPerSecond: round(load.casesPerSecond, 2),
    actionP50Ms: load.actionLatencyMs.p50,
    actionP95Ms: load.actionLatencyMs.p95,
    cpuMsPerCase: perCase,
    historyEventsPerCase: load.history ? round(load.history.events / load.cases, 1) : null,
    stateTransitionsPerCase: load.stateTransitionsPerCase,
  };
}

export async function runProduction(opts: {
  cases: number;
  concurrency: number;
  warmup: number;
  today: string;
  tag: string;
  /** also run the same cases on the dev server (dir, CLI and sync as the other phases) */
  devServer: { dir: string; cliPath: string; sync: SyncPragma } | null;
}): Promise<ProductionFigures> {
  const missing = productionToolsMissing();
  if (missing) throw new Error(`production topology not available: ${missing}`);
  const persons = opts.warmup + opts.cases + 10;
  const self = () => process.cpuUsage();
  const selfSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

  log('production: starting the cluster (PostgreSQL, Temporal server, two workers)');
  const cluster = await startCluster({ seed: true, workers: 2, webs: 0, log: (l) => log(`production: ${l}`) });
  let production: TopologyFigures;
  try {
    const db = openDatabase(cluster.databaseUrl);
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    try {
      await addBenchPersons(db, DEMO_INSURER_NO, 0, persons);
      const config = loadConfig(cluster.appEnv);
      const kaigoClient = new Client({
        connection,
        namespace: config.temporalNamespace,
        dataConverter: dataConverterOf(config.payloadKeys),
      });
      const service = new CertificationService({
        repos: createRepositories(db),
        client: kaigoClient,
        taskQueue: config.taskQueue,
      });
      const driver = kaigoDriver({
        service,
        client: kaigoClient,
        db,
        insurerNo: DEMO_INSURER_NO,
        today: opts.today,
        tag: `${opts.tag}p`,
      });
      log(`production: warm-up, ${opts.warmup} cases (not measured)`);
      await runLoad(driver, {
        cases: opts.warmup,
        concurrency: Math.min(opts.concurrency, Math.max(1, opts.warmup)),
        offset: 0,
        client: kaigoClient,
        countHistory: false,
      });
      const pgPid = Number(fs.readFileSync(path.join(cluster.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const cpu = (): Record<string, number> => ({
        'temporal server': readCpuSeconds(cluster.server.pid!),
        ...Object.fromEntries(cluster.workers.map((w, i) => [`kaigo worker ${i + 1}`, readCpuSeconds(w.pid!)])),
        'postgresql (all backends)': readTreeCpuSeconds(pgPid),
      });
      log(`production: ${opts.cases} cases at concurrency ${opts.concurrency}`);
      const before = cpu();
      const s0 = self();
      const load = await runLoad(driver, {
        cases: opts.cases,
        concurrency: opts.concurrency,
        offset: opts.warmup,
        client: kaigoClient,
        countHistory: false,
      });
      const after = cpu();
      const driverSeconds = selfSeconds(process.cpuUsage(s0));
      load.history = await countHistories(kaigoClient, load.workflowIds, 4);
      load.stateTransitionsPerCase = round(load.history.stateTransitions / load.cases, 1);
      production = figures(
        'production: Temporal server on PostgreSQL, 2 workers, app on PostgreSQL',
        load,
        { ...before, 'bench driver (this process)': 0 },
        { ...after, 'bench driver (this process)': driverSeconds },
      );
      log(`production: ${production.casesPerSecond} cases/s, ${production.cpuMsPerCase.total} CPU ms a case`);
    } finally {
      await connection.close().catch(() => undefined);
      await db.destroy();
    }
  } finally {
    await cluster.stop();
  }

  let devServer: TopologyFigures | null = null;
  if (opts.devServer) {
    log('production: the same cases on the dev server (SQLite, one worker)');
    const stack = await startStack({
      dir: opts.devServer.dir,
      name: 'production-compare',
      sync: opts.devServer.sync,
      cliPath: opts.devServer.cliPath,
      persons,
      today: opts.today,
      baseline: false,
      workerOptions: null,
    });
    try {
      const driver = kaigoDriver({
        service: stack.service,
        client: stack.kaigoClient,
        db: stack.db,
        insurerNo: DEMO_INSURER_NO,
        today: opts.today,
        tag: `${opts.tag}d`,
      });
      await runLoad(driver, {
        cases: opts.warmup,
        concurrency: Math.min(opts.concurrency, Math.max(1, opts.warmup)),
        offset: 0,
        client: stack.kaigoClient,
        countHistory: false,
      });
      const cpu = (): Record<string, number> => ({
        'temporal dev server': readCpuSeconds(stack.server.child.pid!),
        'kaigo worker': readCpuSeconds(stack.kaigoWorker.pid),
      });
      const before = cpu();
      const s0 = self();
      const load = await runLoad(driver, {
        cases: opts.cases,
        concurrency: opts.concurrency,
        offset: opts.warmup,
        client: stack.kaigoClient,
        countHistory: false,
      });
      const after = cpu();
      const driverSeconds = selfSeconds(process.cpuUsage(s0));
      load.history = await countHistories(stack.kaigoClient, load.workflowIds, 4);
      load.stateTransitionsPerCase = round(load.history.stateTransitions / load.cases, 1);
      devServer = figures(
        'dev server on SQLite, 1 worker, app on SQLite',
        load,
        { ...before, 'bench driver (this process)': 0 },
        { ...after, 'bench driver (this process)': driverSeconds },
      );
    } finally {
      await stopStack(stack);
    }
  }
  return {
    cases: opts.cases,
    concurrency: opts.concurrency,
    warmup: opts.warmup,
    production,
    devServer,
    ratios: {
      casesPerSecond: devServer ? round(production.casesPerSecond / devServer.casesPerSecond) : null,
      cpuPerCase: devServer ? round(production.cpuMsPerCase.total / devServer.cpuMsPerCase.total) : null,
    },
    clusterStartMs: cluster.timings,
  };
}
