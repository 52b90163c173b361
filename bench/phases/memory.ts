/** Phase: open cases held by the worker (memory), the sticky cache and the web process. */
import path from 'node:path';
import { DEMO_INSURER_NO, DEMO_PASSWORD } from '../../db/seeds/demo';
import { kaigoDriver } from '../lifecycle';
import { Child, freePort, MemWatcher, readMem, spawnChild } from '../lib/proc';
import { percentiles, Percentiles, round, runPool, sleep } from '../lib/stats';
import { probeWeb, WebProbeResult } from '../lib/web-probe';
import { Args } from './args';
import { LOOPBACK_ONLY } from '../../scripts/cluster';
import { Stack, distRoot, log, spawnKaigoWorker, workerEnv } from './stack';

export interface MemoryFigures {
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
export async function runMemory(
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
    client: stack.kaigoClient,
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
        // plain HTTP on loopback, no proxy: as the cluster's web processes (scripts/cluster.ts LOOPBACK_ONLY)
        ...LOOPBACK_ONLY,
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
