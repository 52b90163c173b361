/**
 * Issue 15: 担当事業所登録 and the no-self-grant rules over HTTP. Probe finding 1 (a 代行申請 with self-declared consent
 * opening a person), the enumeration-safe refusal (unknown, deceased, mismatching, another insurer's number: one
 * message, audited), registration by card through CardReader, consent withdrawal closing the person at once, an office
 * unable to record consent over a withdrawal, and the insurer whose 利用開始日 is ahead (pending → the city approves).
 */
import type { Knex } from 'knex';
import { recordIntakeConsent } from '../../db/persons';
import { DEMO_INSURER_NO, demoBirthDate, PRE_START_INSURER } from '../../db/seeds/demo';
import { IDENTITY_REFUSAL } from '../../domain/registration/rules';
import { FixedCardReader } from '../../lib/card-reader';
import { createRepositories } from '../../db';
import { createServices, type Services } from '../../web/services';
import { demoCardReader } from '../../web/services/registration';
import { appOf, csrfOf, loginAs, tempDb, TODAY } from './helpers';

const PERSON = '0000100006'; // consented, not うきの里's client
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"');

function servicesOf(db: Knex): Services {
  return createServices({
    db,
    temporal: null,
    config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
    today: () => TODAY,
    cardReader: new FixedCardReader({
      'reading-6': {
        name: '', // filled in beforeAll from the register
        address: '熊本県宇城市',
        birthDate: demoBirthDate(TODAY, PERSON),
        sex: '2',
      },
      'reading-stranger': { name: '知らない 人', address: '熊本県宇城市', birthDate: '1940-01-01', sex: '1' },
    }),
  });
}

