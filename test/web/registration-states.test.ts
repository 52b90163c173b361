/**
 * Issue 15: an office's 担当事業所登録 page after the registration stops opening the person. A lapsed (no 給付実績 for
 * registration_lapse_months), returned, ended or consent-withdrawn registration shows the number the office typed and
 * its state, never the person's name or a link to the person; a lapsed one takes no consent and a new identity check
 * registers the person again. Before the insurer's 利用開始日 a request waits for its city, and the city's approval
 * opens nothing until the insurer is online.
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { appOf, csrfOf, loginAs, tempDb, TODAY } from './helpers';
import { buildWorld, INSURER_A, INSURER_PRE, SUBJECTS, worldServices } from './hostile/fixtures';

const subject = (insuredNo: string) => SUBJECTS.find((s) => s.insuredNo === insuredNo)!;
const LAPSED = subject('0000100111');
const HIDDEN = ['0000100111', '0000100112', '0000100113', '0000100114', '0000100115', '0000100002'].map(subject);
const PENDING = subject('0009900011');

describe('担当事業所登録: what the office sees once a registration no longer opens the person', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
  });
  afterAll(async () => cleanup());

  it('lapsed, returned, ended, deceased, moved out and withdrawn rows show no name and no link', async () => {
    const page = await (await loginAs(app, 'ukinosato')).get('/office/registrations').expect(200);
    expect(page.text).toContain('宇城 太郎'); // active, consent in force
    expect(page.text).toContain('/office/persons/0000100001');
    for (const s of HIDDEN) {
      expect([s.label, page.text.includes(s.name)]).toEqual([s.label, false]);
      expect(page.text).not.toContain(`/office/persons/${s.insuredNo}`);
      expect(page.text).toContain(s.insuredNo); // the number the office typed stays
    }
    expect(page.text).toContain('失効（給付実績なし）');
  });

  it('a lapsed registration takes no consent, and the refusal is audited', async () => {
    const office = await loginAs(app, 'ukinosato');
    const reg = await db('office_registrations').where({ insured_no: LAPSED.insuredNo }).first('id');
    const page = await office.get('/office/registrations').expect(200);
    await office
      .post(`/office/registrations/${reg.id}/consent`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(await db('consents').where({ insured_no: LAPSED.insuredNo, channel: 'office_proxy' })).toHaveLength(0);
    expect(
      await db('audit_log').where({ action: 'consent.refused', target: `person:${LAPSED.insuredNo}` }),
    ).toHaveLength(1);
  });

  it('after a lapse a new identity check registers the person again and opens them', async () => {
    const office = await loginAs(app, 'ukinosato');
    await office.get(`/office/persons/${LAPSED.insuredNo}`).expect(403);
    const person = await db('insured_persons').where({ insured_no: LAPSED.insuredNo }).first('birth_date');
    const page = await office.get('/office/registrations').expect(200);
    await office
      .post('/office/registrations')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        method: 'insured_card',
        insuredNo: LAPSED.insuredNo,
        insurerNo: INSURER_A,
        birthDate: person.birth_date,
      })
      .expect(303);
    const rows = await db('office_registrations').where({ insured_no: LAPSED.insuredNo }).orderBy('id');
    expect(rows.map((r) => r.status)).toEqual(['active', 'active']);
    expect(rows[1]).toMatchObject({ effective_on: TODAY });
    await office.get(`/office/persons/${LAPSED.insuredNo}`).expect(200);
  });

  it('before the 利用開始日: the city approves, and still nothing opens until the insurer is online', async () => {
    const office = await loginAs(app, 'demomachi');
    const city = await loginAs(app, 'pre-nintei');
    const list = await city.get('/registrations').expect(200);
    expect(list.text).toContain(PENDING.name); // its own insurer's request, with the person's name
    const other = await (await loginAs(app, 'nintei')).get('/registrations').expect(200);
    expect(other.text).not.toContain(PENDING.name);
    const reg = await db('office_registrations').where({ insured_no: PENDING.insuredNo }).first('id');
    await city
      .post(`/registrations/${reg.id}/decide`)
      .type('form')
      .send({ _csrf: csrfOf(list.text), decision: 'approve' })
      .expect(303);
    expect((await db('office_registrations').where({ id: reg.id }).first()).status).toBe('active');
    const notYet = await office.get(`/office/persons/${PENDING.insuredNo}`).expect(403);
    expect(notYet.text).toContain('まだご利用いただけません');
    expect((await office.get('/office/registrations').expect(200)).text).not.toContain(PENDING.name);
    // 利用開始日 reached and the data migrated: the approved registration opens the person
    await db('insurers')
      .where({ insurer_no: INSURER_PRE })
      .update({ online_start_on: addDays(TODAY, -1), data_migrated: true });
    await office.get(`/office/persons/${PENDING.insuredNo}`).expect(200);
    expect((await office.get('/office/registrations').expect(200)).text).toContain(PENDING.name);
  });
});
