/** 被保険者台帳 pages: each role's access, the certificate and usage forms (PRG, Japanese errors), history, 更新あり. */
import type { Knex } from 'knex';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

describe('被保険者台帳', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  const post = async (agent: Awaited<ReturnType<typeof loginAs>>, path: string, body: Record<string, string>) => {
    const page = await agent.get('/persons/0000100001/register').expect(200);
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...body });
  };

  it('shows the seeded history: 1割 replaced by 2割 with its reason, and the 負担限度額 段階', async () => {
    const a = await loginAs(app, 'kyufu');
    const res = await a.get('/persons/0000100006/register').expect(200);
    expect(res.text).toContain('<strong>2割</strong>');
    expect(res.text).toContain('所得更正による再判定');
    expect(res.text).toMatch(/1割（R8\.8\.1〜R9\.7\.31）/);
    expect(res.text).toContain('第3段階②');
    expect(res.text).toContain('食費 1,360円');
  });

  it('every municipal role reads the register; only 給付係 and 係長 may enter', async () => {
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get('/persons/0000100001/register').expect(200);
    expect(page.text).not.toContain('/register/certificates/copay"');
    await nintei.get('/persons/0000100001/register/certificates/copay').expect(403);
    await nintei
      .post('/persons/0000100001/register/certificates/copay')
      .type('form')
      .send({ _csrf: csrfOf(page.text), value: '3', validFrom: '2026-08-01', reason: 'x' })
      .expect(403);
    const office = await loginAs(app, 'ukinosato');
    await office.get('/persons/0000100001/register').expect(403);
    const kakaricho = await loginAs(app, 'kakaricho');
    await kakaricho.get('/persons/0000100001/register/usages/new').expect(200);
    await kakaricho.get('/persons/9999999999/register').expect(404);
    await kakaricho.get('/persons/0000100001/register/certificates/other').expect(404);
  });

  it('refuses an empty form, a period across 7/31 and a bad date, in Japanese, and keeps the input (PRG)', async () => {
    const a = await loginAs(app, 'kyufu');
    const form = '/persons/0000100001/register/certificates/copay';
    let res = await post(a, form, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(form);
    let page = await a.get(form).expect(200);
    expect(page.text).toContain('負担割合を選択してください');
    expect(page.text).toContain('適用開始日を入力してください');
    expect(page.text).toContain('記録・訂正の理由を入力してください');
    res = await post(a, form, { value: '2', validFrom: 'R8.8.1', validTo: '2027-08-01', reason: '所得更正' });
    page = await a.get(form).expect(200);
    expect(page.text).toContain('適用期間は2027年7月31日までにしてください');
    expect(page.text).toContain('所得更正');
    await post(a, form, { value: '2', validFrom: '2026-02-30', reason: '所得更正' });
    page = await a.get(form).expect(200);
    expect(page.text).toContain('適用開始日を正しい日付');
    await post(a, form, { value: '5', validFrom: '2026-08-01', reason: '所得更正' });
    expect((await a.get(form).expect(200)).text).toContain('負担割合を選択してください');
    expect(await db('register_certificates').where({ insured_no: '0000100001' })).toHaveLength(1);
  });

  it('an office sees 更新あり with the old and new value once after a caseworker corrects the 負担割合', async () => {
    const office = await loginAs(app, 'ukinosato');
    const first = await office.get('/office/persons/0000100001').expect(200);
    expect(first.text).not.toContain('更新あり');

    const a = await loginAs(app, 'kyufu');
    const res = await post(a, '/persons/0000100001/register/certificates/copay', {
      value: '2',
      validFrom: '令和8年8月1日',
      reason: '所得更正',
    });
    expect(res.headers.location).toBe('/persons/0000100001/register');
    const page = await a.get('/persons/0000100001/register').expect(200);
    expect(page.text).toContain('負担割合証を記録しました');
    expect(page.text).toContain('<strong>2割</strong>');
    expect(page.text).toContain('理由: 所得更正');
    expect(await db('insured_persons').where({ insured_no: '0000100001' }).first('copay_ratio')).toEqual({
      copay_ratio: 2,
    });
    const audit = await db('audit_log').where({ action: 'register.certificate', target: 'person:0000100001' });
    expect(audit).toHaveLength(1);

    // the same entry again changes nothing
    await post(a, '/persons/0000100001/register/certificates/copay', {
      value: '2',
      validFrom: '2026-08-01',
      reason: '再入力',
    });
    expect(await db('register_certificates').where({ insured_no: '0000100001' })).toHaveLength(2);

    const seen = await office.get('/office/persons/0000100001').expect(200);
    expect(seen.text).toContain('更新あり');
    expect(seen.text).toMatch(/負担割合<\/th><td>1割（R8\.8\.1〜R9\.7\.31）<\/td><td><strong>2割/);
    const again = await office.get('/office/persons/0000100001').expect(200);
    expect(again.text).not.toContain('更新あり');
  });

  it('records, corrects and cancels a 住宅改修 with its history; the remaining amount follows', async () => {
    const a = await loginAs(app, 'kyufu');
    const path = '/persons/0000100001/register/usages/new';
    await post(a, path, {
      kind: 'home_modification',
      usedOn: '2026-11-01',
      amountYen: '50000',
      description: '段差解消',
      reason: '申請',
    });
    expect((await a.get(path).expect(200)).text).toContain('住宅改修は着工時の要介護状態区分を選択してください');
    await post(a, path, {
      kind: 'welfare_equipment',
      usedOn: '2026-11-01',
      amountYen: '-1',
      description: '杖',
      reason: '申請',
    });
    expect((await a.get(path).expect(200)).text).toContain('費用額は1円以上で入力してください');

    await post(a, path, {
      kind: 'home_modification',
      usedOn: '2026-11-01',
      amountYen: '５００００',
      careLevel: 'care_2',
      dwelling: '熊本県宇城市松橋町松橋123番地',
      description: '段差解消',
      reason: '支給申請',
    }).then((r) => expect(r.headers.location).toBe('/persons/0000100001/register'));
    let page = await a.get('/persons/0000100001/register').expect(200);
    expect(page.text).toContain('段差解消');
    expect(page.text).toContain('残り <strong>30,000円</strong>'); // 200,000 − 120,000 − 50,000

    const row = await db('register_usages').where({ insured_no: '0000100001', description: '段差解消' }).first();
    await post(a, `/persons/0000100001/register/usages/${row.entry_no}`, {
      kind: 'home_modification',
      usedOn: '2026-11-01',
      amountYen: '40000',
      careLevel: 'care_2',
      dwelling: '熊本県宇城市松橋町松橋123番地',
      description: '段差解消',
      voided: 'on',
      reason: '申請取下げ',
    });
    page = await a.get('/persons/0000100001/register').expect(200);
    expect(page.text).toContain('取消');
    expect(page.text).toContain('理由: 申請取下げ');
    expect(page.text).toContain('残り <strong>80,000円</strong>');
    expect(await db('register_usages').where({ entry_no: row.entry_no })).toHaveLength(2);
    await a.get('/persons/0000100001/register/usages/nosuch').expect(404);
  });
});
