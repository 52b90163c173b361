/** 更新勧奨の日次バッチ on the real dev server: which certifications get a watch, once; and its Schedule. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { importedCertificationKey } from '../../domain/register/renewal';
import { ensureRenewalSweepSchedules, RENEWAL_SWEEP_HOUR_JST } from '../../lib/schedules';
import { renewalSweepWorkflow } from '../../workflows';
import {
  RENEWAL_SWEEP_WORKFLOW_TYPE,
  renewalSweepScheduleId,
  renewalWatchWorkflowId,
} from '../../workflows/renewal-watch/messages';
import { useServerAndSeededDb } from './temporal-env';
import { applicationNo, caseRow, eventually, INSURER, today, withWorker } from './certification-support';
import { saveHistory } from './histories';

const taskQueue = `renewal-sweep-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

/** A person whose current certification was decided by a kaigo-flow case; returns that case's 申請番号. */
async function certifiedPerson(insuredNo: string, validTo: string, planOfficeNo: string | null): Promise<string> {
  const validFrom = addDays(validTo, -364);
  const no = applicationNo('RS');
  await db('insured_persons').insert({
    insured_no: insuredNo,
    insurer_no: INSURER,
    name: '更新 予定',
    kana: 'コウシン ヨテイ',
    birth_date: '1940-01-01',
    sex: '1',
    insured_category: 1,
    status: 'active',
    care_level: 'care_1',
    cert_valid_from: validFrom,
    cert_valid_to: validTo,
    plan_office_no: planOfficeNo,
    updated_at: new Date().toISOString(),
  });
  await certificationCase(insuredNo, no, {
    applied_on: validFrom,
    outcome: 'certified',
    valid_from: validFrom,
    valid_to: validTo,
  });
  return no;
}

async function certificationCase(insuredNo: string, no: string, fields: Record<string, unknown>): Promise<void> {
  const at = new Date().toISOString();
  await db('cases').insert({
    workflow_id: `cert-${INSURER}-${no}`,
    case_kind: 'certification',
    insurer_no: INSURER,
    insured_no: insuredNo,
    application_no: no,
    stage: fields.outcome ? 'notified' : 'investigating',
    status: fields.outcome ? 'closed' : 'open',
    last_seq: 1,
    created_at: at,
    updated_at: at,
    ...fields,
  });
}

test('starts one watch for each certification expiring within the reminder period with no renewal filed, and only once', async () => {
  const t = today();
  const due = await certifiedPerson('0000900001', addDays(t, 30), '4370100011');
  const renewing = await certifiedPerson('0000900002', addDays(t, 20), null);
  await certificationCase('0000900002', applicationNo('RS-next'), { applied_on: t, application_type: 'renewal' });
  const later = await certifiedPerson('0000900003', addDays(t, 90), null);
  const withdrawnRenewal = await certifiedPerson('0000900004', addDays(t, 10), null);
  await certificationCase('0000900004', applicationNo('RS-wd'), {
    applied_on: t,
    application_type: 'renewal',
    outcome: 'withdrawn',
  });

  await withWorker(env, db, taskQueue, async () => {
    const firstId = `sweep-a-${Date.now()}`;
    const first = await env.client.workflow.execute(renewalSweepWorkflow, {
      workflowId: firstId,
      taskQueue,
      args: [{ insurerNo: INSURER }],
    });
    // 2 decided here, and any seeded person whose (imported) certification expires in the period
    expect(first).toMatchObject({ on: t, alreadyWatched: 0 });
    expect(first.started).toBeGreaterThanOrEqual(2);

    // The watch is inside its reminder period already: it opens the tasks for the 認定係 and for the plan office.
    const watchId = renewalWatchWorkflowId(INSURER, due);
    await eventually(
      async () =>
        (await db('tasks')
          .where({ id: `${watchId}:renewal-office`, office_no: '4370100011', status: 'open' })
          .first()) ?? null,
    );
    expect(
      await db('tasks').where({ id: `${watchId}:renewal-intake`, candidate_role: 'intake', status: 'open' }),
    ).toHaveLength(1);
    expect(await caseRow(db, watchId)).toMatchObject({
      case_kind: 'renewal_watch',
      stage: 'renewal_due',
      valid_to: addDays(t, 30),
    });
    // A withdrawn renewal does not count as filed.
    await eventually(async () => (await caseRow(db, renewalWatchWorkflowId(INSURER, withdrawnRenewal))) ?? null);

    for (const skipped of [renewing, later]) {
      expect(await caseRow(db, renewalWatchWorkflowId(INSURER, skipped))).toBeUndefined();
    }

    const second = await env.client.workflow.execute(renewalSweepWorkflow, {
      workflowId: `sweep-b-${Date.now()}`,
      taskQueue,
      args: [{ insurerNo: INSURER }],
    });
    expect(second).toEqual({ on: t, started: 0, alreadyWatched: first.started });
    await saveHistory(env.client.workflow.getHandle(firstId), 'renewal-sweep-started-two');
    expect(await db('tasks').where({ workflow_id: watchId })).toHaveLength(2);

    for (const no of [due, withdrawnRenewal])
      await env.client.workflow.getHandle(renewalWatchWorkflowId(INSURER, no)).terminate('test done');
  });
});

