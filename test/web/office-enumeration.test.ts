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
