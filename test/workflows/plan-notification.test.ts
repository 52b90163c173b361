/** 居宅届 workflow on the real dev server: accept, return and refile, change of office, refusals, idempotency, roles. */
import { createRepositories } from '../../db';
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor';
import { addDays, jstDateOf } from '../../domain/dates';
import { previousAssignmentEndDate, REIMBURSEMENT_WARNING } from '../../domain/plan-notification/checks';
import type { PlanFiling } from '../../domain/plan-notification/types';
import { ConflictError, ValidationError } from '../../web/errors';
import { PlanNotificationService } from '../../web/services/plan-notification';
import {
  acceptPlanUpdate,
  filePlanUpdate,
  planNotificationSnapshotQuery,
  planNotificationWorkflowId,
  planUpdateId,
  returnPlanUpdate,
} from '../../workflows/plan-notification/messages';
import { demoBirthDate } from '../../db/seeds/demo';
import { createTempDb } from '../support/temp-db';
import { attachTestEnv, withTestWorker } from './temporal-env';

const INSURER = '432130';
const today = () => jstDateOf(Date.now());
const actor = (loginId: string, role: Actor['role'], officeNo: string | null): Actor => ({
  userId: 1,
  loginId,
  displayName: loginId,
  role,
  officeNo,
  insurerNo: INSURER,
});
const ukinosato = actor('ukinosato', 'office_staff', '4370100011');
const shiranui = actor('shiranui', 'office_staff', '4370100037');
const houkatsu = actor('houkatsu', 'office_staff', '4370100029');
const kyufu = actor('kyufu', 'benefits', null);

const PERSONS: Record<string, PlanFiling['person']> = {
  '0000100001': {
    insuredNo: '0000100001',
    name: '宇城 太郎',
    kana: 'ウキ タロウ',
    birthDate: demoBirthDate(today(), '0000100001'),
  },
  '0000100002': {
    insuredNo: '0000100002',
    name: '松橋 ハナ',
    kana: 'マツバセ ハナ',
    birthDate: demoBirthDate(today(), '0000100002'),
  },
  '0000100003': {
    insuredNo: '0000100003',
    name: '小川 一郎',
    kana: 'オガワ イチロウ',
    birthDate: demoBirthDate(today(), '0000100003'),
  },
  '0000100004': {
    insuredNo: '0000100004',
    name: '豊野 キヨ',
    kana: 'トヨノ キヨ',
    birthDate: demoBirthDate(today(), '0000100004'),
  },
  '0000100006': {
    insuredNo: '0000100006',
    name: '不知火 ミツ',
    kana: 'シラヌイ ミツ',
    birthDate: demoBirthDate(today(), '0000100006'),
  },
};

function filing(insuredNo: string, over: Partial<PlanFiling> = {}): PlanFiling {
  return {
    kind: 'new',
    person: PERSONS[insuredNo],
    startDate: addDays(today(), 3),
    notifier: { name: '宇土 明美', relation: 'care_manager' },
    identity: { method: 'my_number_card', checkedBy: '宇土 明美', checkedOn: today() },
    ...over,
  };
}

let env: TestWorkflowEnvironment;
let db: Knex;
let cleanup: () => Promise<void>;
let plans: PlanNotificationService;
let taskQueue: string;
let n = 0;

beforeAll(async () => {
  env = await attachTestEnv();
  ({ db, cleanup } = await createTempDb({ seed: true, today: today() }));
});
afterAll(async () => {
  await cleanup();
});

/** Runs the test body with a fresh worker on a unique task queue. */
async function withWorker(fn: () => Promise<void>): Promise<void> {
  taskQueue = `plan-${Date.now()}-${++n}`;
  plans = new PlanNotificationService({ repos: createRepositories(db), client: env.client, taskQueue });
  await withTestWorker(env, db, taskQueue, fn);
}

const rid = () => plans.newRequestId();
const wid = (filingNo: string) => planNotificationWorkflowId(INSURER, filingNo);
const caseRow = (filingNo: string) =>
  db('cases')
    .where({ workflow_id: wid(filingNo) })
    .first();
