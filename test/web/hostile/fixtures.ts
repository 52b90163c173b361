/**
 * One world for the hostile-input and access-matrix tests: the demo insurer (宇城市) with cases, notices, tasks and
 * 居宅届 for persons inside and outside each office's scope, a withdrawn consent, and a second insurer with its own
 * staff, person and case. Extend it here (a new kind of subject, a new role) and both tests follow.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { EncryptionCodec } from '../../../lib/payload-codec';
import { createRepositories } from '../../../db';
import { DEMO_USERS } from '../../../db/seeds/demo';
import { addDays } from '../../../domain/dates';
import { CertificationService } from '../../../web/services/certification';
import { PlanNotificationService } from '../../../web/services/plan-notification';
import { insertCase, servicesWith, TODAY } from '../helpers';

export const INSURER_A = '432130';
export const INSURER_B = '439999';

/** A person the matrix opens pages about, with the IDs of what hangs off them. */
export interface Subject {
  label: string;
  insuredNo: string;
  insurerNo: string;
  name: string;
  workflowId: string;
  noticeId: string;
  taskId: string;
  /** A 居宅届 about the person, filed by `planOfficeNo`. */
  filingNo: string;
  planOfficeNo: string;
}

/** Logins: 5 municipal roles and 3 care offices of insurer A (the demo's), and insurer B's 認定係. */
export const LOGINS = [
  'nintei',
  'chosa',
  'shinsakai',
  'kyufu',
  'kakaricho',
  'ukinosato',
  'houkatsu',
  'shiranui',
  'misumien',
  'ishi',
];
/** The demo offices' administrators (db/seeds/demo.ts): they alone manage their office's staff. */
export const OFFICE_ADMINS = DEMO_USERS.filter((u) => u.office_admin && u.role === 'office_staff').map(
  (u) => u.login_id as string,
);

const subject = (
  label: string,
  insuredNo: string,
  insurerNo: string,
  name: string,
  n: number,
  planOfficeNo: string,
) => {
  const workflowId = `cert-${insurerNo}-M${n}`;
  return {
    label,
    insuredNo,
    insurerNo,
    name,
    workflowId,
    noticeId: `${workflowId}:opinion-request`,
    taskId: `${workflowId}:survey-assign`,
    filingNo: `20261120-0000000${n}`,
    planOfficeNo,
  };
};

/** うきの里 4370100011 serves 1 and 2 (2's consent withdrawn here); 地域包括 4370100029 serves 4; 3 has no office. */
export const SUBJECTS: Subject[] = [
  subject('うきの里の利用者', '0000100001', INSURER_A, '宇城 太郎', 1, '4370100011'),
  subject('同意撤回済み', '0000100002', INSURER_A, '松橋 ハナ', 2, '4370100011'),
  subject('担当なし・同意なし', '0000100003', INSURER_A, '小川 一郎', 3, '4370100037'),
  subject('地域包括の利用者', '0000100004', INSURER_A, '豊野 キヨ', 4, '4370100029'),
  subject('他の保険者の被保険者', '0000900001', INSURER_B, '別 花子', 5, '4370100011'),
];

