/** Phase 1: throughput and CPU per case, side by side with bare Temporal in interleaved rounds (issue 6). */
import fs from 'node:fs';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { CERTIFICATION_CASE_SHAPE, CaseShape, describeShape, sameCounts, shapeCounts } from '../baseline/shape';
import { baselineDriver, kaigoDriver, LoadResult, mergeLoads, runLoad } from '../lifecycle';
import { countHistories, fetchEvents, shapeOfHistory } from '../lib/history';
import { type WorkerThreadCpu } from '../lib/proc';
import { round } from '../lib/stats';
import { Args } from './args';
import { Stack, log, withCpu } from './stack';

/** One round of the interleaved load: each side's cases in turn, in this order. */
export interface RoundFigures {
  order: ('kaigo' | 'baseline')[];
  kaigoCasesPerSecond: number | null;
  baselineCasesPerSecond: number | null;
  ratio: number | null;
}

export interface LifecycleFigures {
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
  /** pooled: every round's kaigo-flow cases/s over every round's baseline cases/s */
  ratio: number | null;
  /** the median of the per-round ratios (issue 20's throughput figure: the machine's drift cancels within a round) */
  medianRoundRatio: number | null;
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

/** The median of a sample (the mean of the middle two for an even count); null for none. */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return round(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
}

/** CPU ms per case of the processes that serve one phase. */
export function cpuPerCase(
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

export function stripIds(r: LoadResult | null): LoadResult | null {
  return r ? { ...r, workflowIds: [] } : null;
}

export async function runLifecycle(stack: Stack, a: Args, today: string, tag: string): Promise<LifecycleFigures> {
  const kaigo = kaigoDriver({
    service: stack.service,
    client: stack.kaigoClient,
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
    medianRoundRatio: null,
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
      out.medianRoundRatio = median(out.rounds.map((x) => x.ratio).filter((x): x is number => x !== null));
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
