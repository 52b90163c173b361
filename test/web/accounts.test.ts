/**
 * Issue 15: the office register, staff accounts and the office filing rule over HTTP. Each refusal is paired with
 * the same request by someone allowed, so a page that refuses everyone cannot pass.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import request from 'supertest';
import { createRepositories } from '../../db';
import { PlanNotificationService } from '../../web/services/plan-notification';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

const B = '439999';

async function loginWith(app: ReturnType<typeof appOf>, loginId: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfOf(page.text), loginId, password });
  return { agent, res };
}

async function post(agent: request.Agent, page: string, path: string, form: Record<string, unknown>) {
  const token = csrfOf((await agent.get(page).expect(200)).text);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...form });
}

const idOf = async (db: Knex, loginId: string) => (await db('users').where({ login_id: loginId }).first('id')).id;

describe('office register, accounts and the filing rule', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    // the 居宅届 form reads the office from the database; nothing here reaches Temporal
    const noTemporal = new Proxy(
      {},
      {
        get: () => {
          throw new Error('Temporal must not be called');
        },
      },
    ) as Client;
    const plans = new PlanNotificationService({ repos: createRepositories(db), client: noTemporal, taskQueue: 'none' });
    app = appOf(servicesWith(db, { planNotification: plans }));
    await db('insurers').insert({ insurer_no: B, name: '別市', prefecture: '熊本県', address: '別市', phone: '0' });
    const { password_hash } = await db('users').where({ login_id: 'nintei' }).first('password_hash');
    await db('users').insert([
      { login_id: 'b-nintei', display_name: '別 一郎', role: 'intake', insurer_no: B, password_hash, active: true },
      {
        login_id: 'b-kakaricho',
        display_name: '別 係長',
        role: 'supervisor',
        insurer_no: B,
        password_hash,
        active: true,
      },
      // a non-admin staff of うきの里 and one of しらぬい
      {
        login_id: 'uki-2',
        display_name: '宇土 二郎',
        role: 'office_staff',
        insurer_no: '432130',
        office_no: '4370100011',
        password_hash,
        active: true,
      },
      {
        login_id: 'shira-2',
        display_name: '網田 二郎',
        role: 'office_staff',
        insurer_no: '432130',
        office_no: '4370100037',
        password_hash,
        active: true,
      },
    ]);
  });
  afterAll(() => cleanup());

  describe('事業所台帳', () => {
    it('lists offices with their service types to the 監督者 and refuses other roles', async () => {
      const boss = await loginAs(app, 'kakaricho');
      const page = await boss.get('/admin/offices').expect(200);
      expect(page.text).toContain('宇城ひかり病院');
      expect(page.text).toContain('医療機関（病院・診療所）');
      for (const login of ['nintei', 'kyufu', 'ukinosato', 'ishi']) {
        const agent = await loginAs(app, login);
        expect((await agent.get('/admin/offices')).status).toBe(403);
        expect((await agent.get('/admin/accounts')).status).toBe(403);
      }
    });

    it('registers an office, refuses a bad number or no type, and audits', async () => {
      const boss = await loginAs(app, 'kakaricho');
      const bad = await post(boss, '/admin/offices/new', '/admin/offices/new', { officeNo: '12345', name: '' });
      expect(bad.status).toBe(303);
      const again = await boss.get('/admin/offices/new').expect(200);
      expect(again.text).toContain('事業所番号は10桁の数字で入力してください');
      expect(again.text).toContain('事業所名を入力してください');
      expect(again.text).toContain('指定サービス種別を1つ以上選んでください');

      const ok = await post(boss, '/admin/offices/new', '/admin/offices/new', {
        officeNo: '4390100011',
        name: 'グループホーム まつばせ',
        address: '熊本県宇城市松橋町1',
        phone: '0964-00-0000',
        serviceTypes: 'group_home',
      });
      expect(ok.status).toBe(303);
      const o = await db('offices').where({ office_no: '4390100011' }).first();
      expect(o).toMatchObject({ insurer_no: '432130', kind: 'care_service', name: 'グループホーム まつばせ' });
      expect(await db('office_service_types').where({ office_no: '4390100011' }).pluck('service_type')).toEqual([
        'group_home',
      ]);
      expect(
        await db('audit_log').where({ action: 'office.create', target: 'office:4390100011' }).first(),
      ).toBeTruthy();

      const dup = await post(boss, '/admin/offices/new', '/admin/offices/new', {
        officeNo: '4390100011',
        name: 'x',
        serviceTypes: 'other',
      });
      expect(dup.status).toBe(303);
      expect((await boss.get('/admin/offices/new')).text).toContain('この事業所番号は既に登録されています');
    });

    it('edits its own insurer’s office and not another insurer’s', async () => {
      const boss = await loginAs(app, 'kakaricho');
      const res = await post(boss, '/admin/offices/4370100037', '/admin/offices/4370100037', {
        name: 'ケアプランセンター しらぬい',
        serviceTypes: ['home_care_support', 'home_visit_day_short', 'group_home'],
      });
      expect(res.status).toBe(303);
      expect(await db('office_service_types').where({ office_no: '4370100037' }).pluck('service_type')).toHaveLength(3);
      const other = await loginAs(app, 'b-kakaricho');
      expect((await other.get('/admin/offices/4370100037')).status).toBe(404);
    });
  });

  describe('the filing rule on the office routes', () => {
    beforeAll(async () => {
      const { password_hash } = await db('users').where({ login_id: 'nintei' }).first('password_hash');
      await db('offices').insert({ office_no: '4390100029', insurer_no: '432130', name: 'GH', kind: 'care_service' });
      await db('office_service_types').insert({ office_no: '4390100029', service_type: 'group_home' });
      await db('users').insert({
        login_id: 'gh-staff',
        display_name: 'GH 職員',
        role: 'office_staff',
        insurer_no: '432130',
        office_no: '4390100029',
        password_hash,
        active: true,
      });
    });

    it('refuses a 居宅届 from a facility and a 代行申請 from a グループホーム, GET and POST, with one message', async () => {
      const facility = await loginAs(app, 'misumien');
      const refused = await facility.get('/office/plan-notifications/new').expect(403);
      expect(refused.text).toContain('この事業所の指定サービス種別では居宅届を提出できません');
      expect((await facility.get('/office/applications/new')).status).toBe(200);
      const token = csrfOf((await facility.get('/office/applications/new')).text);
      const posted = await facility.post('/office/plan-notifications/new').type('form').send({ _csrf: token });
      expect(posted.status).toBe(403);

      const gh = await loginAs(app, 'gh-staff');
      const r = await gh.get('/office/applications/new').expect(403);
      expect(r.text).toContain('この事業所の指定サービス種別では代行申請を提出できません');
      expect((await (await loginAs(app, 'ukinosato')).get('/office/plan-notifications/new')).status).toBe(200);
    });

    it('lets a グループホーム file a 代行申請 from the date the insurer extends it', async () => {
      const gh = await loginAs(app, 'gh-staff');
      await db('rule_versions').insert({
        insurer_no: '432130',
        rule_set: 'office_filing',
        effective_from: '2026-11-26', // the day after the fixtures' today
        rules_json: JSON.stringify({
          proxyApplication: ['home_care_support', 'community_support_center', 'insurance_facility', 'group_home'],
        }),
        created_at: '2026-11-01T00:00:00Z',
      });
      expect((await gh.get('/office/applications/new')).status).toBe(403);
      await db('rule_versions').where({ rule_set: 'office_filing' }).update({ effective_from: '2026-11-25' });
      expect((await gh.get('/office/applications/new')).status).toBe(200);
      await db('rule_versions').where({ rule_set: 'office_filing' }).delete();
    });
  });

  describe('accounts', () => {
    it('creates a city account that must change its password at first login', async () => {
      const boss = await loginAs(app, 'kakaricho');
      const short = await post(boss, '/admin/accounts/new', '/admin/accounts/new', {
        loginId: 'new-intake',
        displayName: '新 職員',
        role: 'intake',
        password: 'short',
      });
      expect(short.status).toBe(303);
      const back = await boss.get('/admin/accounts/new').expect(200);
      expect(back.text).toContain('パスワードは12文字以上にしてください');
      expect(back.text).not.toContain('value="short"');

      await post(boss, '/admin/accounts/new', '/admin/accounts/new', {
        loginId: 'new-intake',
        displayName: '新 職員',
        role: 'intake',
        password: 'temporary-pass-01',
      }).then((r) => expect(r.status).toBe(303));
      const row = await db('users').where({ login_id: 'new-intake' }).first();
      expect(row).toMatchObject({ insurer_no: '432130', role: 'intake', office_no: null });
      expect(row.password_hash).not.toContain('temporary');
      expect(await db('audit_log').where({ action: 'account.create', target: 'user:new-intake' }).first()).toBeTruthy();

      const { agent } = await loginWith(app, 'new-intake', 'temporary-pass-01');
      expect((await agent.get('/tasks')).headers.location).toBe('/account/password');
      const wrong = await post(agent, '/account/password', '/account/password', {
        current: 'not-it',
        password: 'my-own-pass-2026',
      });
      expect(wrong.status).toBe(303);
      expect((await agent.get('/account/password')).text).toContain('現在のパスワードが正しくありません');
      const ok = await post(agent, '/account/password', '/account/password', {
        current: 'temporary-pass-01',
        password: 'my-own-pass-2026',
      });
      expect(ok.headers.location).toBe('/tasks');
      expect((await agent.get('/tasks')).status).toBe(200);
    });

    /** 係長 edits 小川 (chosa) while 小川 is signed in: 小川's session, and the account's ID. */
    async function editChosaSignedIn(form: Record<string, string>) {
      const victim = await loginAs(app, 'chosa');
      expect((await victim.get('/tasks')).status).toBe(200);
      const id = await idOf(db, 'chosa');
      const boss = await loginAs(app, 'kakaricho');
      const r = await post(boss, `/admin/accounts/${id}`, `/admin/accounts/${id}`, { displayName: '小川 健', ...form });
      expect(r.status).toBe(303);
      return { victim, id };
    }

    it('disables an account: its open session ends at the next request', async () => {
      const { victim, id } = await editChosaSignedIn({ role: 'surveyor' });
      expect((await victim.get('/tasks')).headers.location).toBe('/login');
      expect(await db('audit_log').where({ action: 'account.disable', target: 'user:chosa' }).first()).toBeTruthy();
      await db('users').where({ id }).update({ active: true });
    });

    it("changes an account's role: its open session ends, and the start page stops showing a supervisor's details", async () => {
      const { victim, id } = await editChosaSignedIn({ role: 'intake', active: 'yes' });
      expect((await db('users').where({ id }).first('role')).role).toBe('intake');
      expect((await victim.get('/tasks')).headers.location).toBe('/login');
      await db('users').where({ id }).update({ role: 'surveyor' });

      // the start page is public (no account guard): a demoted supervisor's session sees what the public sees
      const former = await loginAs(app, 'kakaricho');
      expect((await former.get('/').expect(200)).text).toContain('利用者アカウント');
      const bossId = await idOf(db, 'kakaricho');
      await db('users').where({ id: bossId }).update({ role: 'intake' });
      try {
        expect((await former.get('/').expect(200)).text).not.toContain('利用者アカウント');
      } finally {
        await db('users').where({ id: bossId }).update({ role: 'supervisor' });
      }
    });

    it('keeps a city supervisor to its own insurer and to office administrators', async () => {
      const boss = await loginAs(app, 'kakaricho');
      expect((await boss.get(`/admin/accounts/${await idOf(db, 'nintei')}`)).status).toBe(200);
      expect((await boss.get(`/admin/accounts/${await idOf(db, 'ukinosato')}`)).status).toBe(200);
      expect((await boss.get(`/admin/accounts/${await idOf(db, 'uki-2')}`)).status).toBe(404);
      const bId = await idOf(db, 'b-nintei');
      expect((await boss.get(`/admin/accounts/${bId}`)).status).toBe(404);
      const reset = await post(boss, '/admin/accounts', `/admin/accounts/${bId}/password`, {
        password: 'hostile-pass-2026',
      });
      expect(reset.status).toBe(404);
      const list = await boss.get('/admin/accounts').expect(200);
      expect(list.text).toContain('ukinosato');
      expect(list.text).not.toContain('b-nintei');
      expect(list.text).not.toContain('uki-2');
    });

    it('keeps an office administrator to its own office’s staff', async () => {
      const admin = await loginAs(app, 'ukinosato');
      const list = await admin.get('/office/staff').expect(200);
      expect(list.text).toContain('uki-2');
      expect(list.text).not.toContain('shira-2');
      expect(list.text).not.toContain('nintei');
      expect((await admin.get(`/office/staff/${await idOf(db, 'uki-2')}`)).status).toBe(200);
      for (const other of ['shira-2', 'shiranui', 'nintei', 'kakaricho', 'b-nintei']) {
        const id = await idOf(db, other);
        expect((await admin.get(`/office/staff/${id}`)).status).toBe(404);
        const r = await post(admin, '/office/staff', `/office/staff/${id}/password`, { password: 'hostile-pass-2026' });
        expect(r.status).toBe(404);
      }
      // it cannot make a city account or another office's through the create form either
      await post(admin, '/office/staff/new', '/office/staff/new', {
        loginId: 'sneaky',
        displayName: 'x',
        role: 'supervisor',
        officeNo: '4370100037',
        password: 'sneaky-pass-2026',
      });
      expect(await db('users').where({ login_id: 'sneaky' }).first()).toBeUndefined();
      await post(admin, '/office/staff/new', '/office/staff/new', {
        loginId: 'uki-3',
        displayName: '宇土 三郎',
        role: 'office_staff',
        officeNo: '4370100037',
        password: 'uki-three-pass-26',
      });
      expect(await db('users').where({ login_id: 'uki-3' }).first()).toMatchObject({
        office_no: '4370100011',
        office_admin: expect.anything(),
      });
      expect(Boolean((await db('users').where({ login_id: 'uki-3' }).first()).office_admin)).toBe(false);
    });

    it('refuses the staff pages to an office user who is not its administrator', async () => {
      const staff = await loginAs(app, 'uki-2');
      expect((await staff.get('/office/staff')).status).toBe(403);
    });
  });
});