/** Writes the subjects' cases, notices, tasks and filings, the withdrawn consent and insurer B into a seeded DB. */
export async function buildWorld(db: Knex): Promise<void> {
  await db('insurers').insert({
    insurer_no: INSURER_B,
    name: '別市',
    prefecture: '熊本県',
    address: '別市',
    phone: '0',
  });
  const { password_hash } = await db('users').where({ login_id: 'nintei' }).first('password_hash');
  await db('users').insert({
    login_id: 'b-nintei',
    display_name: '別 一郎',
    role: 'intake',
    insurer_no: INSURER_B,
    password_hash,
    active: true,
  });
  await db('insured_persons').insert({
    insured_no: '0000900001',
    insurer_no: INSURER_B,
    name: '別 花子',
    kana: 'ベツ ハナコ',
    birth_date: '1941-01-01',
    sex: '2',
    insured_category: 1,
    status: 'active',
    updated_at: '2026-11-01T00:00:00Z',
  });
  await db('consents').insert({
    insured_no: '0000100002',
    granted: true,
    granted_on: addDays(TODAY, -200),
    revoked_on: addDays(TODAY, -1),
    channel: 'municipality',
  });
  for (const s of SUBJECTS) {
    await insertCase(db, {
      workflowId: s.workflowId,
      insuredNo: s.insuredNo,
      appliedOn: addDays(TODAY, -10),
      dueOn: addDays(TODAY, 20),
      tasks: [{ key: 'survey-assign', type: 'survey', title: '調査の割当', candidateRole: 'intake', dueOn: TODAY }],
    });
    if (s.insurerNo !== INSURER_A)
      await db('cases').where({ workflow_id: s.workflowId }).update({ insurer_no: s.insurerNo });
    await insertCase(db, {
      workflowId: `plan-${s.insurerNo}-${s.filingNo}`,
      caseKind: 'plan_notification',
      applicationNo: s.filingNo,
      insuredNo: s.insuredNo,
      appliedOn: addDays(TODAY, -5),
      dueOn: addDays(TODAY, 9),
      filedByOfficeNo: s.planOfficeNo,
      summary: { filingNo: s.filingNo, rounds: [] },
    });
    if (s.insurerNo !== INSURER_A)
      await db('cases')
        .where({ workflow_id: `plan-${s.insurerNo}-${s.filingNo}` })
        .update({ insurer_no: s.insurerNo });
    await db('notices').insert({
      id: `plan-${s.insurerNo}-${s.filingNo}:accepted-1`,
      workflow_id: `plan-${s.insurerNo}-${s.filingNo}`,
      kind: 'plan_accepted',
      title: '受理通知',
      html: `<h1>受理通知</h1><p>${s.name} 様</p>`,
      created_at: `${TODAY}T02:00:00Z`,
    });
    await db('notices').insert({
      id: s.noticeId,
      workflow_id: s.workflowId,
      kind: 'opinion_request',
      title: '主治医意見書依頼書',
      html: `<h1>主治医意見書依頼書</h1><p>${s.name} 様</p>`,
      created_at: `${TODAY}T02:00:00Z`,
    });
  }
}

/** What the fakes were asked to do (the Temporal calls a POST led to). */
export const temporalCalls: { op: string; args: unknown }[] = [];

/** What an Update answers: the fields the pages read of a snapshot. */
const snapshotOf = (workflowId: string) => ({
  workflowId,
  filingNo: workflowId.replace(/^plan-\d+-/, ''),
  stage: 'submitted',
  rounds: [],
  notifiedOn: null,
});

/**
 * A Temporal client that records every start, update and signal and answers like a running workflow, so the real
 * services (their checks, their schemas) run all the way and only the workflow itself is absent.
 */
export function recordingClient(): Client {
  const handle = (workflowId: string) => ({
    workflowId,
    executeUpdate: async (_def: unknown, opts: { args: unknown[] }) => {
      temporalCalls.push({ op: 'update', args: opts.args });
      return snapshotOf(workflowId);
    },
    signal: async (_def: unknown, ...args: unknown[]) => void temporalCalls.push({ op: 'signal', args }),
    query: async () => {
      throw new Error('no worker');
    },
    describe: async () => ({ status: { name: 'RUNNING' } }),
  });
  const workflow = {
    start: async (_type: unknown, opts: { workflowId: string; args: unknown[] }) => {
      temporalCalls.push({ op: 'start', args: opts.args });
      return handle(opts.workflowId);
    },
    executeUpdateWithStart: async (
      _def: unknown,
      opts: { args: unknown[]; startWorkflowOperation: { options: { workflowId: string } } },
    ) => {
      temporalCalls.push({ op: 'updateWithStart', args: opts.args });
      return snapshotOf(opts.startWorkflowOperation.options.workflowId);
    },
    getHandle: handle,
  };
  return { workflow } as unknown as Client;
}

/** The real services over the world's DB, Temporal replaced by the recording client, history by a stub. */
export function worldServices(db: Knex) {
  const repos = createRepositories(db);
  const client = recordingClient();
  const certification = new CertificationService({ repos, client, taskQueue: 'test' });
  // A case just received is not written by a workflow here: do not wait for it.
  certification.untilListed = async () => true;
  const planNotification = new PlanNotificationService({ repos, client, taskQueue: 'test' });
  const history = { eventsOf: async () => [], events: async () => [] };
  const payloadCodec = new EncryptionCodec([{ id: 't', key: randomBytes(32) }]);
  return servicesWith(db, { certification, planNotification, history, payloadCodec });
}
