/**
 * 国保連への受給者異動 (/kokuhoren) and 給付制限 (/persons/:no/register/restrictions): the 給付係 records a 給付制限
 * (printed on the 被保険者証), exports the day's file and downloads it byte-identical twice; other roles, offices and
 * another insurer's staff are refused; every export and download is audited.
 */
import type { Knex } from 'knex';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

describe('国保連 export and 給付制限', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const NO = '0000100001';
  const form = `/persons/${NO}/register/restrictions/new`;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
    await db('insurers').insert({
      insurer_no: '439999',
      name: '別市',
      prefecture: '熊本県',
      address: '別市',
      phone: '0',
    });
    const { password_hash } = await db('users').where({ login_id: 'kyufu' }).first('password_hash');
    await db('users').insert({
      login_id: 'b-kakaricho',
      display_name: '別 係長',
      role: 'supervisor',
      insurer_no: '439999',
      password_hash,
      active: true,
    });
  });
  afterAll(async () => cleanup());

  it('refuses a bad 給付制限 in Japanese and writes nothing', async () => {
    const a = await loginAs(app, 'kyufu');
    let page = await a.get(form).expect(200);
    await a
      .post(form)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        kind: 'benefit_reduction',
        validFrom: '2027-01-01',
        validTo: '2026-12-01',
        reason: 'x',
      })
      .expect(303);
    page = await a.get(form).expect(200);
    expect(page.text).toContain('終了日は開始日以降の日付にしてください');
    expect(await db('register_benefit_restrictions')).toHaveLength(0);
  });

  it('records a 給付制限 that the 被保険者証 prints, then exports and downloads the same file twice', async () => {
    const a = await loginAs(app, 'kyufu');
    const page = await a.get(form).expect(200);
    await a
      .post(form)
      .type('form')
      .send({ _csrf: csrfOf(page.text), kind: 'benefit_suspension', validFrom: '令和9年1月1日', reason: '滞納' })
      .expect(303);
    const card = await a.get(`/persons/${NO}/register/card`).expect(200);
    expect(card.text).toContain('保険給付の一時差止（令和9年1月1日〜）');
    expect((await a.get(`/persons/${NO}/register`).expect(200)).text).toContain('保険給付の一時差止');

    const list = await a.get('/kokuhoren').expect(200);
    expect(list.text).toMatch(/未送付の受給者異動: <strong>[1-9][0-9]*件/);
    await a
      .post('/kokuhoren/export')
      .type('form')
      .send({ _csrf: csrfOf(list.text) })
      .expect(303);
    const batch = await db('kokuhoren_batches').first('id', 'content');
    const first = await a.get(`/kokuhoren/batches/${batch.id}`).expect(200);
    const second = await a.get(`/kokuhoren/batches/${batch.id}`).expect(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.text).toBe(second.text);
    expect(first.text).toBe(batch.content);
    expect(first.text).toContain(`"${NO}"`);
    // a second export the same day makes no second file
    const again = await a.get('/kokuhoren').expect(200);
    expect(again.text).toContain('本日');
    expect(await db('kokuhoren_batches')).toHaveLength(1);
    expect(await db('audit_log').where({ action: 'kokuhoren.export' })).toHaveLength(1);
    expect(await db('audit_log').where({ action: 'kokuhoren.download' })).toHaveLength(2);
    expect(await db('audit_log').where({ action: 'register.restriction' })).toHaveLength(1);
  });

  it('refuses other roles, offices and another insurer (as an unknown file)', async () => {
    const batch = await db('kokuhoren_batches').first('id');
    await (await loginAs(app, 'nintei')).get('/kokuhoren').expect(403);
    await (await loginAs(app, 'nintei')).get(`/kokuhoren/batches/${batch.id}`).expect(403);
    await (await loginAs(app, 'ukinosato')).get(`/kokuhoren/batches/${batch.id}`).expect(403);
    await (await loginAs(app, 'nintei')).get(form).expect(403);
    const other = await loginAs(app, 'b-kakaricho');
    const foreign = await other.get(`/kokuhoren/batches/${batch.id}`);
    const unknown = await other.get('/kokuhoren/batches/999999');
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.text).not.toContain(NO);
    expect((await other.get('/kokuhoren').expect(200)).text).not.toContain('kokuhoren-432130');
    expect((await other.get(form)).status).toBe(404);
  });
});
