/** The benchmark's own arithmetic: rounds merged into one load, a worker's CPU split by thread. */
import { mergeLoads, type LoadResult, type LoadSamples } from '../../bench/lifecycle';
import { workerThreadCpu } from '../../bench/lib/proc';
import { median } from '../../bench/phases/lifecycle';
import { summaryOf, type BenchResult } from '../../bench/phases/report';

function load(wallSeconds: number, samples: LoadSamples, ids: string[]): LoadResult {
  const n = samples.cases.length;
  return {
    driver: 'kaigo-flow',
    cases: n,
    concurrency: 2,
    wallSeconds,
    casesPerSecond: n / wallSeconds,
    actionsPerCase: samples.actions.length / n,
    startLatencyMs: { n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    actionLatencyMs: { n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    perAction: {},
    caseLatencyMs: { n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    history: null,
    stateTransitionsPerCase: null,
    stateTransitionsPerSecond: null,
    historyEventsPerSecond: null,
    workflowIds: ids,
    samples,
  };
}

describe('mergeLoads', () => {
  it('adds cases and wall time, and takes the percentiles over every sample of every round', () => {
    const first = load(
      2,
      {
        starts: [5, 7],
        actions: [10, 20, 30, 40],
        perAction: { assign: [10, 30], judge: [20, 40] },
        cases: [100, 200],
      },
      ['a', 'b'],
    );
    const second = load(3, { starts: [6], actions: [50, 60], perAction: { assign: [50], judge: [60] }, cases: [300] }, [
      'c',
    ]);
    const merged = mergeLoads([first, second], null);
    expect(merged.cases).toBe(3);
    expect(merged.wallSeconds).toBe(5);
    expect(merged.casesPerSecond).toBe(0.6); // 3 cases in 5 s, not the mean of 1.0 and 0.33
    expect(merged.actionsPerCase).toBe(2);
    expect(merged.actionLatencyMs).toMatchObject({ n: 6, p50: 30, max: 60, mean: 35 });
    expect(merged.perAction.assign).toMatchObject({ n: 3, p50: 30, max: 50 });
    expect(merged.caseLatencyMs).toMatchObject({ n: 3, p50: 200, max: 300 });
    expect(merged.workflowIds).toEqual(['a', 'b', 'c']);
  });
});

describe('workerThreadCpu', () => {
  it('names the main thread by the pid, the core by its tokio threads, the workflow thread as the busiest of the rest', () => {
    const pid = 100;
    const t = (entries: [number, string, number][]) =>
      new Map(entries.map(([tid, name, seconds]) => [tid, { name, seconds }]));
    const before = t([
      [100, 'node', 1],
      [101, 'node', 0.5],
      [102, 'node', 0.5],
      [110, 'tokio-runtime-w', 0.2],
      [120, 'node', 0.1],
    ]);
    // 130 started during the run (a thread-pool thread): all of its time counts.
    const after = t([
      [100, 'node', 4],
      [101, 'node', 1.5],
      [102, 'node', 1],
      [110, 'tokio-runtime-w', 1.2],
      [111, 'tokio-runtime-w', 0.3],
      [120, 'node', 6.1],
      [130, 'node', 0.25],
    ]);
    const split = workerThreadCpu(pid, before, after);
    expect(split.main).toBeCloseTo(3);
    expect(split.core).toBeCloseTo(1.3);
    expect(split.workflows).toBeCloseTo(6);
    expect(split.other).toBeCloseTo(1 + 0.5 + 0.25);
  });
});

describe('median of the per-round ratios', () => {
  it('takes the middle round, or the mean of the middle two, whatever order the rounds ran in', () => {
    expect(median([0.9, 0.7, 0.8])).toBe(0.8);
    expect(median([0.9, 0.7, 0.8, 0.86])).toBe(0.83);
    expect(median([])).toBeNull();
  });
});

describe('summaryOf', () => {
  it('carries every figure of issue 20 from the phases, and null for a phase that did not run', () => {
    const page = (name: string, p95: number, error?: string) => ({
      group: 'inbox' as const,
      name,
      p50: 1,
      p95,
      max: p95,
      n: 10,
      ...(error ? { error } : {}),
    });
    const scale = (cases: number, worst: number) => ({
      cases,
      openCases: 1,
      load: { cases, openCases: 1, rows: 1, ms: 1 } as never,
      dbSizeMb: 1,
      queries: [],
      pages: [page('PAGE inbox', 3), page('PAGE dashboard', worst), page('PAGE broken', 999, 'fails: x')],
      worstP95: { name: 'overdueCount', p95: worst - 1 },
    });
    const r = {
      lifecycle: { ratio: 0.81, medianRoundRatio: 0.86, cpuPerCase: { ratio: 0.88 } },
      waiting: {
        workflowTasksPerCasePerDay: 0.12,
        cpuMsPerCasePerDay: { total: 4.3 },
        historyEventsPerCase: 30,
        wakes: { maxInOneMinute: 7, maxMinuteShareOfDay: 0.004 },
      },
      production: {
        production: { casesPerSecond: 3.85, cpuMsPerCase: { total: 503 } },
        devServer: { casesPerSecond: 5.71, cpuMsPerCase: { total: 311 } },
      },
      import: { perSecond: { persons: 833, certifications: 2206, certificates: 1150 } },
      queries: { database: 'sqlite', scales: [scale(100_000, 8), scale(1_000_000, 40)] },
      queriesPostgres: { database: 'postgres', scales: [scale(100_000, 9)] },
      memory: null,
      sweep: null,
    } as unknown as BenchResult;
    const s = summaryOf(r);
    expect(s.throughput).toEqual({ medianRoundRatio: 0.86, pooledRatio: 0.81, cpuPerCaseRatio: 0.88 });
    expect(s.waiting).toEqual({
      workflowTasksPerCasePerDay: 0.12,
      cpuMsPerCasePerDay: 4.3,
      historyEventsPerCase: 30,
      maxWakesInOneMinute: 7,
      maxMinuteShareOfDay: 0.004,
    });
    expect(s.production).toEqual({
      casesPerSecond: 3.85,
      cpuMsPerCase: 503,
      devServerCasesPerSecond: 5.71,
      devServerCpuMsPerCase: 311,
    });
    expect(s.import).toEqual({ persons: 833, certifications: 2206, certificates: 1150 });
    // a failed page is not the slowest: it has no figure
    expect(s.queries).toEqual([
      expect.objectContaining({ database: 'sqlite', cases: 100_000, slowestPageP95: 8, slowestPage: 'PAGE dashboard' }),
      expect.objectContaining({ database: 'sqlite', cases: 1_000_000, slowestPageP95: 40, slowestQueryP95: 39 }),
      expect.objectContaining({ database: 'postgres', cases: 100_000, slowestPageP95: 9 }),
    ]);
    const none = summaryOf({
      lifecycle: null,
      waiting: null,
      production: null,
      import: null,
    } as unknown as BenchResult);
    expect(none).toEqual({ throughput: null, waiting: null, production: null, import: null, queries: [] });
  });
});
