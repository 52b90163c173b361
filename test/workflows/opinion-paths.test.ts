/**
 * 主治医意見書 on the real dev server, through the services the pages call: sent online by the doctor and checked by
 * the 認定係 (= receipt; the 督促 stops), keyed in from paper, brought by the applicant at intake (no request, no
 * 督促), and returned to the doctor and submitted again. Where 督促 must be seen (or seen not to come), days are short
 * and the test waits for the case's own calendar to pass a date, never for a length of real time.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { opinionFormOn } from '../../domain/documents/opinion-form';
import { certificationWorkflow } from '../../workflows';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { AuditService } from '../../web/services/audit';
import { CertificationService } from '../../web/services/certification';
import { MedicalService } from '../../web/services/medical';
import { OpinionCheckService } from '../../web/services/opinion';
import { completeOpinion } from '../support/documents';
import { useServerAndSeededDb } from './temporal-env';
import { actor, eventually, events, intake, newApplication, today, withWorker } from './certification-support';

const taskQueue = `opinion-paths-${Date.now()}`;
const HOSPITAL = '4310100019'; // 宇城ひかり病院 (demo)
const doctor = actor('doctor', HOSPITAL);
let env: TestWorkflowEnvironment;
let db: Knex;
let medical: MedicalService;
let opinions: OpinionCheckService;

useServerAndSeededDb((opened) => {
  ({ env, db } = opened);
  const repos = createRepositories(db);
  const audit = new AuditService(repos);
  const certification = new CertificationService({ repos, client: env.client, taskQueue });
  medical = new MedicalService(repos, audit);
  opinions = new OpinionCheckService(repos, audit, () => certification);
});

const values = () => completeOpinion(opinionFormOn(today())!);
const requestOf = (workflowId: string) => db('opinion_requests').where({ workflow_id: workflowId }).first();
const snapshot = (h: WorkflowHandle) => h.query(certificationSnapshotQuery);
/**
 * Lets `days` of the case's calendar pass in wall time (dayMs 150). The case holds one timer to its next wake, so it
 * runs no task (and its queried calendar does not move) on days when nothing can change; a 督促 due would wake it.
 */
const letDaysPass = (days: number) => new Promise((resolve) => setTimeout(resolve, days * 150 + 500));
const reminderNotices = async (workflowId: string) =>
  (await db('notices').where({ workflow_id: workflowId, kind: 'opinion_reminder' })).length;

async function start(prefix: string, over: Parameters<typeof newApplication>[1] = {}) {
  const input = newApplication(prefix, over);
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
  return { handle, workflowId };
}

const HOSPITAL_DOCTOR = { name: '郡浦 医師', clinic: '宇城ひかり病院', phone: '0964-32-0005' };

test('electronic: the doctor submits online, the 認定係 checks it = receipt, and the 督促 stops', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const { handle, workflowId } = await start('op-online', { doctor: HOSPITAL_DOCTOR, timing: { dayMs: 150 } });
    try {
      const request = await eventually(() => requestOf(workflowId));
      expect(request).toMatchObject({ institution_no: HOSPITAL, status: 'requested' });
      // the 督促 runs while the opinion is out (every 14 days of the case's calendar)
      await eventually(async () => (await snapshot(handle)).opinion.reminders >= 1, 60_000);

      const inbox = await medical.inbox(doctor);
      expect(inbox.map((r) => r.workflow_id)).toContain(workflowId);
      await medical.write(doctor, request.id, values(), true);
      expect((await requestOf(workflowId)).status).toBe('submitted');

      const page = await opinions.page(intake, workflowId);
      expect(page).toMatchObject({ checkable: true, returnable: true });
      await opinions.check(intake, workflowId, 'check-1');
      await opinions.check(intake, workflowId, 'check-1').catch(() => undefined); // a double click: one receipt
      const after = await snapshot(handle);
      expect(after.opinion.receivedOn).not.toBeNull();
      expect(after.opinion.dementia).toBe('IIa');
      expect((await events(db, workflowId)).filter((e) => e === 'opinion_received')).toHaveLength(1);
      await eventually(async () => (await requestOf(workflowId)).status === 'received');
      expect(await medical.inbox(doctor)).not.toContainEqual(expect.objectContaining({ workflow_id: workflowId }));
      const doc = await db('case_documents').where({ workflow_id: workflowId, doc_kind: 'opinion' }).first();
      expect(doc.fed_at).not.toBeNull();

      // three reminder periods later by the case's calendar: not one more 督促
      const reminders = after.opinion.reminders;
      await letDaysPass(3 * 14 + 1);
      expect((await snapshot(handle)).opinion.reminders).toBe(reminders);
      expect(await reminderNotices(workflowId)).toBe(reminders);
    } finally {
      await handle.terminate('test done');
    }
  });
});

