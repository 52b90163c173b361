/** The office's 居宅届 form and the 給付係's review over HTTP, with the real dev server and a worker. */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import request from 'supertest';
import { DEMO_PASSWORD, demoBirthDate } from '../../db/seeds/demo';
import { addDays, jstDateOf } from '../../domain/dates';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';
import { attachTestEnv, withTestWorker } from './temporal-env';

const today = () => jstDateOf(Date.now());
const taskQueue = `plan-web-${Date.now()}`;
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
afterAll(async () => {
  await cleanup();
});

async function withWorker(fn: () => Promise<void>): Promise<void> {
  await withTestWorker(env, db, taskQueue, fn);
}

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

function goodForm(insuredNo = '0000100002') {
  return {
    kind: 'new',
    'person[insuredNo]': insuredNo,
    'person[name]': '松橋 ハナ',
    'person[kana]': 'マツバセ ハナ',
    'person[birthDate]': demoBirthDate(today(), '0000100002'),
    startDate: addDays(today(), -3),
    'notifier[name]': '宇土 明美',
    'notifier[relation]': 'care_manager',
    'identity[method]': 'two_documents',
    'identity[documents][0]': '介護保険被保険者証',
    'identity[documents][1]': '健康保険証',
    'identity[proxyAuthority]': 'power_of_attorney',
    'identity[proxyIdentityMethod]': 'photo_id',
    'identity[checkedBy]': '宇土 明美',
    'identity[checkedOn]': today(),
  };
}

async function openForm(agent: ReturnType<typeof request.agent>, query = '') {
  const page = await agent.get(`/office/plan-notifications/new${query}`).expect(200);
  return { page, csrf: hidden(page.text, '_csrf'), requestId: hidden(page.text, 'requestId') };
}

test('anonymous users are sent to the login page', async () => {
  const res = await request(app).get('/office/plan-notifications/new').expect(302);
  expect(res.headers.location).toMatch(/^\/login\?next=/);
});

test('bad input comes back (post/redirect/get) with an error summary naming each field, and every value kept', async () => {
  const agent = await login('ukinosato');
  const { csrf, requestId } = await openForm(agent);
  const posted = await agent
    .post('/office/plan-notifications/new')
    .type('form')
    .send({
      _csrf: csrf,
      requestId,
      kind: 'new',
      'person[insuredNo]': '12345',
      'person[name]': '松橋 ハナ',
      // ひらがな would be converted to カタカナ (web/forms.ts); Latin letters are not kana at all
      'person[kana]': 'matsubase',
      startDate: '2026-02-30',
    })
    .expect(303);
  const res = await agent.get(posted.headers.location).expect(200);
  expect(res.text).toContain('入力内容を確認してください');
  expect(res.text).toContain('被保険者番号は10桁の数字で入力してください');
  expect(res.text).toContain('フリガナは全角カタカナで入力してください');
  expect(res.text).toContain('生年月日を入力してください');
  expect(res.text).toContain('開始（変更）年月日を正しい日付');
  expect(res.text).toContain('本人確認の方法を選択してください');
  expect(res.text).toContain('value="松橋 ハナ"');
  expect(res.text).toContain('value="12345"');
  expect(await db('cases').where({ case_kind: 'plan_notification' })).toEqual([]);
});

test('the prefill shows a person only to an office that may see them', async () => {
  const own = await openForm(await login('ukinosato'), '?insuredNo=0000100002');
  expect(own.page.text).toContain('value="松橋 ハナ"');
  const other = await openForm(await login('shiranui'), '?insuredNo=0000100002');
  expect(other.page.text).not.toContain('松橋 ハナ');
  expect(other.page.text).toContain('value="0000100002"');
});

