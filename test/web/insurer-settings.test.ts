/**
 * 保険者の設定 (/admin/insurer): the 監督者 sets their own insurer's 利用開始日 and データ移行完了, which decide whether
 * its offices' online pages open; other roles and offices are refused; bad input returns the form with messages;
 * every change is audited with before and after.
 */
import type { Knex } from 'knex';
import type request from 'supertest';
import { appOf, csrfOf, loginAs, servicesWith, tempDb, TODAY } from './helpers';

async function save(agent: request.Agent, form: Record<string, string>) {
  const token = csrfOf((await agent.get('/admin/insurer').expect(200)).text);
  return agent
    .post('/admin/insurer')
    .type('form')
    .send({ _csrf: token, ...form });
}

const valid = {
  name: '宇城市',
  address: '熊本県宇城市松橋町大野85',
  phone: '0964-32-1111',
  onlineStartOn: '',
  dataMigrated: 'yes',
  registrationLapseMonths: '6',
};

describe('保険者の設定', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('shows the supervisor their own insurer, in the menu too', async () => {
    const boss = await loginAs(app, 'kakaricho');
    const page = await boss.get('/admin/insurer').expect(200);
    expect(page.text).toContain('保険者番号 432130');
    expect(page.text).toContain('value="宇城市"');
    expect(page.text).toContain('href="/admin/insurer"');
    expect(page.text).toMatch(/id="dataMigrated" name="dataMigrated" value="yes" checked/);
  });

  it('refuses every other role and every office', async () => {
    for (const login of ['nintei', 'kyufu', 'ukinosato'])
      expect((await (await loginAs(app, login)).get('/admin/insurer')).status).toBe(403);
  });

  it('a start date in the future closes the offices’ person pages with the date; today opens them again', async () => {
    const boss = await loginAs(app, 'kakaricho');
    const office = await loginAs(app, 'ukinosato');
    await office.get('/office/persons/0000100001').expect(200);

    // 和暦 as people type it: R9.5.27 is 2027-05-27
    const res = await save(boss, { ...valid, onlineStartOn: 'R9.5.27' });
    expect(res.status).toBe(303);
    expect(await db('insurers').where({ insurer_no: '432130' }).first('online_start_on')).toEqual({
      online_start_on: '2027-05-27',
    });
    const closed = await office.get('/office/persons/0000100001');
    expect(closed.status).toBe(403);
    expect(closed.text).toContain('まだご利用いただけません');
    expect(closed.text).not.toContain('宇城 太郎');

    expect((await save(boss, { ...valid, onlineStartOn: TODAY })).status).toBe(303);
    await office.get('/office/persons/0000100001').expect(200);
  });

  it('the migration not declared complete keeps the offices out even after the start date', async () => {
    const boss = await loginAs(app, 'kakaricho');
    const office = await loginAs(app, 'ukinosato');
    expect((await save(boss, { ...valid, onlineStartOn: TODAY, dataMigrated: '' })).status).toBe(303);
    expect((await office.get('/office/persons/0000100001')).status).toBe(403);
    expect((await save(boss, { ...valid, onlineStartOn: TODAY })).status).toBe(303);
    await office.get('/office/persons/0000100001').expect(200);
  });

  it('bad input returns the form with Japanese messages and changes nothing', async () => {
    const boss = await loginAs(app, 'kakaricho');
    const before = await db('insurers').where({ insurer_no: '432130' }).first();
    const res = await save(boss, {
      ...valid,
      name: ' ',
      phone: 'abc',
      onlineStartOn: '令和9年13月1日',
      registrationLapseMonths: '0',
    });
    expect(res.status).toBe(303);
    const page = (await boss.get('/admin/insurer').expect(200)).text;
    for (const m of [
      '保険者名を入力してください',
      '電話番号は数字とハイフンで入力してください',
      '利用開始日を正しい日付',
      '登録が失効するまでの月数は1から24で入力してください',
    ])
      expect(page).toContain(m);
    expect(await db('insurers').where({ insurer_no: '432130' }).first()).toEqual(before);
  });

  it('audits each change with the values before and after', async () => {
    const boss = await loginAs(app, 'kakaricho');
    expect((await save(boss, { ...valid, onlineStartOn: TODAY })).status).toBe(303);
    expect((await save(boss, { ...valid, onlineStartOn: TODAY, registrationLapseMonths: '9' })).status).toBe(303);
    const row = await db('audit_log').where({ action: 'insurer.update' }).orderBy('id', 'desc').first();
    expect(row).toMatchObject({ target: 'insurer:432130' });
    expect(JSON.parse(row.detail_json)).toEqual({ registration_lapse_months: [6, 9] });
  });
});
