/** The 居宅届 pages' guards and form validation, without Temporal (the form is refused before any workflow call). */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';

let db: Knex;
let cleanup: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const client = new Proxy(
  {},
  {
    get: () => {
      throw new Error('Temporal must not be called');
    },
  },
) as Client;

beforeAll(async () => {
  ({ db, cleanup } = await createTempDb({ seed: true }));
  const services = createServices({
    db,
    temporal: { client, taskQueue: 'none', close: async () => undefined },
    config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
  });
  app = createApp(services, { sessionSecret: 'x'.repeat(32), production: false });
});
afterAll(async () => {
  await cleanup();
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

test('anonymous users are redirected to /login; municipal staff cannot file, office staff cannot review', async () => {
  expect((await request(app).get('/office/plan-notifications').expect(302)).headers.location).toMatch(/^\/login/);
  expect((await request(app).get('/plan-notifications').expect(302)).headers.location).toMatch(/^\/login/);
  await (await login('kyufu')).get('/office/plan-notifications/new').expect(403);
  await (await login('ukinosato')).get('/plan-notifications').expect(403);
});

test('the form shows the session office; empty input comes back with every required field named', async () => {
  const agent = await login('houkatsu');
  const page = await agent.get('/office/plan-notifications/new').expect(200);
  expect(page.text).toContain('宇城市地域包括支援センター');
  expect(page.text).toContain('4370100029');
  expect(hidden(page.text, 'requestId')).toMatch(/^\d{8}-[0-9a-f]{8}$/);
  // Post/redirect/get: the rejected form sends the browser back to the form, which shows the errors once.
  const posted = await agent
    .post('/office/plan-notifications/new')
    .type('form')
    .send({ _csrf: hidden(page.text, '_csrf'), requestId: hidden(page.text, 'requestId'), 'notifier[name]': '郡浦 正' })
    .expect(303);
  expect(posted.headers.location).toBe('/office/plan-notifications/new');
  const res = await agent.get(posted.headers.location).expect(200);
  for (const message of [
    '届出の種類（新規・変更）を選択してください',
    '被保険者番号を入力してください',
    '被保険者の氏名を入力してください',
    'フリガナを入力してください',
    '生年月日を入力してください',
    '開始（変更）年月日を入力してください',
    '届出人と本人との関係を選択してください',
    '本人確認の方法を選択してください',
    '本人確認を行った職員を入力してください',
    '本人確認日を入力してください',
  ]) {
    expect(res.text).toContain(message);
  }
  expect(res.text).toContain('value="郡浦 正"');
  // a fresh requestId for the corrected submission
  expect(hidden(res.text, 'requestId')).not.toBe(hidden(page.text, 'requestId'));
  // shown once: a reload is a fresh form
  const again = await agent.get(posted.headers.location).expect(200);
  expect(again.text).not.toContain('本人確認の方法を選択してください');
});

test('the CSRF token is required', async () => {
  const agent = await login('houkatsu');
  await agent.post('/office/plan-notifications/new').type('form').send({ kind: 'new' }).expect(403);
});
