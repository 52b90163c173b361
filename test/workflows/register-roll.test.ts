/**
 * 証の年次切替 on the real dev server: a run for a given day opens the 給付係's tasks for the persons whose 負担割合証
 * or 負担限度額認定証 for the period about to start is missing, a second run opens nothing twice, the 8/1 run moves the
 * register's current values; and its yearly Schedule is created once per insurer.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { ROLL_CALENDAR } from '../../domain/register/roll';
import { ensureRegisterRollSchedules } from '../../lib/schedules';
import { registerRollWorkflow } from '../../workflows';
import { REGISTER_ROLL_WORKFLOW_TYPE, registerRollScheduleId } from '../../workflows/register-roll/messages';
import { withWorker } from './certification-support';
import { saveHistory } from './histories';
import { useServerAndSeededDb } from './temporal-env';

const taskQueue = `register-roll-${Date.now()}`;
/** An insurer of the test's own, so the seeded demo persons do not count. */
const INSURER = '439801';
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

async function person(insuredNo: string, certificates: [kind: string, value: string, from: string, to: string][]) {
  const at = new Date().toISOString();
  await db('insured_persons').insert({
    insured_no: insuredNo,
    insurer_no: INSURER,
    name: '切替 確認',
    kana: 'キリカエ カクニン',
    birth_date: '1942-03-03',
    sex: '1',
    insured_category: 1,
    status: 'active',
    care_level: 'care_1',
    cert_valid_from: '2026-10-01',
    cert_valid_to: '2028-09-30',
    copay_ratio: 1,
    copay_valid_from: '2026-08-01',
    copay_valid_to: '2027-07-31',
    updated_at: at,
  });
  for (const [kind, value, validFrom, validTo] of certificates)
    await db('register_certificates').insert({
      insurer_no: INSURER,
      insured_no: insuredNo,
      kind,
      value,
      valid_from: validFrom,
      valid_to: validTo,
      source: 'import',
      recorded_at: at,
    });
}

beforeAll(async () => {
  await db('insurers').insert({ insurer_no: INSURER, name: '切替テスト町', prefecture: '熊本県' });
  await person('0009800001', [['copay', '1', '2026-08-01', '2027-07-31']]);
  await person('0009800002', [
    ['copay', '2', '2026-08-01', '2027-07-31'],
    ['burden_limit', 'stage_3_1', '2026-08-01', '2027-07-31'],
  ]);
  // the current-value columns as the register says on 7/1 (the run leaves them as they are until 8/1)
  await db('insured_persons')
    .where({ insured_no: '0009800002' })
    .update({ copay_ratio: 2, burden_limit_stage: 'stage_3_1', burden_limit_valid_to: '2027-07-31' });
  await person('0009800003', [
    ['copay', '1', '2026-08-01', '2027-07-31'],
    ['copay', '3', '2027-08-01', '2028-07-31'],
  ]);
});

const roll = (asOf: string, id: string) =>
  env.client.workflow.execute(registerRollWorkflow, {
    workflowId: `${id}-${Date.now()}`,
    taskQueue,
    args: [{ insurerNo: INSURER, asOf }],
  });

const rollTasks = async () =>
  (
    await db('tasks as t')
      .join('cases as c', 'c.workflow_id', 't.workflow_id')
      .where({ 'c.insurer_no': INSURER, 'c.case_kind': 'register_roll' })
      .orderBy('t.id')
      .select('t.id', 't.status', 't.candidate_role', 't.due_on', 't.title')
  ).map((t) => [t.id, t.status, t.candidate_role, t.due_on]);

test('the 7/1 run opens a task per missing certificate; running it again opens nothing twice', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const first = await roll('2027-07-01', 'roll-a');
    expect(first).toEqual({
      asOf: '2027-07-01',
      periodFrom: '2027-08-01',
      periodTo: '2028-07-31',
      persons: 3,
      rolled: 0,
      opened: 3,
      alreadyOpened: 0,
    });
    const expected = [
      ['certificate-roll-439801-2027-08-01-0009800001:copay', 'open', 'benefits', '2027-08-01'],
      ['certificate-roll-439801-2027-08-01-0009800002:burden_limit', 'open', 'benefits', '2027-08-01'],
      ['certificate-roll-439801-2027-08-01-0009800002:copay', 'open', 'benefits', '2027-08-01'],
    ];
    expect(await rollTasks()).toEqual(expected);

    const again = await roll('2027-07-01', 'roll-b');
    expect(again).toMatchObject({ opened: 0, alreadyOpened: 3 });
    expect(await rollTasks()).toEqual(expected);
  });
});

test('the 8/1 run is about the same period: the current values move, only what is still missing stays open', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(registerRollWorkflow, {
      workflowId: `roll-c-${Date.now()}`,
      taskQueue,
      args: [{ insurerNo: INSURER, asOf: '2027-08-01' }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({ periodFrom: '2027-08-01', opened: 0, alreadyOpened: 3 });
    // 0009800003 had its new 負担割合証: the columns offices read now show it
    expect(result.rolled).toBeGreaterThanOrEqual(1);
    expect(await db('insured_persons').where({ insured_no: '0009800003' }).first()).toMatchObject({
      copay_ratio: 3,
      copay_valid_from: '2027-08-01',
      copay_valid_to: '2028-07-31',
    });
    await saveHistory(handle, 'register-roll-august');
  });
});

test('a run with a date that is not a date fails at once, writing nothing', async () => {
  await withWorker(env, db, taskQueue, async () => {
    await expect(roll('2027-02-30', 'roll-bad')).rejects.toBeInstanceOf(WorkflowFailedError);
  });
});

test('the yearly Schedule is created once per insurer, on 7/1 and 8/1 at 06:00 Japan time, running the roll', async () => {
  const insurerNo = `8${String(Date.now()).slice(-5)}`;
  const id = registerRollScheduleId(insurerNo);
  try {
    expect(await ensureRegisterRollSchedules(env.client, { insurerNos: [insurerNo], taskQueue })).toEqual([id]);
    expect(await ensureRegisterRollSchedules(env.client, { insurerNos: [insurerNo], taskQueue })).toEqual([]);
    const d = await env.client.schedule.getHandle(id).describe();
    expect(d.spec.timezone).toBe('Asia/Tokyo');
    expect(d.spec.calendars).toHaveLength(ROLL_CALENDAR.length);
    expect(d.spec.calendars?.map((c) => [c.month, c.dayOfMonth, c.hour])).toEqual([
      [[{ start: 'JULY', end: 'JULY', step: 1 }], [{ start: 1, end: 1, step: 1 }], [{ start: 6, end: 6, step: 1 }]],
      [[{ start: 'AUGUST', end: 'AUGUST', step: 1 }], [{ start: 1, end: 1, step: 1 }], [{ start: 6, end: 6, step: 1 }]],
    ]);
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: REGISTER_ROLL_WORKFLOW_TYPE,
      taskQueue,
      args: [{ insurerNo }],
    });
    // the next run the server computes is a 7/1 or an 8/1, 06:00 in Japan (21:00 UTC the day before)
    const next = d.info.nextActionTimes[0];
    expect(next.toISOString()).toMatch(/-(06-30|07-31)T21:00:00\.000Z$/);
  } finally {
    await env.client.schedule.getHandle(id).delete();
  }
});
