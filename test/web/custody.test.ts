/**
 * Issue 15, the facilities' マイナンバーカード預かり管理簿 over HTTP: a facility's happy path (handler named by the
 * administrator, agreement, take-out, overdue flagged, return), a non-handler refused, a 居宅介護支援 office refused,
 * another facility answered as for an unknown person, a double take-out refused, CSRF, and the audit rows.
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { CUSTODY_KIND_REFUSAL, CUSTODY_NOT_FOUND, CUSTODY_START_REFUSAL } from '../../web/services/custody';
import { createServices } from '../../web/services';
import { appOf, csrfOf, loginAs, tempDb, TODAY } from './helpers';

const FACILITY = '4370100045'; // みすみ園 (介護保険施設), administrator misumien
const OTHER_FACILITY = '4370100052';
const RESIDENT = '0000100006'; // consented; given a registration with the facility below
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"');
const jst = (time: string) => Date.parse(`${TODAY}T${time}:00+09:00`);

describe('マイナンバーカード預かり管理簿', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let clock = jst('10:00');

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const { password_hash, insurer_no } = await db('users').where({ login_id: 'misumien' }).first();
    await db('offices').insert({
      office_no: OTHER_FACILITY,
      insurer_no,
      name: '別の施設',
      kind: 'facility',
      address: '熊本県宇城市',
      phone: '0',
    });
    await db('office_service_types').insert({ office_no: OTHER_FACILITY, service_type: 'insurance_facility' });
    const users = [
      { login_id: 'misumi-care', office_no: FACILITY, office_admin: false },
      { login_id: 'other-fac', office_no: OTHER_FACILITY, office_admin: true },
    ];
    for (const u of users)
      await db('users').insert({
        ...u,
        display_name: u.login_id,
        role: 'office_staff',
        insurer_no,
        password_hash,
        active: true,
      });
    const misumien = await db('users').where({ login_id: 'misumien' }).first('id');
    const other = await db('users').where({ login_id: 'other-fac' }).first('id');
    for (const office_no of [FACILITY, OTHER_FACILITY])
      await db('office_registrations').insert({
        office_no,
        insured_no: RESIDENT,
        insurer_no,
        status: 'active',
        method: 'insured_card',
        requested_by_user_id: office_no === FACILITY ? misumien.id : other.id,
        requested_at: `${addDays(TODAY, -30)}T01:00:00.000Z`,
        effective_on: addDays(TODAY, -30),
        last_served_on: null,
        lapses_on: addDays(TODAY, 150),
      });
    // this file counts its own take-outs and overdue cards: the demo's records (db/seeds/demo.ts) would blur them
    await db('card_custody_movements').where({ office_no: FACILITY }).del();
    await db('card_custody_agreements').where({ office_no: FACILITY }).del();
    // the other facility's administrator handles cards there
    await db('card_handlers').insert({
      office_no: OTHER_FACILITY,
      user_id: other.id,
      granted_by_user_id: other.id,
      granted_at: '2026-11-01T00:00:00.000Z',
    });
    app = appOf(
      createServices({
        db,
        temporal: null,
        config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
        today: () => TODAY,
        now: () => clock,
      }),
    );
  });
  afterAll(async () => cleanup());

  it('a 居宅介護支援 office is refused every custody page, and its home has no link', async () => {
    const office = await loginAs(app, 'ukinosato');
    const res = await office.get('/office/custody').expect(403);
    expect(decode(res.text)).toContain(CUSTODY_KIND_REFUSAL);
    await office.get(`/office/custody/persons/${RESIDENT}`).expect(403);
    expect((await office.get('/office').expect(200)).text).not.toContain('/office/custody');
    const facility = await loginAs(app, 'misumien');
    expect((await facility.get('/office').expect(200)).text).toContain('/office/custody');
  });

  it('the administrator names the handlers; before that nobody may record, and a non-handler never may', async () => {
    const admin = await loginAs(app, 'misumien');
    await admin.get('/office/custody').expect(200);
    await admin.get('/office/custody/new').expect(403);
    const care = await loginAs(app, 'misumi-care');
    await care.get('/office/custody').expect(403);
    await care.get('/office/custody/handlers').expect(403);
    const page = await admin.get('/office/custody/handlers').expect(200);
    const me = await db('users').where({ login_id: 'misumien' }).first('id');
    // without the token: refused, nothing written
    await admin
      .post('/office/custody/handlers')
      .type('form')
      .send({ userId: String(me.id), grant: 'yes' })
      .expect(403);
    // (the demo's 生活相談員 misumi-sodan is a handler already; the administrator is not)
    expect(await db('card_handlers').where({ office_no: FACILITY, user_id: me.id })).toHaveLength(0);
    await admin
      .post('/office/custody/handlers')
      .type('form')
      .send({ _csrf: csrfOf(page.text), userId: String(me.id), grant: 'yes' })
      .expect(303);
    expect(
      await db('card_handlers').where({ office_no: FACILITY, user_id: me.id }).whereNull('revoked_at'),
    ).toHaveLength(1);
    // another office's account cannot be named
    const other = await db('users').where({ login_id: 'other-fac' }).first('id');
    await admin
      .post('/office/custody/handlers')
      .type('form')
      .send({ _csrf: csrfOf(page.text), userId: String(other.id), grant: 'yes' })
      .expect(404);
  });

  it('happy path: agreement, take-out, double take-out refused, overdue flagged, return', async () => {
    const h = await loginAs(app, 'misumien');
    let form = await h.get('/office/custody/new').expect(200);
    // a person the office may not see, and an unknown number: the one refusal
    for (const insuredNo of ['0000100003', '9999999999']) {
      await h
        .post('/office/custody/new')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          insuredNo,
          depositorKind: 'family',
          depositorName: '山田 一郎',
          agreementRef: '預-1',
          agreedOn: TODAY,
          startedOn: TODAY,
        })
        .expect(303)
        .expect('Location', '/office/custody/new');
      form = await h.get('/office/custody/new').expect(200);
      expect(decode(form.text)).toContain(CUSTODY_START_REFUSAL);
    }
    // empty form: Japanese messages per field
    await h
      .post('/office/custody/new')
      .type('form')
      .send({ _csrf: csrfOf(form.text) })
      .expect(303);
    form = await h.get('/office/custody/new').expect(200);
    expect(form.text).toContain('預けた人の氏名を入力してください');
    expect(form.text).toContain('同意書の日付を入力してください');
    await h
      .post('/office/custody/new')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        insuredNo: RESIDENT,
        depositorKind: 'family',
        depositorName: '松橋 一郎',
        agreementRef: '預かり証 第12号',
        agreedOn: TODAY,
        startedOn: TODAY,
      })
      .expect(303)
      .expect('Location', `/office/custody/persons/${RESIDENT}`);
    let list = await h.get('/office/custody').expect(200);
    expect(list.text).toContain('保管中');
    expect(list.text).toContain('預かり証 第12号');
    const person = `/office/custody/persons/${RESIDENT}`;
    let page = await h.get(person).expect(200);
    await h
      .post(`${person}/take-out`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), purpose: 'medical_visit', returnDate: TODAY, returnTime: '14:30' })
      .expect(303);
    page = await h.get(person).expect(200);
    expect(page.text).toContain('持出中');
    expect(page.text).toContain('受診（医療機関での資格確認）');
    // the form is gone while the card is out, and a second take-out posted anyway is refused
    expect(page.text).not.toContain(`${person}/take-out`);
    await h
      .post(`${person}/take-out`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), purpose: 'pharmacy', returnDate: TODAY, returnTime: '16:00' })
      .expect(303);
    page = await h.get(person).expect(200);
    expect(page.text).toContain('カードは持ち出し中です');
    expect(await db('card_custody_movements').where({ office_no: FACILITY })).toHaveLength(1);
    // not yet late at 14:30, late (in words, not colour only) at 15:00
    clock = jst('14:30');
    list = await h.get('/office/custody').expect(200);
    expect(list.text).not.toMatch(/badge--ng">返却遅れ/);
    clock = jst('15:00');
    list = await h.get('/office/custody').expect(200);
    expect(list.text).toContain('返却遅れのカードが1件あります');
    expect(list.text).toMatch(/badge--ng">返却遅れ/);
    await h
      .post(`${person}/return`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    page = await h.get(person).expect(200);
    expect(page.text).toContain('返却遅れ（返却済み）');
    list = await h.get('/office/custody').expect(200);
    expect(list.text).toContain('保管中');
    expect(list.text).not.toContain('返却遅れのカード');
    const actions = (await db('audit_log').where('action', 'like', 'custody.%').select('action')).map((r) => r.action);
    for (const a of [
      'custody.handler_grant',
      'custody.start',
      'custody.start_refused',
      'custody.take_out',
      'custody.take_out_refused',
      'custody.return',
      'custody.list',
      'custody.view',
      'custody.refused',
    ])
      expect([a, actions.includes(a)]).toEqual([a, true]);
  });

  it('a non-handler of the facility may not take out or return', async () => {
    const care = await loginAs(app, 'misumi-care');
    const page = await care.get('/office').expect(200);
    await care
      .post(`/office/custody/persons/${RESIDENT}/take-out`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), purpose: 'pharmacy', returnDate: TODAY, returnTime: '23:00' })
      .expect(403);
    await care
      .post(`/office/custody/persons/${RESIDENT}/return`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(403);
    await care.get(`/office/custody/persons/${RESIDENT}`).expect(403);
  });

  it('another facility cannot see or act on the records: the same answer as for an unknown person', async () => {
    const other = await loginAs(app, 'other-fac');
    const theirs = await other.get(`/office/custody/persons/${RESIDENT}`).expect(404);
    const unknown = await other.get('/office/custody/persons/9999999999').expect(404);
    expect(decode(theirs.text)).toContain(CUSTODY_NOT_FOUND);
    expect(theirs.text).toBe(unknown.text);
    const list = await other.get('/office/custody').expect(200);
    expect(list.text).not.toContain(RESIDENT);
    const before = await db('card_custody_movements').count({ n: '*' }).first();
    for (const path of ['take-out', 'return', 'end']) {
      const a = await other
        .post(`/office/custody/persons/${RESIDENT}/${path}`)
        .type('form')
        .send({ _csrf: csrfOf(list.text), purpose: 'pharmacy', returnDate: TODAY, returnTime: '23:00' });
      const b = await other
        .post(`/office/custody/persons/9999999999/${path}`)
        .type('form')
        .send({ _csrf: csrfOf(list.text), purpose: 'pharmacy', returnDate: TODAY, returnTime: '23:00' });
      expect([path, a.status, a.text]).toEqual([path, 404, b.text]);
    }
    expect(await db('card_custody_movements').count({ n: '*' }).first()).toEqual(before);
    expect(await db('card_custody_agreements').where({ office_no: FACILITY }).whereNotNull('ended_on')).toHaveLength(0);
  });
});
