/**
 * Issue 16's "done when", end to end with no demo data: an insurer set up as `npm run setup:insurer` does, its
 * supervisor's first login, the 給付係's account made on the page, the register loaded by the import page (real
 * workflow), a 負担割合 entered and a 死亡 recorded on the pages, the 更新勧奨 batch reminding an imported
 * certification with its letter, and the 国保連 file exported once per record.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import request from 'supertest';
import { createRepositories } from '../../db';
import { addDays, jstDateOf } from '../../domain/dates';
import { importedCertificationKey } from '../../domain/register/renewal';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { renewalSweepWorkflow } from '../../workflows';
import { renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';
import { createTempDb } from '../support/temp-db';
import { eventually } from './certification-support';
import { attachTestEnv, withTestWorker } from './temporal-env';

const INSURER = '439901';
const taskQueue = `register-from-nothing-${Date.now()}`;
const today = () => jstDateOf(Date.now());
const compact = (iso: string) => iso.replaceAll('-', '');
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

let env: TestWorkflowEnvironment;
let db: Knex;
let cleanup: () => Promise<void>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await attachTestEnv();
  ({ db, cleanup } = await createTempDb({ seed: false }));
  const services = createServices({
    db,
    temporal: { client: env.client, taskQueue, close: async () => undefined },
    config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
  });
  app = createApp(services, { sessionSecret: 'x'.repeat(32), production: false });
});
afterAll(async () => cleanup());

/** Logs in; an account whose password someone else set is sent to change it first, and does. */
async function firstLogin(loginId: string, password: string, newPassword: string) {
  const agent = request.agent(app);
  const login = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ loginId, password, _csrf: hidden(login.text, '_csrf') })
    .expect(302);
  const forced = await agent.get('/persons').expect(302);
  expect(forced.headers.location).toBe('/account/password');
  const form = await agent.get('/account/password').expect(200);
  await agent
    .post('/account/password')
    .type('form')
    .send({ current: password, password: newPassword, _csrf: hidden(form.text, '_csrf') })
    .expect(303);
  return agent;
}

async function post(agent: request.Agent, page: string, path: string, form: Record<string, string>) {
  const got = await agent.get(page);
  if (got.status !== 200) throw new Error(`GET ${page}: ${got.status} ${got.headers.location}`);
  const token = hidden(got.text, '_csrf');
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...form });
}

async function importFile(agent: request.Agent, name: string, csv: string) {
  const page = await agent.get('/register/imports').expect(200);
  const res = await agent
    .post('/register/imports')
    .field('_csrf', hidden(page.text, '_csrf'))
    .attach('file', Buffer.from(csv, 'utf8'), name)
    .expect(303);
  const id = decodeURIComponent(String(res.headers.location).split('/').pop() ?? '');
  const row = await eventually(
    async () => (await db('register_imports').where({ id, status: 'done' }).first()) ?? null,
    60_000,
  );
  expect(row).toMatchObject({ invalid_rows: 0 });
  return (await agent.get(`/register/imports/${encodeURIComponent(id)}`).expect(200)).text;
}

