/** Updates: one effect per update ID, rejected commands leave no trace, and a worker restart mid-case. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Activities } from '../../activities';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { certificationWorkflow } from '../../workflows';
import { useServerAndSeededDb } from './temporal-env';
import {
  act,
  actor,
  boardDecides,
  caseRow,
  events,
  eventually,
  intake,
  newApplication,
  surveyor,
  tasks,
  today,
  withWorker,
} from './certification-support';
import { saveHistory } from './histories';

const taskQueue = `cert-updates-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

/** Accepted Updates in the history (a rejected validator leaves none). */
async function updateEventsInHistory(handle: WorkflowHandle): Promise<number> {
  const h = await handle.fetchHistory();
  return (h.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes != null).length;
}

test('the same update ID twice (a double click) has one effect and one event row', async () => {
  // 委託 of the survey is for a 更新 (or 区分変更): a 新規 survey is not contracted out by default (survey-assignment.ts)
  const input = newApplication('dup', { type: 'renewal', insuredNo: '0000100002' });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, {
      workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
      taskQueue,
      args: [input],
    });
    const action = {
      kind: 'assignSurveyor',
      surveyorKind: 'office',
      surveyorName: '宇土 明美',
      officeNo: '4370100011',
    } as const;
    const updateId = `${handle.workflowId}:assignSurveyor:req-1`;
    const [a, b] = await Promise.all([act(handle, intake, action, updateId), act(handle, intake, action, updateId)]);
    expect(a).toEqual(b);
    const again = await act(handle, intake, action, updateId);
    expect(again).toEqual(a);
    expect((await handle.query(certificationSnapshotQuery)).survey.officeNo).toBe('4370100011');
    expect((await events(db, handle.workflowId)).filter((t) => t === 'survey_assigned')).toHaveLength(1);
    expect(await updateEventsInHistory(handle)).toBe(1);
    // a contracted office's survey task carries its office number
    const visit = (await tasks(db, handle.workflowId)).find((t) => t.id.endsWith(':survey-visit'));
    expect(visit).toMatchObject({ office_no: '4370100011', candidate_role: 'surveyor', status: 'open' });
    await handle.terminate('test done');
  });
});

test('wrong role, wrong state or bad fields: WorkflowUpdateFailedError with a Japanese reason, nothing recorded', async () => {
  const input = newApplication('invalid');
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, {
      workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
      taskQueue,
      args: [input],
    });
    await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    const before = await events(db, handle.workflowId);
    const row = await caseRow(db, handle.workflowId);

    const rejected = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return (err as WorkflowUpdateFailedError).cause?.message ?? '';
    };
    // wrong role: a surveyor cannot assign, an office cannot judge
    expect(
      await rejected(act(handle, surveyor, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: 'x' })),
    ).toBe('認定調査員は「認定調査員の割当」を行えません');
    expect(
      await rejected(
        act(handle, actor('office_staff', '4370100011'), { kind: 'withdraw', withdrawnOn: today(), reason: 'x' }),
      ),
    ).toContain('事業所職員');
    // wrong state: no board before both documents, no postponement notice when none is due
    expect(
      await rejected(
        act(handle, actor('board_secretariat'), { kind: 'scheduleBoard', panel: '第1合議体', boardOn: today() }),
      ),
    ).toContain('そろっていない');
    expect(await rejected(act(handle, intake, { kind: 'recordPostponementNotice' }))).toContain('延期通知');
    expect(await rejected(act(handle, intake, { kind: 'resume', track: 'opinion' }))).toContain('保留中ではありません');
    // bad fields
    expect(
      await rejected(
        act(handle, surveyor, {
          kind: 'completeSurvey',
          surveyedOn: '2026-02-30',
          standardMinutes: -1,
          dementia: 'X' as never,
        }),
      ),
    ).toMatch(/調査実施日.*基準時間.*自立度/);

    expect(await events(db, handle.workflowId)).toEqual(before);
    expect((await caseRow(db, handle.workflowId)).last_seq).toBe(row.last_seq);
    expect(await updateEventsInHistory(handle)).toBe(1); // only the accepted assignSurveyor

    // 保留 and 再開 are accepted and recorded
    await act(handle, intake, { kind: 'hold', track: 'opinion', reason: '入院中のため受診できない' });
    await expect(act(handle, intake, { kind: 'receiveOpinion', receivedOn: today(), dementia: 'I' })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await act(handle, intake, { kind: 'resume', track: 'opinion' });
    expect((await events(db, handle.workflowId)).slice(-2)).toEqual(['hold', 'resume']);
    await handle.terminate('test done');
  });
});