test('filing, 返戻, refile and 受理 over HTTP; other offices cannot see the filing', async () => {
  await withWorker(async () => {
    const office = await login('ukinosato');

    // A wrong birth date of the office's own client is named as such; the workflow's enumeration-safe "not found"
    // is for persons the office does not serve (test/web/office-pages.test.ts).
    const wrongBirth = addDays(demoBirthDate(today(), '0000100002'), 1);
    let form = await openForm(office);
    const refusedPost = await office
      .post('/office/plan-notifications/new')
      .type('form')
      .send({ ...goodForm(), 'person[birthDate]': wrongBirth, _csrf: form.csrf, requestId: form.requestId })
      .expect(303);
    const refused = await office.get(refusedPost.headers.location).expect(200);
    expect(refused.text).toContain('生年月日が被保険者台帳の記録と一致しません');
    expect(refused.text).toContain(`value="${wrongBirth}"`);
    // The checks ran before any workflow (probe finding): the typed birth date is in no workflow input.
    await expect(env.client.workflow.getHandle(`plan-432130-${form.requestId}`).describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );
    // Rules refused in the workflow come back as form errors too: another office gets no hint which field is wrong.
    const stranger = await login('shiranui');
    const otherForm = await openForm(stranger);
    const otherPost = await stranger
      .post('/office/plan-notifications/new')
      .type('form')
      .send({ ...goodForm(), 'person[birthDate]': wrongBirth, _csrf: otherForm.csrf, requestId: otherForm.requestId })
      .expect(303);
    const otherRefused = await stranger.get(otherPost.headers.location).expect(200);
    expect(otherRefused.text).toContain('この被保険者の居宅届はこの事業所からは受け付けられません');
    expect(otherRefused.text).not.toContain('生年月日が被保険者台帳の記録と一致しません');
    // Refused before any workflow started (audited as such): nothing in Temporal holds what was typed.
    const handle = env.client.workflow.getHandle(`plan-432130-${otherForm.requestId}`);
    await expect(handle.describe()).rejects.toThrow(WorkflowNotFoundError);
    expect(await db('audit_log').where({ action: 'plan.refused' })).toHaveLength(1);

    form = await openForm(office);
    const filed = await office
      .post('/office/plan-notifications/new')
      .type('form')
      .send({ ...goodForm(), officeNo: '4370100037', _csrf: form.csrf, requestId: form.requestId })
      .expect(302);
    expect(filed.headers.location).toBe(`/office/plan-notifications/${form.requestId}`);
    const detail = await office.get(filed.headers.location).expect(200);
    expect(detail.text).toContain('提出済（審査待ち）');
    expect(detail.text).toContain('償還払い');
    const live = await office.get(`${filed.headers.location}/state`).expect(200);
    expect(live.body.version).toBe('1');
    expect(await db('audit_log').where({ action: 'plan.file' })).toHaveLength(1);

    // The 事業所番号 comes from the session: an injected officeNo is ignored.
    const row = await db('cases').where({ application_no: form.requestId }).first();
    expect(row.filed_by_office_no).toBe('4370100011');

    const other = await login('shiranui');
    await other.get(filed.headers.location).expect(404);
    await other.get(`${filed.headers.location}/state`).expect(404);
    await office.get('/plan-notifications').expect(403);

    const kyufu = await login('kyufu');
    const queue = await kyufu.get('/plan-notifications').expect(200);
    expect(queue.text).toContain(form.requestId);
    let review = await kyufu.get(`/plan-notifications/${form.requestId}`).expect(200);
    const emptyReasonPost = await kyufu
      .post(`/plan-notifications/${form.requestId}/return`)
      .type('form')
      .send({ _csrf: hidden(review.text, '_csrf'), requestId: hidden(review.text, 'requestId') })
      .expect(303);
    expect(emptyReasonPost.headers.location).toBe(`/plan-notifications/${form.requestId}`);
    const emptyReason = await kyufu.get(emptyReasonPost.headers.location).expect(200);
    expect(emptyReason.text).toContain('返戻の理由を入力してください');
    await kyufu
      .post(`/plan-notifications/${form.requestId}/return`)
      .type('form')
      .send({
        _csrf: hidden(review.text, '_csrf'),
        requestId: hidden(review.text, 'requestId'),
        reason: '開始年月日を確認してください',
      })
      .expect(302);

    const returned = await office.get(filed.headers.location).expect(200);
    expect(returned.text).toContain('返戻（修正待ち）');
    expect(returned.text).toContain('開始年月日を確認してください');
    const refileForm = await office.get(`${filed.headers.location}/refile`).expect(200);
    expect(refileForm.text).toContain('value="松橋 ハナ"');
    await office
      .post(`${filed.headers.location}/refile`)
      .type('form')
      .send({
        ...goodForm(),
        startDate: addDays(today(), 2),
        _csrf: hidden(refileForm.text, '_csrf'),
        requestId: hidden(refileForm.text, 'requestId'),
      })
      .expect(302);

    review = await kyufu.get(`/plan-notifications/${form.requestId}`).expect(200);
    expect(review.text).toContain('第2回提出');
    await kyufu
      .post(`/plan-notifications/${form.requestId}/accept`)
      .type('form')
      .send({ _csrf: hidden(review.text, '_csrf'), requestId: hidden(review.text, 'requestId') })
      .expect(302);
    const accepted = await office.get(filed.headers.location).expect(200);
    expect(accepted.text).toContain('受理');
    expect(accepted.text).toContain('返戻');
    const list = await office.get('/office/plan-notifications').expect(200);
    expect(list.text).toContain(form.requestId);
    expect(await db('audit_log').whereIn('action', ['plan.refile', 'plan.accept', 'plan.return'])).toHaveLength(3);
  });
});
