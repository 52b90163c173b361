/** 認定調査員の割当 on the real server (issue 18): the picked account's inbox gets the task; 委託 of a 新規 is refused. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { certificationWorkflow } from '../../workflows';
import { useServerAndSeededDb } from './temporal-env';
import { act, actor, intake, newApplication, tasks, withWorker } from './certification-support';

const taskQueue = `survey-assign-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

test('新規: 委託 is refused by the workflow; the picked 認定調査員 gets the survey task in their own inbox', async () => {
  const input = newApplication('assign');
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, {
      workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
      taskQueue,
      args: [input],
    });
    const refused = await act(handle, intake, {
      kind: 'assignSurveyor',
      surveyorKind: 'office',
      surveyorName: '居宅介護支援事業所 うきの里',
      officeNo: '4370100011',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toContain('新規の認定調査は事業所に委託できません');
    expect((await handle.query(certificationSnapshotQuery)).survey.surveyorName).toBeNull();

    await act(handle, intake, {
      kind: 'assignSurveyor',
      surveyorKind: 'municipal',
      surveyorName: '小川 健',
      surveyorLoginId: 'chosa',
    });
    const chosa = await db('users').where({ login_id: 'chosa' }).first('id');
    const visit = (await tasks(db, handle.workflowId)).find((t) => t.id.endsWith(':survey-visit'));
    expect(visit).toMatchObject({ candidate_role: 'surveyor', status: 'open', office_no: null });
    expect((visit as { assignee_user_id: number | null }).assignee_user_id).toBe(chosa.id);
    await handle.terminate('test done');
  });
});

test('委託 of a 更新: only the contracted office completes the survey; another office is refused, nothing recorded', async () => {
  const input = newApplication('contract', { type: 'renewal', insuredNo: '0000100002' });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, {
      workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
      taskQueue,
      args: [input],
    });
    await act(handle, intake, {
      kind: 'assignSurveyor',
      surveyorKind: 'office',
      surveyorName: '居宅介護支援事業所 うきの里',
      officeNo: '4370100011',
    });
    const survey = {
      kind: 'completeSurvey',
      surveyedOn: input.appliedOn,
      standardMinutes: 45,
      dementia: 'IIa',
      specialNotes: null,
    } as const;
    const refused = await act(handle, actor('office_staff', '4370100029'), survey).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe('この認定調査は貴事業所に委託されていません');
    expect((await handle.query(certificationSnapshotQuery)).survey.completedOn).toBeNull();

    await act(handle, actor('office_staff', '4370100011'), survey);
    expect((await handle.query(certificationSnapshotQuery)).survey.completedOn).toBe(input.appliedOn);
    const visit = (await tasks(db, handle.workflowId)).find((t) => t.id.endsWith(':survey-visit'));
    expect(visit).toMatchObject({ status: 'completed', office_no: '4370100011' });
    await handle.terminate('test done');
  });
});
