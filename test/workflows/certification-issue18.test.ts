/**
 * Issue 18 on the real dev server, with HTTP where an office or the city looks: the 処分 and its 決裁 date the notice
 * and the 認定年月日 (not the board's date); a renewal decided early keeps today's level for the office's pages and its
 * 居宅届; each SLA clock starts at its own request, not at the application.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import request from 'supertest';
import { DEMO_PASSWORD, demoBirthDate } from '../../db/seeds/demo';
import { addDays, formatWareki } from '../../domain/dates';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { certificationWorkflow } from '../../workflows';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';
import { attachTestEnv, withTestWorker } from './temporal-env';
import {
  act,
  actor,
  boardDecides,
  caseRow,
  completeDocuments,
  eventually,
  intake,
  newApplication,
  secretariat,
  surveyor,
  today,
} from './certification-support';

const taskQueue = `cert-i18-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;
let cleanup: () => Promise<void>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await attachTestEnv();
  ({ db, cleanup } = await createTempDb({ seed: true, today: today() }));
  const services = createServices({
    db,
    temporal: { client: env.client, taskQueue, close: async () => undefined },
    config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
  });
  app = createApp(services, { sessionSecret: 'x'.repeat(32), production: false });
});
afterAll(async () => cleanup());

const withWorker = (fn: () => Promise<void>) => withTestWorker(env, db, taskQueue, fn);
const start = (input: ReturnType<typeof newApplication>) =>
  env.client.workflow.start(certificationWorkflow, {
    workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
    taskQueue,
    args: [input],
  });

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

async function login(loginId: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ loginId, password: DEMO_PASSWORD, _csrf: hidden(page.text, '_csrf') })
    .expect(302);
  return agent;
}

test('the 処分 and its 決裁 date the notice and the 認定年月日; the board only dates the judgement', async () => {
  const t = today();
  // This test file's own database: the insurer requires the 係長's 決裁 from 2000-04-02 on.
  await db('rule_versions').insert({
    insurer_no: '432130',
    rule_set: 'certification',
    effective_from: '2000-04-02',
    rules_json: JSON.stringify({ decisionApprovalRequired: true }),
    created_at: new Date().toISOString(),
  });
  try {
    await withWorker(async () => {
      const handle = await start(newApplication('i18-dates', { insuredNo: '0000100003', appliedOn: addDays(t, -10) }));
      const wf = handle.workflowId;
      await completeDocuments(handle, addDays(t, -6));
      const boardOn = addDays(t, -4);
      await act(handle, secretariat, { kind: 'scheduleBoard', panel: '第2合議体', boardOn });
      await act(handle, secretariat, {
        kind: 'recordSecondaryJudgement',
        finalLevel: 'care_3',
        months: 6,
        careNotes: null,
        serviceTypeRestriction: null,
      });
      expect((await handle.query(certificationSnapshotQuery)).board?.metOn).toBe(boardOn);
      // a 処分 cannot predate the board it rests on; a 決裁 cannot predate the 処分
      await expect(act(handle, intake, { kind: 'decide', decidedOn: addDays(boardOn, -1) })).rejects.toThrow();
      const proposed = await act(handle, intake, { kind: 'decide', decidedOn: addDays(t, -2) });
      expect(proposed.stage).toBe('awaiting_approval');
      // the case page previews the 処分 from the live snapshot: what the 結果通知書 will say
      const snap = await handle.query(certificationSnapshotQuery);
      expect(snap.pendingDecision).toEqual({ decidedOn: addDays(t, -2), by: 'nintei' });
      expect(snap.proposedDecision).toMatchObject({
        outcome: 'certified',
        level: 'care_3',
        validFrom: addDays(t, -10),
      });
      expect(await db('notices').where({ workflow_id: wf, kind: 'certification_result' })).toHaveLength(0);
      // the 決裁 task previews the 処分: level and 有効期間
      const approval = await db('tasks')
        .where({ id: `${wf}:decision-approve` })
        .first();
      expect(approval.title).toContain('要介護3');
      expect(approval.title).toContain(formatWareki(addDays(t, -10)));
      await expect(
        act(handle, actor('supervisor'), { kind: 'approveDecision', approvedOn: addDays(t, -3) }),
      ).rejects.toThrow();
      const approvedOn = addDays(t, -1);
      await act(handle, actor('supervisor'), { kind: 'approveDecision', approvedOn });
      await handle.result();
      expect((await handle.query(certificationSnapshotQuery)).proposedDecision).toBeNull();

      const notice = await db('notices').where({ workflow_id: wf, kind: 'certification_result' }).first();
      expect(notice.html).toContain(`<th>認定年月日</th><td>${formatWareki(approvedOn)}</td>`);
      expect(notice.html).not.toContain(`<th>認定年月日</th><td>${formatWareki(boardOn)}</td>`);
      const person = await db('insured_persons').where({ insured_no: '0000100003' }).first();
      expect(person).toMatchObject({ care_level: 'care_3', certified_on: approvedOn });
      expect(await caseRow(db, wf)).toMatchObject({ decided_on: approvedOn, stage: 'notified' });
    });
  } finally {
    await db('rule_versions').where({ insurer_no: '432130', effective_from: '2000-04-02' }).delete();
  }
}, 120_000);

test('a renewal decided early keeps today’s level: the office page shows both, and a 居宅届 today is accepted', async () => {
  const t = today();
  const before = await db('insured_persons').where({ insured_no: '0000100002' }).first();
  expect(before.care_level).toBe('care_1');
  await withWorker(async () => {
    const handle = await start(
      newApplication('i18-renewal', { insuredNo: '0000100002', type: 'renewal', appliedOn: addDays(t, -12) }),
    );
    await completeDocuments(handle, t, 95);
    await boardDecides(handle, t, 'care_3', 24);
    const result = await handle.result();
    const nextFrom = addDays(before.cert_valid_to, 1);
    expect(result).toMatchObject({ finalLevel: 'care_3', validFrom: nextFrom });

    // The office that plans for her sees the certification in force today, and the next one beside it.
    const office = await login('ukinosato');
    const page = (await office.get('/office/persons/0000100002').expect(200)).text;
    const [currentPart, nextPart = ''] = page.split('id="next-card-h"');
    expect(currentPart).toContain('要介護1');
    expect(currentPart).not.toContain('要介護3');
    expect(currentPart).toContain(`${formatWareki(before.cert_valid_from)} 〜 ${formatWareki(before.cert_valid_to)}`);
    expect(page).toContain(`次の認定（${formatWareki(nextFrom)}から）`);
    expect(nextPart).toContain('要介護3');
    const home = (await office.get('/office').expect(200)).text;
    expect(home).toMatch(/松橋 ハナ[\s\S]*?要介護1/);

    // A 居宅届 starting today (inside the current certification) goes through the workflow's checks and is accepted.
    const form = await office.get('/office/plan-notifications/new').expect(200);
    const requestId = hidden(form.text, 'requestId');
    await office
      .post('/office/plan-notifications/new')
      .type('form')
      .send({
        _csrf: hidden(form.text, '_csrf'),
        requestId,
        kind: 'new',
        'person[insuredNo]': '0000100002',
        'person[name]': '松橋 ハナ',
        'person[kana]': 'マツバセ ハナ',
        'person[birthDate]': demoBirthDate(t, '0000100002'),
        startDate: t,
        'notifier[name]': '宇土 明美',
        'notifier[relation]': 'care_manager',
        'identity[method]': 'two_documents',
        'identity[documents][0]': '介護保険被保険者証',
        'identity[documents][1]': '健康保険証',
        'identity[proxyAuthority]': 'power_of_attorney',
        'identity[proxyIdentityMethod]': 'photo_id',
        'identity[checkedBy]': '宇土 明美',
        'identity[checkedOn]': t,
      })
      .expect(302);
    const kyufu = await login('kyufu');
    const review = await kyufu.get(`/plan-notifications/${requestId}`).expect(200);
    expect(review.text).not.toContain('有効な認定も申請中の認定もない');
    await kyufu
      .post(`/plan-notifications/${requestId}/accept`)
      .type('form')
      .send({ _csrf: hidden(review.text, '_csrf'), requestId: hidden(review.text, 'requestId') })
      .expect(302);
    const row = await db('cases').where({ application_no: requestId }).first();
    expect(row).toMatchObject({ stage: 'accepted' });
  });
}, 120_000);

test('each SLA clock starts at its own request: a case applied 20 days ago with the survey requested today is on time', async () => {
  const t = today();
  await withWorker(async () => {
    const handle = await start(newApplication('i18-sla', { insuredNo: '0000100007', appliedOn: addDays(t, -20) }));
    const wf = handle.workflowId;
    // No surveyor yet: no survey clock. The 意見書 was requested at intake (today), so 20 days after the application
    // its clock (13 days) is still on time.
    let snap = await eventually(() => handle.query(certificationSnapshotQuery).catch(() => null));
    expect(snap.sla).toMatchObject({ survey: null, opinion: 'on_track', board: null });
    await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    snap = await handle.query(certificationSnapshotQuery);
    expect(snap.sla).toMatchObject({ survey: 'on_track', opinion: 'on_track', overall: 'on_track' });
    expect((await caseRow(db, wf)).sla_state).toBe('on_track');
    // 保留 of the survey stops its clock; the 意見書's clock is not concerned
    await act(handle, intake, { kind: 'hold', track: 'survey', reason: '入院中' });
    snap = await handle.query(certificationSnapshotQuery);
    expect(snap.holds.survey).toEqual([{ from: t, to: null }]);
    expect(snap.holds.opinion).toEqual([]);
    await act(handle, intake, { kind: 'resume', track: 'survey' });
    await completeDocumentsAfterAssignment(handle, t);
    // both documents in hand today: the board's clock starts now
    snap = await handle.query(certificationSnapshotQuery);
    expect(snap.bothDocumentsOn).toBe(t);
    expect(snap.sla).toMatchObject({ survey: 'done', opinion: 'done', board: 'on_track' });
    await act(handle, intake, { kind: 'withdraw', withdrawnOn: t, reason: '本人の申出' });
    await handle.result();
  });
}, 120_000);

/** The rest of completeDocuments once the surveyor is assigned. */
async function completeDocumentsAfterAssignment(handle: Parameters<typeof act>[0], on: string) {
  await act(handle, surveyor, { kind: 'scheduleSurvey', visitOn: on });
  await act(handle, surveyor, {
    kind: 'completeSurvey',
    surveyedOn: on,
    standardMinutes: 55,
    dementia: 'IIa',
    specialNotes: '歩行時にふらつきあり',
  });
  await act(handle, intake, { kind: 'receiveOpinion', receivedOn: on, dementia: 'IIa' });
}
