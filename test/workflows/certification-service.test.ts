/** CertificationService (what the web pages and the benchmark call) against the real dev server. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { addDays } from '../../domain/dates';
import { certificationWorkflowId } from '../../workflows/certification/messages';
import { renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';
import { renewalWatchWorkflow } from '../../workflows';
import { CertificationService } from '../../web/services/certification';
import { ConflictError, ForbiddenError, ValidationError } from '../../web/errors';
import { useServerAndSeededDb } from './temporal-env';
import {
  actor,
  applicationNo,
  events,
  intake,
  newApplication,
  secretariat,
  surveyor,
  today,
  withWorker,
} from './certification-support';

const taskQueue = `cert-service-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;
let service: CertificationService;

useServerAndSeededDb((opened) => {
  ({ env, db } = opened);
  service = new CertificationService({ repos: createRepositories(db), client: env.client, taskQueue });
});

function form(prefix: string, over: Record<string, unknown> = {}) {
  const { timing: _t, receivedBy: _r, ...rest } = newApplication(prefix);
  return { ...rest, ...over };
}

async function validationErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return Object.fromEntries((err as ValidationError).errors.map((e) => [e.field, e.message]));
}

test('bad input: Japanese field errors and nothing started', async () => {
  const bad = form('bad', { insuredNo: '12345', doctor: undefined, appliedOn: '2026-13-01' });
  const errors = await validationErrors(service.receiveApplication(bad, intake));
  // the service checks a request with the intake form's own schema: the same fields, the same messages
  expect(errors).toMatchObject({
    insuredNo: '被保険者番号は10桁の数字で入力してください',
    doctorName: '主治医の氏名を入力してください',
  });
  expect(errors.appliedOn).toMatch(/^申請日を正しい日付（例 /);
  // no 医療機関: neither picked from the register nor typed (checked once the fields themselves are well formed)
  const noClinic = form('noclinic', { doctor: { name: '郡浦 医師', clinic: '', phone: null } });
  expect(await validationErrors(service.receiveApplication(noClinic, intake))).toEqual({
    doctorClinic: '主治医の医療機関を一覧から選ぶか、医療機関名を入力してください',
  });
  const proxy = await validationErrors(
    service.receiveApplication(form('proxy', { applicant: { kind: 'office_proxy', name: '宇土' } }), intake),
  );
  expect(proxy).toEqual({ applicantOfficeNo: '代行の場合は事業所番号を入力してください' });
  await expect(
    env.client.workflow.getHandle(certificationWorkflowId('432130', bad.applicationNo as string)).describe(),
  ).rejects.toBeInstanceOf(WorkflowNotFoundError);

  // domain classification: a renewal before the window opens; a level change without a reason
  const early = await validationErrors(
    service.receiveApplication(form('early', { insuredNo: '0000100006', type: 'renewal' }), intake),
  );
  expect(early.appliedOn).toMatch(/更新申請は有効期間満了日の60日前/);
  const noReason = await validationErrors(
    service.receiveApplication(form('noreason', { insuredNo: '0000100001', type: 'level_change' }), intake),
  );
  expect(noReason.levelChangeReason).toBe('区分変更の申請理由を入力してください');
  const unknown = await validationErrors(
    service.receiveApplication(form('unknown', { insuredNo: '0000199999' }), intake),
  );
  expect(unknown.insuredNo).toContain('登録されていません');
  // an office is told the same for an unknown number and a deceased person (0000100008): nothing to enumerate
  const office = actor('office_staff', '4370100011');
  const proxied = (no: string, insuredNo: string) =>
    form(no, { insuredNo, applicant: { kind: 'office_proxy', name: '宇土 明美', officeNo: '4370100011' } });
  const [unknownToOffice, deceasedToOffice] = await Promise.all([
    validationErrors(service.receiveApplication(proxied('o-none', '0000199999'), office)),
    validationErrors(service.receiveApplication(proxied('o-dead', '0000100008'), office)),
  ]);
  expect(deceasedToOffice).toEqual(unknownToOffice);
  expect(unknownToOffice.insuredNo).not.toMatch(/登録されていません|死亡|転出|喪失/);
  await expect(service.receiveApplication(form('role'), surveyor)).rejects.toBeInstanceOf(ForbiddenError);
});

test('double submit gives the same case; a late renewal is accepted as 新規 with the gap noted', async () => {
  await withWorker(env, db, taskQueue, async () => {
    await db('insured_persons')
      .where({ insured_no: '0000100005' })
      .update({
        care_level: 'care_1',
        cert_valid_from: addDays(today(), -400),
        cert_valid_to: addDays(today(), -10),
      });
    const input = form('double', { insuredNo: '0000100005', type: 'renewal' });
    const [a, b] = await Promise.all([
      service.receiveApplication(input, intake),
      service.receiveApplication(input, intake),
    ]);
    expect(a.workflowId).toBe(b.workflowId);
    // the intake page waits for this before it shows the case
    expect(await service.untilListed(a.workflowId)).toBe(true);
    // listed with its first step (受付); the 意見書依頼 that moves it to 'investigating' may follow a moment later
    const listed = (await db('cases').where({ workflow_id: a.workflowId }).first('stage')) as
      { stage: string } | undefined;
    expect(['received', 'investigating']).toContain(listed?.stage);
    expect(a).toMatchObject({ type: 'new', applicationNo: input.applicationNo });
    expect(a.notes[0]).toMatch(/新規申請として受け付けます（空白期間 9 日）/);
    const handle = env.client.workflow.getHandle(a.workflowId);
    // The search attributes come with the start (no separate visibility write), and the workflow upserts none of them.
    const { events: history } = await handle.fetchHistory();
    const started = history![0].workflowExecutionStartedEventAttributes!.searchAttributes!.indexedFields!;
    expect(Object.keys(started).sort()).toEqual(['KaigoCaseStage', 'KaigoDecisionDue', 'KaigoInsurerNo']);
    const snapshot = await service.snapshot(a.workflowId);
    expect(JSON.parse(Buffer.from(started.KaigoDecisionDue.data!).toString())).toBe(
      new Date(`${snapshot.dueOn}T00:00:00+09:00`).toISOString(),
    );
    const upserted = history!.flatMap((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted).not.toContain('KaigoDecisionDue');
    const runs = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId = '${a.workflowId}'` })) runs.push(w.runId);
    expect(new Set(runs).size).toBeLessThanOrEqual(1);

    // a double click on one action: one event
    const action = { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' } as const;
    await Promise.all([
      service.perform(a.workflowId, action, intake, 'click-1'),
      service.perform(a.workflowId, action, intake, 'click-1'),
    ]);
    expect((await events(db, a.workflowId)).filter((e) => e === 'survey_assigned')).toHaveLength(1);

    // wrong state → ConflictError with the validator's message; wrong role → ForbiddenError
    await expect(
      service.perform(a.workflowId, { kind: 'scheduleBoard', panel: '第1合議体', boardOn: today() }, secretariat, 'r2'),
    ).rejects.toThrow(new ConflictError('認定調査票と主治医意見書がそろっていないため、審査会に割り当てられません'));
    await expect(
      service.perform(a.workflowId, action, actor('office_staff', '4370100011'), 'r3'),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const snap = await service.snapshot(a.workflowId);
    expect(snap).toMatchObject({ stage: 'investigating', type: 'new' });

    await service.perform(a.workflowId, { kind: 'withdraw', withdrawnOn: today(), reason: '本人の申出' }, intake, 'r4');
    await handle.result();
    await expect(service.perform(a.workflowId, { kind: 'reject', reason: 'x' }, intake, 'r5')).rejects.toThrow(
      new ConflictError('この申請は既に終了しています'),
    );
    // the same application number again, after the case has closed: refused, not restarted
    await expect(service.receiveApplication(input, intake)).rejects.toBeInstanceOf(ConflictError);
    expect(applicationNo('x')).not.toBe(input.applicationNo);
  });
});

test('a renewal filed through the service closes the renewal watch of the expiring certification', async () => {
  const person = await db('insured_persons').where({ insured_no: '0000100002' }).first();
  const previousNo = applicationNo('prev');
  // The certification that is expiring, as kaigo-flow recorded it when it was decided, and its watch (already awake).
  await db('cases').insert({
    workflow_id: certificationWorkflowId('432130', previousNo),
    case_kind: 'certification',
    insurer_no: '432130',
    insured_no: '0000100002',
    application_no: previousNo,
    stage: 'notified',
    status: 'closed',
    outcome: 'certified',
    valid_to: person.cert_valid_to,
    last_seq: 9,
    created_at: '2025-12-01T00:00:00Z',
    updated_at: '2025-12-20T00:00:00Z',
  });
  await withWorker(env, db, taskQueue, async () => {
    const watch = await env.client.workflow.start(renewalWatchWorkflow, {
      workflowId: renewalWatchWorkflowId('432130', previousNo),
      taskQueue,
      args: [
        {
          insurerNo: '432130',
          applicationNo: previousNo,
          insuredNo: '0000100002',
          careLevel: 'care_1',
          validTo: person.cert_valid_to,
          officeNo: '4370100011',
          daysBeforeExpiry: 60,
        },
      ],
    });
    const received = await service.receiveApplication(
      form('renew', { insuredNo: '0000100002', type: 'renewal' }),
      intake,
    );
    expect(received.type).toBe('renewal');
    expect(await watch.result()).toBe('renewal_filed');
    await env.client.workflow.getHandle(received.workflowId).terminate('test done');
  });
});