test('paper: a clinic not registered gets the paper request; the 認定係 keys the opinion in and checks it', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const { handle, workflowId } = await start('op-paper');
    try {
      const request = await eventually(() => requestOf(workflowId));
      expect(request.institution_no).toBeNull(); // 宇城中央クリニック is not registered
      expect(await db('notices').where({ workflow_id: workflowId, kind: 'opinion_request' })).toHaveLength(1);
      await expect(opinions.check(intake, workflowId, 'too-soon')).rejects.toThrow('確認できる意見書がありません');
      await opinions.keyIn(intake, workflowId, { items: { diagnosis1: '脳梗塞後遺症' }, notes: {} }, false);
      await expect(
        opinions.keyIn(intake, workflowId, { items: { diagnosis1: '脳梗塞後遺症' }, notes: {} }, true),
      ).rejects.toThrow('最終診察日を入力してください');
      await opinions.keyIn(intake, workflowId, values(), true);
      await opinions.check(intake, workflowId, 'paper-check');
      expect((await snapshot(handle)).opinion.receivedOn).not.toBeNull();
      const doc = await db('case_documents').where({ workflow_id: workflowId, doc_kind: 'opinion' }).first();
      expect(doc).toMatchObject({ source: 'paper', status: 'completed' });
      await eventually(async () => (await requestOf(workflowId)).status === 'received');
    } finally {
      await handle.terminate('test done');
    }
  });
});

test('brought at intake: no request, no 督促 however long it waits; keyed in and checked', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const { handle, workflowId } = await start('op-brought', {
      doctor: HOSPITAL_DOCTOR,
      opinionBroughtAtIntake: true,
      timing: { dayMs: 150 },
    });
    try {
      await eventually(async () => (await events(db, workflowId)).includes('opinion_brought'));
      const first = await snapshot(handle);
      expect(first.opinion.broughtAtIntake).toBe(true);
      // three reminder periods pass by the case's calendar: nothing is sent
      await letDaysPass(3 * 14 + 1);
      expect((await snapshot(handle)).opinion.reminders).toBe(0);
      expect(await requestOf(workflowId)).toBeUndefined();
      expect(await db('notices').where({ workflow_id: workflowId }).whereLike('kind', 'opinion%')).toHaveLength(0);
      expect(await events(db, workflowId)).not.toContain('opinion_requested');
      expect(await events(db, workflowId)).not.toContain('opinion_reminded');
      // the hospital named on the application was sent nothing, so it sees nothing
      expect((await medical.inbox(doctor)).map((r) => r.workflow_id)).not.toContain(workflowId);

      const page = await opinions.page(intake, workflowId);
      expect(page).toMatchObject({ brought: true, keyable: true, checkable: false });
      await opinions.keyIn(intake, workflowId, values(), true);
      await opinions.check(intake, workflowId, 'brought-check');
      expect((await snapshot(handle)).opinion.receivedOn).not.toBeNull();
      const doc = await db('case_documents').where({ workflow_id: workflowId, doc_kind: 'opinion' }).first();
      expect(doc.source).toBe('intake');
    } finally {
      await handle.terminate('test done');
    }
  });
});

test('returned: the doctor sees the reason, corrects and submits again; the check then receives it', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const { handle, workflowId } = await start('op-return', { doctor: HOSPITAL_DOCTOR });
    try {
      const request = await eventually(() => requestOf(workflowId));
      await medical.write(doctor, request.id, values(), true);
      await opinions.returnToDoctor(intake, workflowId, '診断名1の発症年月日を記入してください');
      const back = await medical.request(doctor, request.id);
      expect(back.row).toMatchObject({ status: 'returned', return_reason: '診断名1の発症年月日を記入してください' });
      expect(back.editable).toBe(true);
      expect(back.values.items.diagnosis1).toBe('アルツハイマー型認知症'); // the submitted record, to correct
      // returned: nothing to check until the doctor submits again, and the case has not received it
      await expect(opinions.check(intake, workflowId, 'early')).rejects.toThrow('確認できる意見書がありません');
      expect((await snapshot(handle)).opinion.receivedOn).toBeNull();

      const corrected = completeOpinion(opinionFormOn(today())!, { onset1: '2024-04-01' });
      await medical.write(doctor, request.id, corrected, true);
      expect((await requestOf(workflowId)).status).toBe('submitted');
      await opinions.check(intake, workflowId, 'after-return');
      expect((await snapshot(handle)).opinion.receivedOn).not.toBeNull();
      const doc = await db('case_documents').where({ workflow_id: workflowId, doc_kind: 'opinion' }).first();
      const versions = await db('case_document_versions').where({ document_id: doc.id }).orderBy('version');
      expect(versions).toHaveLength(2);
      expect(JSON.parse(versions[1].values_json).items.onset1).toBe('2024-04-01');
      const audit = await db('audit_log')
        .where({ target: `case:${workflowId}` })
        .pluck('action');
      expect(audit).toEqual(expect.arrayContaining(['opinion.submit', 'opinion.return', 'opinion.check']));
    } finally {
      await handle.terminate('test done');
    }
  });
});
