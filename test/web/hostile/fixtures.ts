/**
 * One world for the hostile-input and access-matrix tests: the demo insurer (宇城市) with cases, notices, tasks and
 * 居宅届 for persons inside and outside each office's scope, a withdrawn consent, 担当事業所登録 in every state
 * (active, lapsed, returned, ended by the office, ended on death or moving out), a number that exists nowhere, a second
 * insurer with its own staff, person and case, and the demo's insurer whose 利用開始日 has not come (デモ町: a request
 * waiting for the city and one it approved). Extend it here (a new kind of subject, a new role) and both tests follow.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { EncryptionCodec } from '../../../lib/payload-codec';
import { createRepositories } from '../../../db';
import { DEMO_USERS, PRE_START_INSURER } from '../../../db/seeds/demo';
import { addDays } from '../../../domain/dates';
import { CertificationService } from '../../../web/services/certification';
import { PlanNotificationService } from '../../../web/services/plan-notification';
import { insertCase, servicesWith, TODAY } from '../helpers';

export const INSURER_A = '432130';
export const INSURER_B = '439999';
/** デモ町: its 利用開始日 is ahead (db/seeds/demo.ts), so its offices see no person and requests wait for the city. */
export const INSURER_PRE = PRE_START_INSURER.insurer_no;

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
  /** false: the number exists nowhere (no person, case, notice or filing) */
  exists: boolean;
  /** the certification case is decided (処分済み), so its 認定資料 may be shown */
  decided: boolean;
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
  PRE_START_INSURER.user.login_id,
];
/** Logins the world adds: insurer B's 認定係 and デモ町's (who decides its offices' pending requests). */
export const WORLD_LOGINS = ['b-nintei', 'pre-nintei'];
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
  more: Partial<Pick<Subject, 'exists' | 'decided'>> = {},
): Subject => {
  const workflowId = `cert-${insurerNo}-M${n}`;
  return {
    label,
    insuredNo,
    insurerNo,
    name,
    workflowId,
    noticeId: `${workflowId}:opinion-request`,
    taskId: `${workflowId}:survey-assign`,
    filingNo: `20261120-${String(n).padStart(8, '0')}`,
    planOfficeNo,
    exists: true,
    decided: false,
    ...more,
  };
};

const UKINOSATO = '4370100011';
const SHIRANUI = '4370100037';

/** うきの里 4370100011 serves 1 and 2 (2's consent withdrawn here); 地域包括 4370100029 serves 4; 3 has no office. */
export const SUBJECTS: Subject[] = [
  subject('うきの里の利用者', '0000100001', INSURER_A, '宇城 太郎', 1, '4370100011'),
  subject('同意撤回済み', '0000100002', INSURER_A, '松橋 ハナ', 2, '4370100011'),
  subject('担当なし・同意なし', '0000100003', INSURER_A, '小川 一郎', 3, '4370100037'),
  subject('地域包括の利用者', '0000100004', INSURER_A, '豊野 キヨ', 4, '4370100029'),
  subject('他の保険者の被保険者', '0000900001', INSURER_B, '別 花子', 5, '4370100011'),
  // 担当事業所登録 of うきの里 in each state, consent given; their 居宅届 are しらぬい's, so only the registration could
  // show them to うきの里
  subject('登録失効（給付実績なし）', '0000100111', INSURER_A, '失効 一郎', 6, SHIRANUI, { decided: true }),
  subject('登録差し戻し', '0000100112', INSURER_A, '差戻 二郎', 7, SHIRANUI, { decided: true }),
  subject('事業所が登録終了', '0000100113', INSURER_A, '終了 三郎', 8, SHIRANUI, { decided: true }),
  subject('死亡（登録は死亡日に終了）', '0000100114', INSURER_A, '物故 四郎', 9, SHIRANUI, { decided: true }),
  subject('転出（登録は転出日に終了）', '0000100115', INSURER_A, '転出 五子', 10, SHIRANUI, { decided: true }),
  subject('存在しない番号', '0000199999', INSURER_A, '架空 六郎', 11, SHIRANUI, { exists: false }),
  subject('利用開始前・市の確認待ち', '0009900011', INSURER_PRE, '待機 七子', 12, SHIRANUI, { decided: true }),
  subject('利用開始前・市が承認済み', '0009900012', INSURER_PRE, '承認 八郎', 13, SHIRANUI, { decided: true }),
  subject('うきの里の利用者（処分済み）', '0000100016', INSURER_A, '処分 九子', 14, SHIRANUI, { decided: true }),
];