const openTasks = (filingNo: string) =>
  db('tasks')
    .where({ workflow_id: wid(filingNo), status: 'open' })
    .orderBy('id');

async function expectRefused(p: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]),
  );
}

test('受理: a filing during a pending application is accepted; 被保険者証, 担当事業所, outbox and 受理通知 are written', async () => {
  await withWorker(async () => {
    // 0000100003 has no certification but an open application (申請中): any plan-making office kind is accepted.
    await db('cases').insert({
      workflow_id: 'cert-test-pending-3',
      case_kind: 'certification',
      insurer_no: INSURER,
      insured_no: '0000100003',
      stage: 'investigating',
      status: 'open',
      last_seq: 1,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    const filingNo = rid();
    const filed = await plans.file(ukinosato, filingNo, filing('0000100003'));
    expect(filed.stage).toBe('submitted');
    expect(filed.rounds[0].personLevel).toBe('pending');
    // The Update returned, so the read model already shows the step and the 給付係's task.
    expect((await caseRow(filingNo)).stage).toBe('submitted');
    expect(await openTasks(filingNo)).toEqual([
      expect.objectContaining({ candidate_role: 'benefits', task_type: 'plan_review' }),
    ]);

    const reviewed = await plans.review(kyufu, filingNo, rid());
    expect(reviewed.stage).toBe('under_review');
    expect((await caseRow(filingNo)).stage).toBe('under_review');

    const accepted = await plans.accept(kyufu, filingNo, rid(), '利用者の入院のため');
    expect(accepted.stage).toBe('accepted');
    expect(accepted.notifiedOn).toBe(today()); // default basis: the date of receipt
    const result = await env.client.workflow.getHandle(wid(filingNo)).result();
    expect(result).toEqual({ outcome: 'accepted', acceptedOn: today(), notifiedOn: today(), rounds: 1 });

    const person = await db('insured_persons').where({ insured_no: '0000100003' }).first();
    expect(person).toMatchObject({ plan_office_no: '4370100011', plan_notified_on: today() });
    expect(await db('office_assignments').where({ insured_no: '0000100003' })).toEqual([
      expect.objectContaining({ office_no: '4370100011', start_date: filing('0000100003').startDate, end_date: null }),
    ]);
    const outbox = await db('outbox')
      .where({ id: `${wid(filingNo)}:beneficiary-change` })
      .first();
    expect(outbox.kind).toBe('kokuhoren_beneficiary_change');
    const notice = await db('notices')
      .where({ id: `${wid(filingNo)}:accepted` })
      .first();
    expect(notice.html).toContain('受理');
    expect(notice.html).toContain('小川 一郎');
    expect(await openTasks(filingNo)).toEqual([]);
    expect((await caseRow(filingNo)).status).toBe('closed');
  });
});

test('返戻 and 再提出: the office sees the reason, corrects, refiles; the history keeps both rounds', async () => {
  await withWorker(async () => {
    const filingNo = rid();
    const past = addDays(today(), -10);
    const filed = await plans.file(ukinosato, filingNo, filing('0000100002', { startDate: past }));
    expect(filed.rounds[0].warnings).toEqual([expect.stringContaining(REIMBURSEMENT_WARNING)]);

    const returned = await plans.returnFiling(kyufu, filingNo, rid(), '開始年月日を契約日に合わせてください');
    expect(returned.stage).toBe('returned');
    expect(returned.rounds[0]).toMatchObject({
      decision: 'returned',
      returnReason: '開始年月日を契約日に合わせてください',
    });
    expect(await openTasks(filingNo)).toEqual([
      expect.objectContaining({ candidate_role: 'office_staff', office_no: '4370100011', task_type: 'plan_refile' }),
    ]);

    // Another office may not refile it.
    await expect(plans.refile(shiranui, filingNo, rid(), filing('0000100002'))).rejects.toThrow('届出が見つかりません');

    const refiled = await plans.refile(ukinosato, filingNo, rid(), filing('0000100002'));
    expect(refiled.stage).toBe('submitted');
    expect(refiled.rounds).toHaveLength(2);
    expect(refiled.rounds[1].warnings).toEqual([]);
    await plans.accept(kyufu, filingNo, rid(), '確認済');
    await env.client.workflow.getHandle(wid(filingNo)).result();

    const events = await db('case_events')
      .where({ workflow_id: wid(filingNo) })
      .orderBy('seq')
      .pluck('event_type');
    expect(events).toEqual(['plan_filed', 'plan_returned', 'plan_refiled', 'plan_accepted', 'plan_acceptance_applied']);
    const notices = await db('notices')
      .where({ workflow_id: wid(filingNo) })
      .orderBy('id')
      .pluck('id');
    expect(notices).toEqual([`${wid(filingNo)}:accepted`, `${wid(filingNo)}:returned-1`]);
    const summary = JSON.parse((await caseRow(filingNo)).summary_json);
    expect(summary.rounds.map((r: { decision: string }) => r.decision)).toEqual(['returned', 'accepted']);
  });
});

test('変更: accepting a change of office ends the previous assignment and queues a 受給者異動 record', async () => {
  await withWorker(async () => {
    const filingNo = rid();
    const start = addDays(today(), 5);
    const change = { reason: '利用者の転居のため', previousOfficeNo: '4370100011' };
    await plans.file(shiranui, filingNo, filing('0000100001', { kind: 'change', startDate: start, change }));
    await plans.accept(kyufu, filingNo, rid(), '利用者の入院のため');
    await env.client.workflow.getHandle(wid(filingNo)).result();

    const rows = await db('office_assignments').where({ insured_no: '0000100001' }).orderBy('id');
    expect(rows).toEqual([
      expect.objectContaining({ office_no: '4370100011', end_date: previousAssignmentEndDate(start) }),
      expect.objectContaining({
        office_no: '4370100037',
        start_date: start,
        end_date: null,
        source_workflow_id: wid(filingNo),
      }),
    ]);
    expect(await db('insured_persons').where({ insured_no: '0000100001' }).first()).toMatchObject({
      plan_office_no: '4370100037',
    });
    const outbox = await db('outbox')
      .where({ kind: 'kokuhoren_beneficiary_change', id: `${wid(filingNo)}:beneficiary-change` })
      .first();
    expect(JSON.parse(outbox.payload_json)).toMatchObject({
      insuredNo: '0000100001',
      filingKind: 'change',
      officeNo: '4370100037',
      startDate: start,
      previousOfficeNo: '4370100011',
      endedAssignments: [{ officeNo: '4370100011', endDate: previousAssignmentEndDate(start) }],
    });
  });
});

test('a second open filing for the same person is refused, and nothing is recorded for it', async () => {
  await withWorker(async () => {
    const first = rid();
    await plans.file(ukinosato, first, filing('0000100006'));
    const second = rid();
    await expectRefused(
      plans.file(shiranui, second, filing('0000100006')),
      'person.insuredNo',
      /処理中の居宅届があります/,
    );
    expect(await caseRow(second)).toBeUndefined();
    // Refused before any workflow started: nothing in Temporal holds the typed data.
    await expect(env.client.workflow.getHandle(wid(second)).describe()).rejects.toThrow(WorkflowNotFoundError);
    // A resubmission of the same form (same requestId) after the run ended shows the same errors.
    await expectRefused(
      plans.file(shiranui, second, filing('0000100006')),
      'person.insuredNo',
      /処理中の居宅届があります/,
    );
    await plans.withdraw(ukinosato, first, rid(), '利用者の入院のため');
  });
});

test('wrong office kind, unknown person and missing identity check are refused with Japanese messages', async () => {
  await withWorker(async () => {
    // 地域包括支援センター for a 要介護2 person it does not serve: the one answer, which does not name the level
    const wrongKind = rid();
    await expectRefused(
      plans.file(houkatsu, wrongKind, filing('0000100001')),
      'person.insuredNo',
      /^この被保険者の居宅届はこの事業所からは受け付けられません/,
    );
    // wrong birth date reads as "not found" or as the one answer (no probing of the register)
    const wrongBirth = { ...PERSONS['0000100002'], birthDate: addDays(PERSONS['0000100002'].birthDate, 1) };
    await expectRefused(
      plans.file(ukinosato, rid(), filing('0000100002', { person: wrongBirth })),
      'person.insuredNo',
      /該当する被保険者が見つかりません|この事業所からは受け付けられません/,
    );
    const noIdentity = { ...filing('0000100002'), identity: null } as unknown as PlanFiling;
    await expectRefused(plans.file(ukinosato, rid(), noIdentity), 'identity.method', /本人確認が記録されていません/);
    await expectRefused(
      plans.file(ukinosato, rid(), filing('0000100002', { startDate: addDays(today(), 400) })),
      'startDate',
      /1年以上離れています/,
    );
    expect(
      await db('cases').where({ case_kind: 'plan_notification', insured_no: '0000100002', status: 'open' }),
    ).toEqual([]);
    await expect(env.client.workflow.getHandle(wid(wrongKind)).describe()).rejects.toThrow(WorkflowNotFoundError);
  });
});

test('the same updateId performs an action once; a wrong role or state is rejected without entering history', async () => {
  await withWorker(async () => {
    const filingNo = rid();
    const workflowId = wid(filingNo);
    // Double click on the filing form: same requestId → same workflow, same update.
    const [a, b] = await Promise.all([
      plans.file(houkatsu, filingNo, filing('0000100004')),
      plans.file(houkatsu, filingNo, filing('0000100004')),
    ]);
    expect(a.version).toBe(b.version);
    expect(await db('case_events').where({ workflow_id: workflowId })).toHaveLength(1);

    const handle = env.client.workflow.getHandle(workflowId);
    const requestId = rid();
    const cmd = { actor: kyufu, reason: '事業所番号の記載誤り' };
    const first = await handle.executeUpdate(returnPlanUpdate, {
      args: [cmd],
      updateId: planUpdateId(workflowId, 'return', requestId),
    });
    const again = await handle.executeUpdate(returnPlanUpdate, {
      args: [cmd],
      updateId: planUpdateId(workflowId, 'return', requestId),
    });
    expect(again).toEqual(first);
    expect(await db('case_events').where({ workflow_id: workflowId, event_type: 'plan_returned' })).toHaveLength(1);
    // A new request in the wrong state: a conflict with a Japanese message.
    await expect(plans.returnFiling(kyufu, filingNo, rid(), 'もう一度')).rejects.toThrow(
      new ConflictError('この届出は「返戻（修正待ち）」のため、この操作はできません'),
    );

    // The office may not accept its own filing; the failure carries the Japanese message.
    const err = await handle
      .executeUpdate(acceptPlanUpdate, {
        args: [{ actor: houkatsu }],
        updateId: planUpdateId(workflowId, 'accept', rid()),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toBe(
      '居宅届を審査する権限がありません（給付係の操作です）',
    );
    // ...and a 給付係 may not file.
    const op = new WithStartWorkflowOperation('planNotificationWorkflow', {
      workflowId: wid(rid()),
      taskQueue,
      args: [{ insurerNo: INSURER, filingNo: 'x', officeNo: '4370100011' }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const fileErr = await env.client.workflow
      .executeUpdateWithStart(filePlanUpdate, {
        args: [{ actor: kyufu, filing: filing('0000100004') }],
        startWorkflowOperation: op,
      })
      .catch((e: unknown) => e);
    expect((fileErr as WorkflowUpdateFailedError).cause?.message).toBe('居宅届を提出する権限がありません');
    await (await op.workflowHandle()).terminate('test cleanup');

    const snapshot = await handle.query(planNotificationSnapshotQuery);
    expect(snapshot.stage).toBe('returned');
    const history = await handle.fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(2); // file + one return; the rejected ones never entered history
    await plans.withdraw(houkatsu, filingNo, rid(), '再検討のため');
  });
});
