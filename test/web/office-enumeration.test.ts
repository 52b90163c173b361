/**
 * Issue 15, probe finding 4: a 代行申請 refused for a person the office may not see says the same thing whether the
 * number is unknown, the person died, moved out or is certified in a way the request does not fit, and every refusal
 * is on the audit log (including one refused for a future 申請日).
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { appOf, csrfOf, loginAs, tempDb, TODAY } from './helpers';
import { buildWorld, worldServices } from './hostile/fixtures';

const FORM = {
  requestedType: 'new',
  appliedOn: TODAY,
  applicantName: '宇土 明美',
  identityCheckMethod: 'マイナンバーカード',
  doctorName: '宇土 医師',
  doctorClinic: '宇城クリニック',
  residenceKind: 'home',
  consentGiven: 'yes',
  consentDate: TODAY,
};

describe('代行申請: one answer for persons the office may not see', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
    await db('insured_persons').where({ insured_no: '0000100003' }).update({ status: 'deceased' });
    await db('insured_persons').where({ insured_no: '0000100004' }).update({ status: 'moved_out' });
    // 0000100006 (certified for 16 more months), not うきの里's: an 更新
    // outside its window is refused by the classification, which must not show through
  });
  afterAll(async () => cleanup());

  async function refusal(fields: Record<string, string>, n: number): Promise<string[]> {
    const o = await loginAs(app, 'ukinosato');
    const page = await o.get('/office/applications/new').expect(200);
    const res = await o
      .post('/office/applications/new')
      .type('form')
      .send({ ...FORM, applicationNo: `E-${n}`, ...fields, _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    const back = await o.get(res.headers.location).expect(200);
    return [...back.text.matchAll(/class="field__error"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]*)</g)].map((m) =>
      m[1].trim(),
    );
  }

  it('unknown, deceased, moved out and a refused classification read the same', async () => {
    const answers = [
      await refusal({ insuredNo: '0000199999' }, 1),
      await refusal({ insuredNo: '0000100003' }, 2),
      await refusal({ insuredNo: '0000100004' }, 3),
      await refusal({ insuredNo: '0000100006', requestedType: 'renewal' }, 4),
    ];
    expect(answers[0].length).toBeGreaterThan(0);
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].join()).not.toMatch(/死亡|転出|登録されていません|認定/);
  });

  it('every refusal is audited, a future 申請日 too', async () => {
    const before = await db('audit_log').where({ action: 'application.refused' }).count({ n: '*' });
    await refusal({ insuredNo: '0000100001', appliedOn: addDays(TODAY, 3) }, 5);
    const after = await db('audit_log').where({ action: 'application.refused' }).count({ n: '*' });
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
  });
});

describe('居宅届: one answer for persons the office may not see', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
  });
  afterAll(async () => cleanup());

  async function planRefusal(insuredNo: string, birthDate: string): Promise<string> {
    const o = await loginAs(app, 'shiranui');
    const page = await o.get('/office/plan-notifications/new').expect(200);
    const requestId = /name="requestId" value="([^"]+)"/.exec(page.text)![1];
    const res = await o
      .post('/office/plan-notifications/new')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        requestId,
        kind: 'new',
        'person[insuredNo]': insuredNo,
        'person[name]': '宇城 花子',
        'person[kana]': 'ウキ ハナコ',
        'person[birthDate]': birthDate,
        startDate: TODAY,
        'notifier[name]': '網田 恵',
        'notifier[relation]': 'care_manager',
        'identity[method]': 'my_number_card',
        'identity[proxyAuthority]': 'none',
        'identity[checkedBy]': '網田 恵',
        'identity[checkedOn]': TODAY,
      });
    expect(res.status).toBe(303);
    const back = await o.get(res.headers.location).expect(200);
    return back.text;
  }

  it('another 届出先 by level and an unknown number read the same, and neither names the level', async () => {
    // 0000100004 is 要支援2 (届出先: 地域包括), not 不知火's client; 0000199999 exists nowhere
    const person = await db('insured_persons').where({ insured_no: '0000100004' }).first('birth_date');
    const level = await planRefusal('0000100004', person.birth_date);
    const unknown = await planRefusal('0000199999', '1940-01-01');
    expect(level).toContain('この事業所からは受け付けられません');
    expect(unknown).toContain('この事業所からは受け付けられません');
    expect(level).not.toMatch(/要支援|届出先は/);
  });
});
