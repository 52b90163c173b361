/** The benchmark's own arithmetic: rounds merged into one load, a worker's CPU split by thread. */
import { mergeLoads, type LoadResult, type LoadSamples } from '../../bench/lifecycle';
import { workerThreadCpu } from '../../bench/lib/proc';

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