test('a certification imported from the core system is reminded too, with a 更新勧奨通知 letter; a person who moved out is not', async () => {
  const t = today();
  const person = async (insuredNo: string, status: string) =>
    db('insured_persons').insert({
      insured_no: insuredNo,
      insurer_no: INSURER,
      name: '取込 認定',
      kana: 'トリコミ ニンテイ',
      birth_date: '1940-01-01',
      sex: '2',
      insured_category: 1,
      status,
      address: '熊本県宇城市松橋町1-1',
      care_level: 'care_2',
      cert_valid_from: addDays(t, -340),
      cert_valid_to: addDays(t, 25),
      updated_at: new Date().toISOString(),
    });
  await person('0000900011', 'active');
  await person('0000900012', 'moved_out');
  await withWorker(env, db, taskQueue, async () => {
    const result = await env.client.workflow.execute(renewalSweepWorkflow, {
      workflowId: `sweep-c-${Date.now()}`,
      taskQueue,
      args: [{ insurerNo: INSURER }],
    });
    expect(result.started).toBeGreaterThanOrEqual(1);
    const watchId = renewalWatchWorkflowId(INSURER, importedCertificationKey('0000900011', addDays(t, 25)));
    const notice = await eventually(
      async () =>
        (await db('notices')
          .where({ id: `${watchId}:renewal-reminder` })
          .first()) ?? null,
    );
    expect(notice).toMatchObject({ kind: 'renewal_reminder', workflow_id: watchId });
    expect(notice.html).toContain('取込 認定 様');
    expect(notice.html).toContain('要介護2');
    expect(notice.html).toContain('size: A4');
    expect(await db('tasks').where({ id: `${watchId}:renewal-intake`, status: 'open' })).toHaveLength(1);
    const movedOut = renewalWatchWorkflowId(INSURER, importedCertificationKey('0000900012', addDays(t, 25)));
    expect(await caseRow(db, movedOut)).toBeUndefined();
    await saveHistory(env.client.workflow.getHandle(watchId), 'renewal-watch-imported-letter');
    await env.client.workflow.getHandle(watchId).terminate('test done');
  });
});

test('the daily Schedule is created once per insurer, at 06:00 Japan time, running the sweep', async () => {
  const insurerNo = `9${String(Date.now()).slice(-5)}`;
  const id = renewalSweepScheduleId(insurerNo);
  try {
    expect(await ensureRenewalSweepSchedules(env.client, { insurerNos: [insurerNo], taskQueue })).toEqual([id]);
    expect(await ensureRenewalSweepSchedules(env.client, { insurerNos: [insurerNo], taskQueue })).toEqual([]);
    const d = await env.client.schedule.getHandle(id).describe();
    expect(d.spec.timezone).toBe('Asia/Tokyo');
    expect(d.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: RENEWAL_SWEEP_HOUR_JST, end: RENEWAL_SWEEP_HOUR_JST, step: 1 }],
    });
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: RENEWAL_SWEEP_WORKFLOW_TYPE,
      taskQueue,
      args: [{ insurerNo }],
    });
  } finally {
    await env.client.schedule.getHandle(id).delete();
  }
});

test('the daily sweep makes a next certification (a renewal decided early) current on its start date, not before', async () => {
  const t = today();
  const next = (from: string) => ({
    next_care_level: 'care_3',
    next_cert_valid_from: from,
    next_cert_valid_to: addDays(from, 400),
    next_certified_on: addDays(t, -10),
  });
  await certifiedPerson('0000900021', addDays(t, -1), null);
  await db('insured_persons').where({ insured_no: '0000900021' }).update(next(t));
  await certifiedPerson('0000900022', t, null);
  // its renewal was filed and decided early, so no reminder either
  await certificationCase('0000900022', applicationNo('RS-early'), {
    applied_on: addDays(t, -40),
    application_type: 'renewal',
    outcome: 'certified',
  });
  await db('insured_persons')
    .where({ insured_no: '0000900022' })
    .update(next(addDays(t, 1)));
  await withWorker(env, db, taskQueue, async () => {
    await env.client.workflow.execute(renewalSweepWorkflow, {
      workflowId: `sweep-promote-${Date.now()}`,
      taskQueue,
      args: [{ insurerNo: INSURER }],
    });
  });
  expect(await db('insured_persons').where({ insured_no: '0000900021' }).first()).toMatchObject({
    care_level: 'care_3',
    cert_valid_from: t,
    next_care_level: null,
  });
  expect(await db('insured_persons').where({ insured_no: '0000900022' }).first()).toMatchObject({
    care_level: 'care_1',
    cert_valid_to: t,
    next_cert_valid_from: addDays(t, 1),
  });
});
