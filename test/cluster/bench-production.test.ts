/**
 * `npm run test:cluster`: the bench's production phase at a tiny size (issue 20). Three cases through the production
 * topology (Temporal server on PostgreSQL, two workers, the app on PostgreSQL), and the figures it reports.
 */
import { jstDateOf } from '../../domain/dates';
import { runProduction } from '../../bench/phases/production';

test('the production phase drives cases to their decision on the cluster and reports cases/s and CPU per case', async () => {
  const r = await runProduction({
    cases: 3,
    concurrency: 2,
    warmup: 1,
    today: jstDateOf(Date.now()),
    tag: `t${Date.now().toString(36).slice(-4)}`,
    devServer: null,
  });
  expect(r.production.cases).toBe(3);
  expect(r.production.casesPerSecond).toBeGreaterThan(0);
  // every case reached its decision: a whole lifecycle's history, not only the start
  expect(r.production.historyEventsPerCase).toBeGreaterThan(40);
  expect(r.production.stateTransitionsPerCase).toBeGreaterThan(10);
  const cpu = r.production.cpuMsPerCase;
  expect(cpu['temporal server']).toBeGreaterThan(0);
  expect(cpu['postgresql (all backends)']).toBeGreaterThan(0);
  // both workers poll the queue; the cases may land on either
  expect(cpu['kaigo worker 1'] + cpu['kaigo worker 2']).toBeGreaterThan(0);
  expect(cpu.total).toBeGreaterThanOrEqual(cpu['temporal server'] + cpu['kaigo worker 1'] + cpu['kaigo worker 2']);
  expect(r.devServer).toBeNull();
  expect(r.ratios).toEqual({ casesPerSecond: null, cpuPerCase: null });
});