describe('担当事業所登録 and who may see a person', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesOf(db));
  });
  afterAll(async () => cleanup());

  async function register(agent: Awaited<ReturnType<typeof loginAs>>, form: Record<string, string>) {
    const page = await agent.get('/office/registrations').expect(200);
    await agent
      .post('/office/registrations')
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...form })
      .expect(303);
    return (await agent.get('/office/registrations').expect(200)).text;
  }

  it('finding 1: a 代行申請 declaring consent does not open the person (the office has no registration)', async () => {
    const office = await loginAs(app, 'ukinosato');
    await office.get(`/office/persons/${PERSON}`).expect(403);
    // the intake's consent recording, as the activity calls it for the office's filing
    await recordIntakeConsent(db, {
      workflowId: 'cert-probe-1',
      insuredNo: '0000100003', // never asked
      consent: { granted: true, date: TODAY, obtainedBy: 'office_proxy', officeNo: '4370100011' },
    });
    expect(await db('consents').where({ source_workflow_id: 'cert-probe-1' })).toHaveLength(0);
    // nor may a filing withdraw anyone's consent, or pass as the city's
    await recordIntakeConsent(db, {
      workflowId: 'cert-probe-2',
      insuredNo: PERSON,
      consent: { granted: false, date: TODAY, obtainedBy: 'office_proxy', officeNo: '4370100011' },
    });
    await recordIntakeConsent(db, {
      workflowId: 'cert-probe-3',
      insuredNo: PERSON,
      consent: { granted: true, date: TODAY, obtainedBy: 'municipality', officeNo: '4370100011' },
    });
    expect(await db('consents').whereIn('source_workflow_id', ['cert-probe-2', 'cert-probe-3'])).toHaveLength(0);
    await office.get(`/office/persons/${PERSON}`).expect(403);
  });

  it('refuses unknown, deceased, mismatching and other-insurer persons with one and the same message, audited', async () => {
    const office = await loginAs(app, 'ukinosato');
    const tries = [
      { insuredNo: '0000199999', insurerNo: DEMO_INSURER_NO, birthDate: '1940-01-01' }, // unknown
      { insuredNo: '0000100008', insurerNo: DEMO_INSURER_NO, birthDate: demoBirthDate(TODAY, '0000100008') }, // deceased
      { insuredNo: PERSON, insurerNo: DEMO_INSURER_NO, birthDate: '1940-01-01' }, // wrong birth date
      { insuredNo: PERSON, insurerNo: PRE_START_INSURER.insurer_no, birthDate: demoBirthDate(TODAY, PERSON) },
    ];
    const before = Number((await db('audit_log').where({ action: 'registration.refused' }).count({ n: '*' }))[0].n);
    const bodies: string[] = [];
    for (const t of tries) {
      const html = decode(await register(office, { method: 'insured_card', ...t }));
      expect(html).toContain(IDENTITY_REFUSAL);
      // the page without what the office typed (kept input and its 和暦 echo)
      bodies.push(html.replace(/value="[^"]*"/g, '').replace(/<output[^>]*>[^<]*<\/output>/g, ''));
    }
    expect(new Set(bodies).size).toBe(1);
    const after = Number((await db('audit_log').where({ action: 'registration.refused' }).count({ n: '*' }))[0].n);
    expect(after - before).toBe(tries.length);
    const card = decode(await register(office, { method: 'my_number_card', readingId: 'reading-stranger' }));
    expect(card).toContain(IDENTITY_REFUSAL);
  });

  it('registers by 被保険者証 (in effect at once: the insurer is online) and then sees the person', async () => {
    const office = await loginAs(app, 'ukinosato');
    await register(office, {
      method: 'insured_card',
      insuredNo: PERSON,
      insurerNo: DEMO_INSURER_NO,
      birthDate: demoBirthDate(TODAY, PERSON),
    });
    const reg = await db('office_registrations').where({ office_no: '4370100011', insured_no: PERSON }).first();
    expect(reg).toMatchObject({ status: 'active', method: 'insured_card', effective_on: TODAY });
    await office.get(`/office/persons/${PERSON}`).expect(200);
    expect((await office.get('/office').expect(200)).text).toContain(`/office/persons/${PERSON}`);
  });

  it('withdrawal closes the person at once; the office cannot record consent over it; the city can', async () => {
    const office = await loginAs(app, 'ukinosato');
    const city = await loginAs(app, 'nintei');
    const personPage = await city.get(`/persons/${PERSON}`).expect(200);
    await city
      .post(`/persons/${PERSON}/consent/revoke`)
      .type('form')
      .send({ _csrf: csrfOf(personPage.text) })
      .expect(302);
    await office.get(`/office/persons/${PERSON}`).expect(403);
    const reg = await db('office_registrations').where({ office_no: '4370100011', insured_no: PERSON }).first();
    const page = await office.get('/office/registrations').expect(200);
    await office
      .post(`/office/registrations/${reg.id}/consent`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    await office.get(`/office/persons/${PERSON}`).expect(403);
    expect(await db('audit_log').where({ action: 'consent.refused' })).toHaveLength(1);

    const again = await city.get(`/persons/${PERSON}`).expect(200);
    await city
      .post(`/persons/${PERSON}/consent`)
      .type('form')
      .send({ _csrf: csrfOf(again.text), channel: 'counter', grantedOn: TODAY })
      .expect(303);
    await office.get(`/office/persons/${PERSON}`).expect(200);
  });

  it('the office ends its registration: no access from today', async () => {
    const office = await loginAs(app, 'ukinosato');
    const reg = await db('office_registrations').where({ office_no: '4370100011', insured_no: PERSON }).first();
    const page = await office.get('/office/registrations').expect(200);
    await office
      .post(`/office/registrations/${reg.id}/end`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    await office.get(`/office/persons/${PERSON}`).expect(403);
  });

  it('registers by マイナンバーカード through CardReader (券面事項 only)', async () => {
    const person = await db('insured_persons').where({ insured_no: PERSON }).first();
    const reader = new FixedCardReader({
      r1: { name: person.name, address: person.address, birthDate: person.birth_date, sex: person.sex },
    });
    const withCard = createServices({
      db,
      temporal: null,
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
      today: () => TODAY,
      cardReader: reader,
    });
    const office = await loginAs(appOf(withCard), 'houkatsu');
    const page = await office.get('/office/registrations').expect(200);
    await office
      .post('/office/registrations')
      .type('form')
      .send({ _csrf: csrfOf(page.text), method: 'my_number_card', readingId: 'r1' })
      .expect(303);
    const reg = await db('office_registrations').where({ office_no: '4370100029', insured_no: PERSON }).first();
    expect(reg).toMatchObject({ status: 'active', method: 'my_number_card' });
    expect(Object.keys(reg).some((k) => /kojin|my_number_no|individual/.test(k))).toBe(false);
  });

  it('the demo reader (DEMO_CARD_READER) reads demo-<被保険者番号> from the register; the check stays the real one', async () => {
    const demo = createServices({
      db,
      temporal: null,
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
      today: () => TODAY,
      cardReader: demoCardReader(createRepositories(db)),
    });
    const office = await loginAs(appOf(demo), 'shiranui');
    const post = async (readingId: string) => {
      const page = await office.get('/office/registrations').expect(200);
      await office
        .post('/office/registrations')
        .type('form')
        .send({ _csrf: csrfOf(page.text), method: 'my_number_card', readingId })
        .expect(303);
      return office.get('/office/registrations').expect(200);
    };
    // a deceased person's card and a number nobody has: the one refusal
    for (const id of ['demo-0000100008', 'demo-0000199999']) expect((await post(id)).text).toContain(IDENTITY_REFUSAL);
    await post('demo-0000100001');
    const reg = await db('office_registrations').where({ office_no: '4370100037', insured_no: '0000100001' }).first();
    expect(reg).toMatchObject({ status: 'active', method: 'my_number_card' });
  });

  it('before the 利用開始日: 「まだご利用いただけません」, requests wait for the city, which approves or returns', async () => {
    const office = await loginAs(app, PRE_START_INSURER.user.login_id);
    const page = await office.get('/office/registrations').expect(200);
    expect(page.text).toContain('まだご利用いただけません（利用開始日 令和');
    const denied = await office.get(`/office/persons/${PERSON}`).expect(403);
    expect(denied.text).toContain('まだご利用いただけません');
    // a person of the pre-start insurer
    await db('insured_persons').insert({
      insured_no: '0009900001',
      insurer_no: PRE_START_INSURER.insurer_no,
      name: '出茂 一',
      kana: 'デモ ハジメ',
      birth_date: '1945-02-03',
      sex: '1',
      updated_at: `${TODAY}T00:00:00Z`,
    });
    await register(office, {
      method: 'insured_card',
      insuredNo: '0009900001',
      insurerNo: PRE_START_INSURER.insurer_no,
      birthDate: '1945-02-03',
    });
    const reg = await db('office_registrations').where({ insured_no: '0009900001' }).first();
    expect(reg.status).toBe('pending');
    // the demo insurer's 認定係 does not see the other insurer's request
    const city = await loginAs(app, 'nintei');
    const list = await city.get('/registrations').expect(200);
    expect(list.text).not.toContain('0009900001');
    await city
      .post(`/registrations/${reg.id}/decide`)
      .type('form')
      .send({ _csrf: csrfOf(list.text), decision: 'approve' })
      .expect(303);
    expect((await db('office_registrations').where({ id: reg.id }).first()).status).toBe('pending');
  });
});
