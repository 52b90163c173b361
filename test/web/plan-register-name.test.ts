/**
 * Issue 15, probe findings 5 and 2.
 * 5: the 居宅届's typed 氏名 and フリガナ are compared with the 被保険者台帳; the 給付係 sees the register's name beside the
 *    typed one and the mismatch; the office that filed it is told nothing of the register.
 * 2: an office that files a 居宅届 for another office's client (number + birth date right) sees nothing of the person:
 *    not the person page, not the name, not the 負担限度額, on any page it can open.
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { appOf, csrfOf, insertCase, loginAs, tempDb, TODAY } from './helpers';
import { buildWorld, worldServices } from './hostile/fixtures';

/** A filing as the workflow's read model keeps it (one round). */
function roundOf(person: { insuredNo: string; name: string; kana: string; birthDate: string }, officeNo: string) {
  return {
    n: 1,
    filing: {
      kind: 'new',
      person,
      startDate: TODAY,
      notifier: { name: '網田 恵', relation: 'care_manager' },
      identity: { method: 'my_number_card', checkedBy: '網田 恵', checkedOn: TODAY },
    },
    office: { officeNo, name: 'しらぬい居宅介護支援事業所', kind: 'home_care_support', address: null, phone: null },
    filedBy: '網田 恵',
    submittedAt: `${TODAY}T01:00:00.000Z`,
    receivedOn: TODAY,
    warnings: [],
    personLevel: 'care_2',
    dateBasis: 'received',
    reviewStartedAt: null,
    reviewedBy: null,
    decision: null,
    decidedAt: null,
    decidedBy: null,
    returnReason: null,
    note: null,
  };
}

describe('居宅届: typed name against the register (finding 5)', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  async function filing(filingNo: string, name: string, kana: string) {
    const p = await db('insured_persons').where({ insured_no: '0000100001' }).first('birth_date');
    await insertCase(db, {
      workflowId: `plan-432130-${filingNo}`,
      caseKind: 'plan_notification',
      applicationNo: filingNo,
      insuredNo: '0000100001',
      appliedOn: TODAY,
      dueOn: addDays(TODAY, 14),
      stage: 'submitted',
      filedByOfficeNo: '4370100037',
      summary: {
        filingNo,
        personName: name,
        rounds: [roundOf({ insuredNo: '0000100001', name, kana, birthDate: p.birth_date }, '4370100037')],
      },
    });
  }

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
    await filing('20261125-0000aa01', '宇城　太郎', 'ｳｷ ﾀﾛｳ'); // width and spaces only: the same
    await filing('20261125-0000aa02', '宇城 太朗', 'ウキ タロウ'); // another character
    await filing('20261125-0000aa03', '宇城 太郎', 'ウシロ タロウ'); // another reading
  });
  afterAll(async () => cleanup());

  it('the 給付係 sees the register name beside the typed one; width and spaces are not a mismatch', async () => {
    const kyufu = await loginAs(app, 'kyufu');
    const same = await kyufu.get('/plan-notifications/20261125-0000aa01').expect(200);
    expect(same.text).toContain('被保険者台帳: 宇城 太郎（ウキ タロウ）');
    expect(same.text).not.toContain('台帳と一致しません');
  });

  it('a different character or reading is flagged with the field that differs', async () => {
    const kyufu = await loginAs(app, 'kyufu');
    const name = await kyufu.get('/plan-notifications/20261125-0000aa02').expect(200);
    expect(name.text).toContain('宇城 太朗');
    expect(name.text).toContain('被保険者台帳: 宇城 太郎（ウキ タロウ）');
    expect(name.text).toContain('届出の氏名が台帳と一致しません');
    const kana = await kyufu.get('/plan-notifications/20261125-0000aa03').expect(200);
    expect(kana.text).toContain('届出のフリガナが台帳と一致しません');
  });

  it('the filing office is told nothing of the register (its own page shows only what it typed)', async () => {
    const office = await loginAs(app, 'shiranui');
    const page = await office.get('/office/plan-notifications/20261125-0000aa02').expect(200);
    expect(page.text).toContain('宇城 太朗');
    expect(page.text).not.toContain('宇城 太郎');
    expect(page.text).not.toMatch(/台帳と一致しません|被保険者台帳:/);
  });
});

describe("居宅届 for another office's client opens nothing (finding 2)", () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  // 0000100006 不知火 ミツ: 不知火's client, 負担限度額 第3段階② on the register; うきの里 does not serve her
  const insuredNo = '0000100006';

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
  });
  afterAll(async () => cleanup());

  it('filing with the right number and birth date, and an open filing after it, show no name and no 負担限度額', async () => {
    const person = await db('insured_persons').where({ insured_no: insuredNo }).first('birth_date');
    const o = await loginAs(app, 'ukinosato');
    // the prefill shows nothing of her
    const form = await o.get(`/office/plan-notifications/new?insuredNo=${insuredNo}`).expect(200);
    expect(form.text).not.toMatch(/不知火 ミツ|シラヌイ ミツ|第3段階/);
    const requestId = /name="requestId" value="([^"]+)"/.exec(form.text)![1];
    const res = await o
      .post('/office/plan-notifications/new')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        requestId,
        kind: 'new',
        'person[insuredNo]': insuredNo,
        'person[name]': '不知火 ミツ',
        'person[kana]': 'シラヌイ ミツ',
        'person[birthDate]': person.birth_date,
        startDate: TODAY,
        'notifier[name]': '宇城 一',
        'notifier[relation]': 'care_manager',
        'identity[method]': 'my_number_card',
        'identity[proxyAuthority]': 'none',
        'identity[checkedBy]': '宇城 一',
        'identity[checkedOn]': TODAY,
      });
    // accepted for the workflow (302 to the filing) or refused back to the form (303): neither shows her data
    expect([302, 303]).toContain(res.status);
    const after = await o.get(res.headers.location);
    expect(after.text).not.toMatch(/第3段階|要介護4/);
    // an open filing of うきの里's for her (as the workflow would have written it) is not a way in
    await insertCase(db, {
      workflowId: 'plan-432130-20261125-0000bb01',
      caseKind: 'plan_notification',
      applicationNo: '20261125-0000bb01',
      insuredNo,
      appliedOn: TODAY,
      dueOn: addDays(TODAY, 14),
      stage: 'submitted',
      filedByOfficeNo: '4370100011',
      summary: { filingNo: '20261125-0000bb01', personName: '不知火 ミツ', rounds: [] },
    });
    const personPage = await o.get(`/office/persons/${insuredNo}`);
    expect([403, 404]).toContain(personPage.status);
    expect(personPage.text).not.toMatch(/不知火 ミツ|第3段階|シラヌイ/);
    const home = await o.get('/office').expect(200);
    expect(home.text).not.toMatch(/第3段階/);
    expect(home.text).not.toContain(`/office/persons/${insuredNo}`);
    const prefill = await o.get(`/office/plan-notifications/new?insuredNo=${insuredNo}`).expect(200);
    expect(prefill.text).not.toMatch(/シラヌイ ミツ|第3段階|要介護4/);
  });

  it('the office that serves her does see her 負担限度額 (the test can fail)', async () => {
    const o = await loginAs(app, 'shiranui');
    const page = await o.get(`/office/persons/${insuredNo}`).expect(200);
    expect(page.text).toContain('不知火 ミツ');
    expect(page.text).toContain('第3段階');
  });
});