test('a caseworker runs the register from the pages and the import alone', async () => {
  const t = today();
  // what `npm run setup:insurer` writes
  expect(
    await createRepositories(db).insurers.createInsurer(
      {
        insurer_no: INSURER,
        name: '試験町',
        prefecture: '熊本県',
        address: null,
        phone: null,
        online_start_on: null,
        registration_lapse_months: 6,
      },
      { loginId: 'kanri', displayName: '管理 一郎', passwordHash: await bcrypt.hash('first-password-123', 4) },
    ),
  ).toBe(true);
  expect(await db('insured_persons').count({ n: '*' })).toEqual([{ n: 0 }]);

  await withTestWorker(env, db, taskQueue, async () => {
    const boss = await firstLogin('kanri', 'first-password-123', 'boss-own-secret-456');
    const start = await post(boss, '/admin/insurer', '/admin/insurer', {
      name: '試験町',
      onlineStartOn: t,
      dataMigrated: 'yes',
      registrationLapseMonths: '6',
    });
    expect(start.status).toBe(303);
    const made = await post(boss, '/admin/accounts/new', '/admin/accounts/new', {
      loginId: 'kyufu1',
      displayName: '給付 花子',
      role: 'benefits',
      password: 'given-password-789',
    });
    expect(made.status).toBe(303);
    const kyufu = await firstLogin('kyufu1', 'given-password-789', 'hanako-own-secret-012');

    await importFile(
      kyufu,
      '被保険者.csv',
      [
        '被保険者番号,氏名,フリガナ,生年月日,性別,郵便番号,住所,被保険者区分,資格状態',
        '0000500001,試験 一郎,シケン イチロウ,19400401,1,869-0001,熊本県試験町1-1,1,資格あり',
        '0000500002,試験 花子,シケン ハナコ,19420202,2,869-0002,熊本県試験町2-2,1,資格あり',
      ].join('\r\n'),
    );
    const expiring = addDays(t, 25);
    await importFile(
      kyufu,
      '認定.csv',
      [
        '被保険者番号,要介護状態区分,認定日,有効期間開始日,有効期間終了日,審査会の意見,サービスの種類の指定',
        `0000500001,要介護2,${compact(addDays(expiring, -380))},${compact(addDays(expiring, -364))},${compact(expiring)},,`,
        `0000500002,要介護1,${compact(addDays(t, -30))},${compact(addDays(t, -20))},${compact(addDays(t, 700))},,`,
      ].join('\r\n'),
    );
    const person = (await kyufu.get('/persons/0000500001/register').expect(200)).text;
    expect(person).toContain('試験 一郎');
    expect(person).toContain('要介護2');

    // A 負担割合 entered on the page, for the year that contains today (8/1–7/31).
    const copayFrom = t >= `${t.slice(0, 4)}-08-01` ? `${t.slice(0, 4)}-08-01` : `${Number(t.slice(0, 4)) - 1}-08-01`;
    const copay = await post(
      kyufu,
      '/persons/0000500002/register/certificates/copay',
      '/persons/0000500002/register/certificates/copay',
      { value: '2', validFrom: copayFrom, reason: '所得の更正' },
    );
    expect(copay.status).toBe(303);
    const died = await post(kyufu, '/persons/0000500002/register/loss', '/persons/0000500002/register/loss', {
      reason: 'deceased',
      lostOn: addDays(t, -1),
      note: '死亡届',
    });
    expect(died.status).toBe(303);
    expect(await db('insured_persons').where({ insured_no: '0000500002' }).first('status')).toEqual({
      status: 'deceased',
    });

    // The 更新勧奨 batch finds the imported certification, with a letter to the person; not the deceased one.
    const sweep = await env.client.workflow.execute(renewalSweepWorkflow, {
      workflowId: `sweep-nothing-${Date.now()}`,
      taskQueue,
      args: [{ insurerNo: INSURER }],
    });
    expect(sweep).toMatchObject({ started: 1 });
    const watchId = renewalWatchWorkflowId(INSURER, importedCertificationKey('0000500001', expiring));
    const letter = await eventually(
      async () =>
        (await db('notices')
          .where({ id: `${watchId}:renewal-reminder` })
          .first()) ?? null,
    );
    expect(letter.html).toContain('試験 一郎 様');
    await env.client.workflow.getHandle(watchId).terminate('test done');

    // The 国保連 file: today's records once; a second export answers the same file and sends nothing again.
    const first = await post(kyufu, '/kokuhoren', '/kokuhoren/export', {});
    expect(first.status).toBe(303);
    const batches = await db('kokuhoren_batches').where({ insurer_no: INSURER });
    expect(batches).toHaveLength(1);
    expect(batches[0].record_count).toBe(2);
    expect((await kyufu.get('/kokuhoren').expect(200)).text).toContain('本日分のファイルを作成しました（2件）');
    await post(kyufu, '/kokuhoren', '/kokuhoren/export', {});
    expect(await db('kokuhoren_batches').where({ insurer_no: INSURER })).toHaveLength(1);
    const file = await kyufu.get(`/kokuhoren/batches/${batches[0].id}`).expect(200);
    expect(file.text).toContain('0000500002');
  });
}, 180_000);
