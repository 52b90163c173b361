/**
 * `npm start`'s first run on chosen days: the demo data seeded for that day and the five demo cases driven through the
 * real workflows (as bin/start.ts does), each reaching the stage it is meant to show. The workflows' calendars are
 * moved to the day (Timing.startOn), so the dates are checked as they would be on that morning.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/certification/types';
import { loadDemoCases } from '../../scripts/demo-cases';
import { createTempDb } from '../support/temp-db';
import { eventually } from './certification-support';
import { attachTestEnv, withTestWorker } from './temporal-env';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await attachTestEnv();
});

/** What each demo case is meant to show on the first page a user opens. */
const INTENDED = [
  { insured_no: '0000100003', case_kind: 'certification', application_type: 'new', stage: 'investigating' },
  { insured_no: '0000100002', case_kind: 'certification', application_type: 'renewal', stage: 'investigating' },
  { insured_no: '0000100005', case_kind: 'certification', application_type: 'new', stage: 'board_scheduled' },
  { insured_no: '0000100007', case_kind: 'certification', application_type: 'new', stage: 'notified' },
  { insured_no: '0000100006', case_kind: 'plan_notification', application_type: 'change', stage: 'submitted' },
];

async function demoCases(db: Knex) {
  const rows: Record<string, unknown>[] = await db('cases')
    .select('insured_no', 'case_kind', 'application_type', 'stage')
    .orderBy('insured_no');
  return rows;
}

// The reported failure (2026-12-04: the renewal fell before its 60-day window), month ends, the day before an
// era-style boundary (4/30 → 5/1), the year end, and a leap day.
const DAYS: IsoDate[] = ['2026-12-04', '2027-01-31', '2027-04-30', '2027-12-31', '2028-02-29'];

test.each(DAYS)('on %s every demo case is created and reaches its stage', async (today) => {
  const { db, cleanup } = await createTempDb({ seed: true, today });
  try {
    const taskQueue = `demo-${today}-${Date.now()}`;
    const expected = [...INTENDED].sort((a, b) => a.insured_no.localeCompare(b.insured_no));
    const created = await withTestWorker(env, db, taskQueue, async () => {
      const n = await loadDemoCases({ db, client: env.client, taskQueue, today });
      // The last steps (the 結果通知 after the 処分) run after the Updates return: wait with the worker still running,
      // as `npm start`'s worker keeps running (a worker stopped here would leave them undone).
      await eventually(async () => JSON.stringify(await demoCases(db)) === JSON.stringify(expected), 30_000).catch(
        () => undefined,
      );
      return n;
    });
    expect(created).toBe(INTENDED.length);
    expect(await demoCases(db)).toEqual(expected);
  } finally {
    await cleanup();
  }
});
