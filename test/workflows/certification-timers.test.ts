/**
 * Timers: 延期通知 (twice), 督促, the renewal-consent omission and the renewal watch. Where time must pass, days are
 * short (timing.dayMs); then the test waits only for states that stay until it acts, or checks the record once the
 * run has ended, so a slow machine makes it slower, never wrong. Where it need not pass, the dates are set up so the
 * check is due at the start and days are real.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { renewalFiledSignal, renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';
import { certificationWorkflow, renewalWatchWorkflow } from '../../workflows';
import { useServerAndSeededDb } from './temporal-env';
import {
  act,
  caseRow,
  completeDocuments,
  eventually,
  events,
  intake,
  newApplication,
  secretariat,
  today,
  withWorker,
} from './certification-support';
import { saveHistory } from './histories';
import { createRepositories } from '../../db';
import { CertificationSettingsService } from '../../web/services/settings';

const taskQueue = `cert-timers-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

const openTask = (id: string) => async () => (await db('tasks').where({ id, status: 'open' }).first()) ?? null;

test('延期通知: a task appears before the 30-day deadline, its notice is issued, and a second one follows when the 処理見込期間 passes; 督促 go out meanwhile', async () => {
  const appliedOn = addDays(today(), -20);
  const input = newApplication('postpone', {
    insuredNo: '0000100005',
    appliedOn,
    timing: { dayMs: 150 },
    applicant: { kind: 'office_proxy', name: 'うきの里', officeNo: '4370100011' },
  });
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  // 三角 正男's 居宅届 to the 包括 was accepted 3 days ago: his plan office hears of the 延期通知 too
  await db('office_assignments').insert({
    insured_no: '0000100005',
    office_no: '4370100029',
    start_date: addDays(today(), -3),
    source_workflow_id: 'test-timers-plan',
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });

    // each SLA clock starts at its own request: no surveyor is assigned, so only the 意見書 clock (13 days from the
    // request at intake) runs, and on the short days it runs out
    await eventually(async () => (await caseRow(db, workflowId))?.sla_state === 'breached');
    expect((await handle.query(certificationSnapshotQuery)).sla).toMatchObject({ survey: null, opinion: 'breached' });

    const first = await eventually(openTask(`${workflowId}:postponement-1`));
    expect(first).toMatchObject({ candidate_role: 'intake', due_on: addDays(appliedOn, 30) });
    const snap = await handle.query(certificationSnapshotQuery);
    expect(snap.postponementDue).toMatchObject({ n: 1, reason: 'both_missing' });
    expect(snap.allowedActions).toContain('recordPostponementNotice');

    // the caseworker may shorten the computed 処理見込期間 (here to three days from the check)
    const receipt = await act(handle, intake, {
      kind: 'recordPostponementNotice',
      expectedDecisionOn: addDays(snap.today, 3),
    });
    expect(receipt.allowedActions).not.toContain('recordPostponementNotice');
    const after = await handle.query(certificationSnapshotQuery);
    expect(after.postponements).toHaveLength(1);
    expect(
      (
        await db('tasks')
          .where({ id: `${workflowId}:postponement-1` })
          .first()
      ).status,
    ).toBe('completed');
    // the office that filed the 代行申請 hears of it
    expect(
      await db('tasks')
        .where({ id: `${workflowId}:office-postponement-1` })
        .first(),
    ).toMatchObject({
      status: 'open',
      candidate_role: 'office_staff',
      office_no: '4370100011',
    });
    expect(
      await db('tasks')
        .where({ id: `${workflowId}:office-postponement-1-plan-office` })
        .first(),
    ).toMatchObject({ status: 'open', task_type: 'office_notice', office_no: '4370100029' });
    const notice = await eventually(() =>
      db('notices')
        .where({ id: `${workflowId}:postponement-1` })
        .first(),
    );
    expect(notice.html).toContain('処理見込期間');
    expect(notice.html).toContain('認定調査が未実施であり、主治医意見書も未提出のため');
    expect(notice.html).toMatch(/令和\d+年/);

    // the 処理見込期間 passes without a decision → a second notice is required
    // (stays open until recorded, so no race with the short days)
    const second = await eventually(openTask(`${workflowId}:postponement-2`));
    expect(second.due_on).toBe(after.postponements[0].expectedDecisionOn);
    // 督促: the first reminder goes out opinionReminderIntervalDays (14) after the request
    const reminder = await eventually(async () =>
      db('notices').where({ workflow_id: workflowId, kind: 'opinion_reminder' }).first(),
    );
    expect(reminder.html).toContain('宇土 誠 先生');

    await act(handle, intake, { kind: 'withdraw', withdrawnOn: addDays(appliedOn, 1), reason: '本人の申出' });
    expect(await handle.result()).toMatchObject({ outcome: 'withdrawn' });
    expect(
      (
        await db('tasks')
          .where({ id: `${workflowId}:postponement-2` })
          .first()
      ).status,
    ).toBe('cancelled');
    const types = await events(db, workflowId);
    expect(types.filter((t) => t === 'postponement_due')).toHaveLength(2);
    expect(types).toContain('opinion_reminded');
    await saveHistory(handle, 'certification-r2-postponement-twice-and-reminder');
  });
  // the longest walk of the file: on a shared, loaded machine it outlasts the default 60 s
}, 180_000);

test('更新 with prior consent: the 延期通知 is omitted while the decision still falls within the current validity', async () => {
  const t = today();
  await db('insured_persons')
    .where({ insured_no: '0000100002' })
    .update({ cert_valid_to: addDays(t, 40) });
  // Applied 26 days ago: the check (5 days before the 30-day deadline) is due at the start; the expected decision
  // (today + 30) is inside the validity. Real days: nothing else happens while the test looks.
  const input = newApplication('skip', {
    insuredNo: '0000100002',
    type: 'renewal',
    appliedOn: addDays(t, -26),
    renewalConsentToSkipPostponement: true,
  });
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
    await eventually(async () => (await events(db, workflowId)).includes('postponement_omitted'));
    expect(await db('tasks').where({ id: `${workflowId}:postponement-1` })).toHaveLength(0);
    await act(handle, intake, { kind: 'withdraw', withdrawnOn: t, reason: '不要' });
    await handle.result();
    await saveHistory(handle, 'certification-r2-renewal-postponement-omitted');
  });
});

test('更新 with prior consent: a 延期通知 raised before the board was fixed is withdrawn once the board date puts the decision within the validity', async () => {
  const t = today();
  await db('insured_persons')
    .where({ insured_no: '0000100002' })
    .update({ cert_valid_to: addDays(t, 20) });
  // Applied 26 days ago: at the start the check finds no board date, so the decision is put at today + 30, after the
  // expiry (today + 20): the notice is required. A board in two days puts the decision at board + 3, inside it.
  const input = newApplication('skip-later', {
    insuredNo: '0000100002',
    type: 'renewal',
    appliedOn: addDays(t, -26),
    renewalConsentToSkipPostponement: true,
  });
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
    await eventually(openTask(`${workflowId}:postponement-1`));
    await completeDocuments(handle, t);
    const receipt = await act(handle, secretariat, {
      kind: 'scheduleBoard',
      panel: '第1合議体',
      boardOn: addDays(t, 2),
    });
    expect(receipt.allowedActions).not.toContain('recordPostponementNotice');
    const task = await db('tasks')
      .where({ id: `${workflowId}:postponement-1` })
      .first();
    expect(task.status).toBe('cancelled');
    const board = await db('case_events').where({ workflow_id: workflowId, event_type: 'board_scheduled' }).first();
    expect(JSON.parse(board.payload_json)).toMatchObject({ postponementWithdrawn: 1 });
    await act(handle, intake, { kind: 'withdraw', withdrawnOn: t, reason: '不要' });
    await handle.result();
    await saveHistory(handle, 'certification-r2-renewal-postponement-withdrawn');
  });
});

test('renewal watch: wakes N days before expiry, opens tasks for the office and the 認定係, closes them at expiry', async () => {
  const t = today();
  const applicationNo = `watch-${Date.now()}`;
  const workflowId = renewalWatchWorkflowId('432130', applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(renewalWatchWorkflow, {
      workflowId,
      taskQueue,
      args: [
        {
          insurerNo: '432130',
          applicationNo,
          insuredNo: '0000100001',
          careLevel: 'care_2',
          validTo: addDays(t, 22),
          officeNo: '4370100011',
          daysBeforeExpiry: 20,
          timing: { dayMs: 150 },
        },
      ],
    });
    // Short days run to the expiry on their own: check the record once the run has ended, not a state in passing.
    expect(await handle.result()).toBe('expired');
    const rows = await db('tasks').where({ workflow_id: workflowId }).orderBy('id');
    expect(rows).toMatchObject([
      { id: `${workflowId}:renewal-intake`, candidate_role: 'intake', due_on: addDays(t, 22), status: 'cancelled' },
      {
        id: `${workflowId}:renewal-office`,
        candidate_role: 'office_staff',
        office_no: '4370100011',
        due_on: addDays(t, 22),
        status: 'cancelled',
      },
    ]);
    expect(await caseRow(db, workflowId)).toMatchObject({ case_kind: 'renewal_watch', stage: 'expired' });
    expect(await events(db, workflowId)).toEqual(['renewal_due', 'certification_expired']);
    await saveHistory(handle, 'renewal-watch-expired');
  });
});

test('renewal watch: a renewal filed in time completes the 勧奨 tasks and ends the watch', async () => {
  const t = today();
  const applicationNo = `watch-filed-${Date.now()}`;
  const workflowId = renewalWatchWorkflowId('432130', applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(renewalWatchWorkflow, {
      workflowId,
      taskQueue,
      args: [
        {
          insurerNo: '432130',
          applicationNo,
          insuredNo: '0000100001',
          careLevel: 'care_2',
          // Inside the reminder period from the start, and real days: the watch waits for the signal, not a clock.
          validTo: addDays(t, 30),
          officeNo: '4370100011',
          daysBeforeExpiry: 58,
        },
      ],
    });
    await eventually(openTask(`${workflowId}:renewal-office`));
    await handle.signal(renewalFiledSignal, { applicationNo: 'R-next', filedOn: t });
    expect(await handle.result()).toBe('renewal_filed');
    const tasksLeft = await db('tasks').where({ workflow_id: workflowId });
    expect(tasksLeft.map((x: { status: string }) => x.status)).toEqual(['completed', 'completed']);
    expect(await caseRow(db, workflowId)).toMatchObject({
      stage: 'renewal_filed',
      status: 'closed',
      outcome: 'renewal_filed',
    });
    await saveHistory(handle, 'renewal-watch-filed');
    expect(await events(db, workflowId)).toEqual(['renewal_due', 'renewal_filed']);
  });
});

test('a settings change reaches an open case: a 延期通知の作業日 brought forward opens the task at the next wake, not on the old date', async () => {
  const appliedOn = today();
  const input = newApplication('settings', { insuredNo: '0000100005', appliedOn, timing: { dayMs: 2000 } });
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  // the old 作業日 is due − 5 = day 25; the corrected setting (in force from the application date) makes it day 1
  const oldCheckOn = addDays(appliedOn, 30 - 5);
  try {
    await withWorker(env, db, taskQueue, async () => {
      const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
      await eventually(async () => ((await caseRow(db, workflowId))?.last_seq ?? 0) >= 2);
      // saved as the settings change path saves it: the version, then every open case of the insurer signalled
      const sent = await new CertificationSettingsService({ repos: createRepositories(db), client: env.client }).save({
        insurerNo: input.insurerNo,
        effectiveFrom: appliedOn,
        rules: { postponementNoticeLeadDays: 29 },
        savedBy: 'test',
      });
      expect(sent.signalled).toBeGreaterThanOrEqual(1);
      await eventually(openTask(`${workflowId}:postponement-1`));
      const snap = await handle.query(certificationSnapshotQuery);
      // the check that opened it ran before the old 作業日 (its 処理見込期間 is the check day + 30)
      expect(snap.postponementDue!.expectedDecisionOn < addDays(oldCheckOn, 30)).toBe(true);
      await act(handle, intake, { kind: 'withdraw', withdrawnOn: appliedOn, reason: '本人の申出' });
      expect(await handle.result()).toMatchObject({ outcome: 'withdrawn' });
    });
  } finally {
    await db('rule_versions')
      .where({ insurer_no: input.insurerNo, effective_from: appliedOn, rule_set: 'certification' })
      .del();
  }
}, 180_000);