/** What each added subject holds: register status and うきの里's (or デモ町's) registration. */
const REGISTRATIONS: Record<
  string,
  { status?: string; office: string; row: Record<string, string | null>; personStatus?: string }
> = {
  '0000100111': {
    office: UKINOSATO,
    row: {
      status: 'active',
      effective_on: addDays(TODAY, -220),
      last_served_on: addDays(TODAY, -200),
      lapses_on: addDays(TODAY, -17),
    },
  },
  '0000100112': {
    office: UKINOSATO,
    row: { status: 'returned', effective_on: null, return_reason: '被保険者証の写しが不鮮明' },
  },
  '0000100113': {
    office: UKINOSATO,
    row: { status: 'ended', effective_on: addDays(TODAY, -90), ended_on: addDays(TODAY, -3) },
  },
  '0000100114': {
    office: UKINOSATO,
    personStatus: 'deceased',
    row: { status: 'ended', effective_on: addDays(TODAY, -90), ended_on: addDays(TODAY, -10) },
  },
  '0000100115': {
    office: UKINOSATO,
    personStatus: 'moved_out',
    row: { status: 'ended', effective_on: addDays(TODAY, -90), ended_on: addDays(TODAY, -10) },
  },
  '0009900011': { office: PRE_START_INSURER.office.office_no, row: { status: 'pending', effective_on: null } },
  '0009900012': {
    office: PRE_START_INSURER.office.office_no,
    row: { status: 'active', effective_on: addDays(TODAY, -5), lapses_on: addDays(TODAY, 175) },
  },
  '0000100016': {
    office: UKINOSATO,
    row: { status: 'active', effective_on: addDays(TODAY, -30), lapses_on: addDays(TODAY, 150) },
  },
};

/** The added subjects' register rows, consents and registrations. */
async function registrationSubjects(db: Knex): Promise<void> {
  const staff = await db('users').whereNotNull('office_no').select('id', 'office_no');
  let birth = 0;
  for (const s of SUBJECTS.filter((x) => x.exists && REGISTRATIONS[x.insuredNo])) {
    const r = REGISTRATIONS[s.insuredNo];
    await db('insured_persons').insert({
      insured_no: s.insuredNo,
      insurer_no: s.insurerNo,
      name: s.name,
      kana: 'テスト',
      birth_date: `1940-03-${String(++birth).padStart(2, '0')}`,
      sex: '1',
      insured_category: 1,
      status: r.personStatus ?? 'active',
      address: '熊本県宇城市',
      updated_at: '2026-11-01T00:00:00Z',
    });
    await db('consents').insert({
      insured_no: s.insuredNo,
      granted: true,
      granted_on: addDays(TODAY, -300),
      channel: 'application',
    });
    await db('office_registrations').insert({
      office_no: r.office,
      insured_no: s.insuredNo,
      insurer_no: s.insurerNo,
      method: 'insured_card',
      requested_by_user_id: staff.find((u) => u.office_no === r.office)!.id,
      requested_at: `${addDays(TODAY, -230)}T01:00:00.000Z`,
      last_served_on: null,
      lapses_on: null,
      ...r.row,
    });
  }
}

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
  await db('users').insert({
    login_id: 'pre-nintei',
    display_name: '出茂 係',
    role: 'intake',
    insurer_no: INSURER_PRE,
    password_hash,
    active: true,
  });
  await registrationSubjects(db);
  await db('consents').insert({
    insured_no: '0000100002',
    granted: true,
    granted_on: addDays(TODAY, -200),
    revoked_on: addDays(TODAY, -1),
    channel: 'municipality',
  });
  for (const s of SUBJECTS.filter((x) => x.exists)) {
    await insertCase(db, {
      workflowId: s.workflowId,
      insuredNo: s.insuredNo,
      appliedOn: addDays(TODAY, -10),
      dueOn: addDays(TODAY, 20),
      ...(s.decided ? { stage: 'notified', finalLevel: 'care_2', summary: { decidedOn: addDays(TODAY, -2) } } : {}),
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
