/**
 * 暫定利用 (issue 18) on the real dev server: services used before the decision, then 非該当 → the use is flagged
 * 全額自己負担, the office gets a お知らせ and the 給付係 a task it closes with a note (the case's workflow ends only
 * then); the same level as assumed → nothing to settle.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { certificationWorkflow } from '../../workflows';
import { useServerAndSeededDb } from './temporal-env';
import {
  act,
  actor,
  boardDecides,
  caseRow,
  completeDocuments,
  eventually,
  events,
  intake,
  newApplication,
  tasks,
  today,
  withWorker,
} from './certification-support';
import { saveHistory } from './histories';

const taskQueue = `cert-interim-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;
const OFFICE = '4370100011';
const office = actor('office_staff', OFFICE);
const benefits = actor('benefits');

useServerAndSeededDb((opened) => ({ env, db } = opened));

async function start(prefix: string) {
  const input = newApplication(prefix, { applicant: { kind: 'office_proxy', name: 'うきの里', officeNo: OFFICE } });
  return env.client.workflow.start(certificationWorkflow, {
    workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
    taskQueue,
    args: [input],
  });
}

test('interim use, then 非該当: flagged self-paid, office told, the 給付係 task closes with a note', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start('interim-na');
    const t = today();
    await act(handle, office, { kind: 'recordInterimUse', officeNo: OFFICE, startOn: t, assumedLevel: 'care_1' });
    // one interim use per case
    await expect(
      act(handle, intake, { kind: 'recordInterimUse', officeNo: OFFICE, startOn: t, assumedLevel: 'care_2' }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await completeDocuments(handle, t, 20, '自立');
    await boardDecides(handle, t, 'non_applicable', 0);

    const settle = await eventually(async () =>
      (await tasks(db, handle.workflowId)).find((x) => x.id.endsWith(':interim-settle') && x.status === 'open'),
    );
    expect(settle).toMatchObject({ candidate_role: 'benefits', task_type: 'interim' });
    const notice = (await tasks(db, handle.workflowId)).find((x) => x.id.endsWith(':office-interim'));
    expect(notice).toMatchObject({ task_type: 'office_notice', office_no: OFFICE, status: 'open' });
    const summary = JSON.parse((await caseRow(db, handle.workflowId)).summary_json);
    expect(summary.interim).toMatchObject({
      officeNo: OFFICE,
      assumedLevel: 'care_1',
      selfPaid: { reason: 'non_applicable' },
    });
    expect(await events(db, handle.workflowId)).toEqual(
      expect.arrayContaining(['interim_use_recorded', 'interim_self_paid']),
    );

    // still running: only the 給付係 (or the 係長) may settle it, and with a note
    const snap = await handle.query(certificationSnapshotQuery);
    expect(snap.outcome).toBe('non_applicable');
    expect(snap.allowedActions).toEqual(['settleInterim']);
    await expect(act(handle, intake, { kind: 'settleInterim', note: '返還済み' })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await expect(act(handle, benefits, { kind: 'settleInterim', note: '' })).rejects.toThrow(WorkflowUpdateFailedError);
    await act(handle, benefits, { kind: 'settleInterim', note: '事業所へ償還払いの手続を案内' });
    expect(await handle.result()).toMatchObject({ outcome: 'non_applicable' });
    const closed = (await tasks(db, handle.workflowId)).find((x) => x.id.endsWith(':interim-settle'));
    expect(closed).toMatchObject({ status: 'completed', completed_by: 'kyufu' });
    expect(await events(db, handle.workflowId)).toContain('interim_settled');
    await saveHistory(handle, 'certification-interim-self-paid');
  });
}, 120_000);

test('interim use, then the level assumed: nothing to settle, the case ends as before', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start('interim-same');
    const t = today();
    await act(handle, intake, { kind: 'recordInterimUse', officeNo: OFFICE, startOn: t, assumedLevel: 'care_2' });
    await completeDocuments(handle, t, 55);
    await boardDecides(handle, t, 'care_2', 6);
    expect(await handle.result()).toMatchObject({ outcome: 'certified', finalLevel: 'care_2' });
    const kinds = await events(db, handle.workflowId);
    expect(kinds).toContain('interim_covered');
    expect(kinds).not.toContain('interim_self_paid');
    const open = (await tasks(db, handle.workflowId)).filter((x) => /interim/.test(x.task_key ?? ''));
    expect(open).toEqual([]);
  });
}, 120_000);

test('no interim use: a death before the survey ends the case with nothing to settle', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start('interim-none');
    await act(handle, intake, { kind: 'recordDeath', diedOn: today() });
    expect(await handle.result()).toMatchObject({ outcome: 'rejected_deceased' });
    expect((await events(db, handle.workflowId)).filter((e) => e.startsWith('interim'))).toEqual([]);
  });
}, 120_000);
