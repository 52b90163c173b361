/**
 * 資格喪失の記録 (/persons/:no/register/loss): who may enter it, Japanese errors, the status ending (history kept), the
 * office's registration ending so the office no longer sees the person (same answer as an unknown number), another
 * insurer's caseworker refused like an unknown number.
 */
import type { Knex } from 'knex';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

describe('資格喪失の記録', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const NO = '0000100001';
  const form = `/persons/${NO}/register/loss`;

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

  it('only 給付係 and 係長 of the insurer may record it; offices and other insurers are refused', async () => {
    await (await loginAs(app, 'nintei')).get(form).expect(403);
    await (await loginAs(app, 'ukinosato')).get(form).expect(403);
    const other = await loginAs(app, 'b-kakaricho');
    const unknown = await other.get('/persons/9999999999/register/loss');
    const foreign = await other.get(form);
    expect(foreign.status).toBe(404);
    expect(foreign.status).toBe(unknown.status);
    const page = await (await loginAs(app, 'kakaricho')).get(form).expect(200);
    expect(page.text).toContain('資格喪失の事由');
  });

  it('refuses an empty form and a future date in Japanese, keeping the input', async () => {
    const a = await loginAs(app, 'kyufu');
    let page = await a.get(form).expect(200);
    let res = await a
      .post(form)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(form);
    page = await a.get(form).expect(200);
    expect(page.text).toContain('資格喪失の事由を選択してください');
    expect(page.text).toContain('資格喪失日を入力してください');
    res = await a
      .post(form)
      .type('form')
      .send({ _csrf: csrfOf(page.text), reason: 'deceased', lostOn: '2099-01-01', note: '死亡届' });
    page = await a.get(form).expect(200);
    expect(page.text).toContain('資格喪失日に未来の日付は入力できません');
    expect(page.text).toContain('死亡届');
    expect(await db('insured_persons').where({ insured_no: NO }).first('status')).toEqual({ status: 'active' });
  });

  it('a 死亡 ends the status with its history, ends the office registration, and the office sees the person no more', async () => {
    const office = await loginAs(app, 'ukinosato');
    await office.get(`/office/persons/${NO}`).expect(200);
    const unknownToOffice = await office.get('/office/persons/9999999999');

    const a = await loginAs(app, 'kyufu');
    const page = await a.get(form).expect(200);
    const send = () =>
      a
        .post(form)
        .type('form')
        .send({ _csrf: csrfOf(page.text), reason: 'deceased', lostOn: 'R8.11.20', note: '死亡届（戸籍）' })
        .expect(303);
    await send();
    expect((await a.get(`/persons/${NO}/register`).expect(200)).text).toContain('資格喪失（死亡）を記録しました');
    await send();
    expect((await a.get(`/persons/${NO}/register`).expect(200)).text).toContain('同じ内容で記録済みです');
    expect(await db('insured_persons').where({ insured_no: NO }).first('status', 'lost_on')).toEqual({
      status: 'deceased',
      lost_on: '2026-11-20',
    });
    const changes = await db('register_person_changes').where({ insured_no: NO }).orderBy('id');
    expect(changes.map((c) => [c.field, c.before, c.after, c.reason, c.recorded_by])).toEqual([
      ['status', 'active', 'deceased', '死亡届（戸籍）', 'kyufu'],
      ['lost_on', null, '2026-11-20', '死亡届（戸籍）', 'kyufu'],
    ]);
    expect(await db('office_registrations').where({ insured_no: NO }).select('status', 'ended_on')).toEqual([
      { status: 'ended', ended_on: '2026-11-20' },
    ]);
    const after = await office.get(`/office/persons/${NO}`);
    expect(after.status).toBe(unknownToOffice.status);
    expect(await db('audit_log').where({ action: 'register.loss' })).toHaveLength(2);
  });
});

describe('被保険者証・資格者証', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const NO = '0000100002';

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
    await db('insured_persons')
      .where({ insured_no: NO })
      .update({ benefit_restriction: '給付額減額（令和8年10月1日〜）' });
  });
  afterAll(async () => cleanup());

  it('prints the 被保険者証 with the fields offices read; every municipal role may print, an office may not', async () => {
    const person = await db('insured_persons').where({ insured_no: NO }).first();
    const nintei = await loginAs(app, 'nintei');
    const res = await nintei.get(`/persons/${NO}/register/card`).expect(200);
    expect(res.text).toContain('<h1>介護保険被保険者証</h1>');
    expect(res.text).toContain('size: A4');
    expect(res.text).toContain('給付額減額（令和8年10月1日〜）');
    expect(res.text).toContain(person.name);
    if (person.plan_office_no) {
      const office = await db('offices').where({ office_no: person.plan_office_no }).first('name');
      expect(res.text).toContain(office.name);
    }
    expect(res.text).not.toContain('<h1>介護保険資格者証</h1>');
    await (await loginAs(app, 'ukinosato')).get(`/persons/${NO}/register/card`).expect(403);
    await nintei.get('/persons/9999999999/register/card').expect(404);
    expect(await db('audit_log').where({ action: 'person.view', target: `person:${NO}` })).toHaveLength(1);
  });

  it('a hand-in of the 証 is recorded once and the card becomes a 資格者証; a future date is refused in Japanese', async () => {
    const a = await loginAs(app, 'kyufu');
    const page = await a.get(`/persons/${NO}/register`).expect(200);
    expect(page.text).toContain('被保険者証の返納');
    const send = (surrenderedOn: string) =>
      a
        .post(`/persons/${NO}/register/card/surrender`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), surrenderedOn, applicationNo: 'A-2026-1' })
        .expect(303);
    await send('2099-01-01');
    expect((await a.get(`/persons/${NO}/register`).expect(200)).text).toContain('返納日に未来の日付は入力できません');
    await send('2026-11-20');
    await send('2026-11-20');
    expect(await db('register_card_surrenders').where({ insured_no: NO })).toHaveLength(1);
    const card = await a.get(`/persons/${NO}/register/card`).expect(200);
    expect(card.text).toContain('<h1>介護保険資格者証</h1>');
    expect(card.text).toContain('A-2026-1');
    await (
      await loginAs(app, 'nintei')
    )
      .post(`/persons/${NO}/register/card/surrender`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), surrenderedOn: '2026-11-21' })
      .expect(403);
  });
});
