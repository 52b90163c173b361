/**
 * 住所・郵便番号の変更 (/persons/:no/register/address): who may enter it, Japanese errors, the change kept in the history,
 * and a notice dated before the change still addressed to the old address while one dated after has the new.
 */
import type { Knex } from 'knex';
import { createCertificationActivities } from '../../activities/certification';
import { createRepositories } from '../../db';
import { jstDateOf } from '../../domain/dates';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

describe('住所・郵便番号の変更', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const NO = '0000100001';
  const form = `/persons/${NO}/register/address`;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('only 給付係 and 係長 may change it; the form shows the current values', async () => {
    await (await loginAs(app, 'nintei')).get(form).expect(403);
    await (await loginAs(app, 'ukinosato')).get(form).expect(403);
    const page = await (await loginAs(app, 'kyufu')).get(form).expect(200);
    expect(page.text).toContain('value="869-0532"');
    expect(page.text).toContain('value="熊本県宇城市松橋町松橋123番地"');
  });

  it('refuses a bad 郵便番号 and an empty address in Japanese, keeping the input', async () => {
    const a = await loginAs(app, 'kyufu');
    let page = await a.get(form).expect(200);
    const res = await a
      .post(form)
      .type('form')
      .send({ _csrf: csrfOf(page.text), postalCode: '869-05', address: '', reason: '転居届' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(form);
    page = await a.get(form).expect(200);
    expect(page.text).toContain('郵便番号は7桁の数字で入力してください（例: 869-0592）');
    expect(page.text).toContain('住所（通知書の郵送先）を入力してください');
    expect(await db('register_person_changes').where({ insured_no: NO, field: 'address' })).toHaveLength(0);
  });

  it('records the change with its history; a notice dated before it keeps the old address', async () => {
    const a = await loginAs(app, 'kyufu');
    const page = await a.get(form).expect(200);
    await a
      .post(form)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        postalCode: '８６９０６０６',
        address: '熊本県宇城市小川町小川78番地',
        reason: '転居届',
      })
      .expect(303)
      .expect('Location', `/persons/${NO}/register`);
    expect(await db('insured_persons').where({ insured_no: NO }).first('postal_code', 'address')).toEqual({
      postal_code: '869-0606',
      address: '熊本県宇城市小川町小川78番地',
    });
    const changes = await db('register_person_changes')
      .where({ insured_no: NO })
      .whereIn('field', ['postal_code', 'address'])
      .orderBy('field')
      .select('field', 'before', 'after', 'source', 'recorded_by');
    expect(changes).toEqual([
      {
        field: 'address',
        before: '熊本県宇城市松橋町松橋123番地',
        after: '熊本県宇城市小川町小川78番地',
        source: 'manual',
        recorded_by: 'kyufu',
      },
      { field: 'postal_code', before: '869-0532', after: '869-0606', source: 'manual', recorded_by: 'kyufu' },
    ]);
    expect(await db('audit_log').where({ action: 'register.address' })).toHaveLength(1);

    await insertCase(db, { workflowId: 'cert-432130-AD', insuredNo: NO, appliedOn: '2026-10-01', dueOn: '2026-10-31' });
    const acts = createCertificationActivities({ repos: createRepositories(db) });
    const issue = (key: string, issuedOn: string) =>
      acts.issueCertificationNotice({
        workflowId: 'cert-432130-AD',
        insurerNo: '432130',
        insuredNo: NO,
        key,
        kind: 'renewal_reminder',
        title: '要介護認定の更新申請のお知らせ（更新勧奨通知）',
        template: 'renewal-reminder',
        data: { careLevel: 'care_1', validTo: '2027-01-31', issuedOn },
        issuedAt: `${issuedOn}T01:00:00.000Z`,
      });
    const today = jstDateOf(Date.now());
    const old = await db('notices')
      .where({ id: await issue('before', '2026-11-01') })
      .first('html');
    const now = await db('notices')
      .where({ id: await issue('after', today) })
      .first('html');
    expect(old.html).toContain('〒869-0532');
    expect(old.html).toContain('熊本県宇城市松橋町松橋123番地');
    expect(now.html).toContain('〒869-0606');
    expect(now.html).toContain('熊本県宇城市小川町小川78番地');

    // the same values again change nothing
    const again = await a.get(form).expect(200);
    await a
      .post(form)
      .type('form')
      .send({
        _csrf: csrfOf(again.text),
        postalCode: '869-0606',
        address: '熊本県宇城市小川町小川78番地',
        reason: '再入力',
      })
      .expect(303);
    expect(await db('register_person_changes').where({ insured_no: NO, field: 'address' })).toHaveLength(1);
  });
});