test('a worker restart in the middle of a case: the case completes on a new worker with no duplicate rows', async () => {
  const t = today();
  const input = newApplication('restart', { insuredNo: '0000100007' });
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
    await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    await act(handle, surveyor, { kind: 'completeSurvey', surveyedOn: t, standardMinutes: 75, dementia: 'IIIa' });
  });
  // the first worker is gone; the workflow waits on the server. A new worker (fresh cache) replays and continues.
  await withWorker(env, db, taskQueue, async () => {
    const handle = env.client.workflow.getHandle(workflowId);
    await act(handle, intake, { kind: 'receiveOpinion', receivedOn: t, dementia: 'IIIa' });
    await boardDecides(handle, t, 'care_3', 12);
    expect(await handle.result()).toMatchObject({ outcome: 'certified', finalLevel: 'care_3' });
    expect(await events(db, workflowId)).toEqual([
      'received',
      'opinion_requested',
      'survey_assigned',
      'survey_completed',
      'opinion_received',
      'primary_judged',
      'board_scheduled',
      'secondary_judged',
      'decided',
      'notified',
    ]);
    expect(await db('notices').where({ workflow_id: workflowId })).toHaveLength(2);
    expect(await db('consents').where({ source_workflow_id: workflowId })).toHaveLength(1);
    expect((await tasks(db, workflowId)).filter((x) => x.status === 'open')).toHaveLength(0);
    await saveHistory(handle, 'certification-worker-restart');
  });
});

test('the 一次判定 does not wait on the intake consent: 審査会の割当 right after the documents, while the consent is still being recorded', async () => {
  const input = newApplication('consent-beside');
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  // the consent activity is held until the board is scheduled (on a cluster its first dispatch can be slow)
  const holdConsent = (a: Activities) => ({
    recordIntakeConsent: async (c: Parameters<Activities['recordIntakeConsent']>[0]) => {
      await held;
      return a.recordIntakeConsent(c);
    },
  });
  await withWorker(
    env,
    db,
    taskQueue,
    async () => {
      const handle = await env.client.workflow.start(certificationWorkflow, {
        workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
        taskQueue,
        args: [input],
      });
      try {
        await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
        await act(handle, surveyor, { kind: 'scheduleSurvey', visitOn: today() });
        await act(handle, surveyor, {
          kind: 'completeSurvey',
          surveyedOn: today(),
          standardMinutes: 55,
          dementia: 'IIa',
        });
        await act(handle, intake, { kind: 'receiveOpinion', receivedOn: today(), dementia: 'IIa' });
        await act(handle, actor('board_secretariat'), { kind: 'scheduleBoard', panel: '第1合議体', boardOn: today() });
        expect(await db('consents').where({ source_workflow_id: handle.workflowId }).first()).toBeUndefined();
      } finally {
        release(); // a failure above must not leave the worker waiting on the held activity
      }
      const recorded = await eventually(() => db('consents').where({ source_workflow_id: handle.workflowId }).first());
      expect(Boolean(recorded?.granted)).toBe(true);
      expect(await events(db, handle.workflowId)).toEqual(
        expect.arrayContaining(['primary_judged', 'board_scheduled']),
      );
      await handle.terminate('test done');
      await saveHistory(handle, 'certification-r3-consent-held');
    },
    holdConsent,
  );
});
