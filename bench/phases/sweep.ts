/** Phase (--sweep): one short run per worker / dev-server / batch setting. */
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { kaigoDriver, runLoad } from '../lifecycle';
import { MemWatcher } from '../lib/proc';
import { SyncPragma } from '../lib/server';
import { Args } from './args';
import { Stack, log, startStack, stopStack, withCpu } from './stack';

export interface SweepRow {
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

export const SWEEP: {
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

export async function runSweep(a: Args, dir: string, cliPath: string, today: string): Promise<SweepRow[]> {
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
        client: stack.kaigoClient,
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
