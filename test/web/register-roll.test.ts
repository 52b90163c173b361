/**
 * 証の年次切替 as the 給付係 meets it: the roll's tasks in the inbox of the 給付係 (not of other roles), each opening
 * the person's register page; entering the new 負担割合証 there completes the task. The roll itself runs on the real
 * server in test/workflows/register-roll.test.ts; here one batch is written as the activity writes it.
 */
import type { Knex } from 'knex';
import { rollRegisterBatch } from '../../db/register-roll';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { rollCaseId, rollPeriodOf } from '../../domain/register/roll';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

describe('証の年次切替 tasks', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const period = rollPeriodOf('copay', '2027-07-01');
  const caseId = rollCaseId(DEMO_INSURER_NO, period.from, '0000100006');

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
    let after: string | null = null;
    do {
      const r = await rollRegisterBatch(db, {
        insurerNo: DEMO_INSURER_NO,
        asOf: '2027-07-01',
        period,
        after,
        limit: 50,
        at: '2027-06-30T21:00:00.000Z',
      });
      after = r.next;
    } while (after);
  });
  afterAll(async () => cleanup());

  it("the 給付係 finds them in the inbox, each linking to the person's register page; the 認定係 does not", async () => {
    const kyufu = await loginAs(app, 'kyufu');
    const inbox = await kyufu.get('/tasks?tab=all').expect(200);
    expect(inbox.text).toContain('負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録');
    expect(inbox.text).toContain('href="/persons/0000100006/register"');
    const nintei = await loginAs(app, 'nintei');
    expect((await nintei.get('/tasks?tab=all').expect(200)).text).not.toContain('が未登録');
  });

  it('the roll case leads municipal staff to the register page, which lists what is missing; not an office', async () => {
    const kyufu = await loginAs(app, 'kyufu');
    const res0 = await kyufu.get(`/cases/${caseId}`).expect(302);
    expect(res0.headers.location).toBe('/persons/0000100006/register');
    const page = await kyufu.get('/persons/0000100006/register').expect(200);
    expect(page.text).toContain('年次切替: 新しい期間の証が未登録です');
    expect(page.text).toContain(
      '負担限度額認定証の更新（令和9年8月1日〜令和10年7月31日）が未登録（期限 令和9年8月1日）',
    );
    expect(page.text).toContain('href="/persons/0000100006/register/certificates/');
    const office = await loginAs(app, 'ukinosato');
    const res = await office.get(`/cases/${caseId}`);
    expect([403, 404]).toContain(res.status);
  });

  it('entering the new 負担割合証 completes the task as done by the 給付係', async () => {
    const kyufu = await loginAs(app, 'kyufu');
    expect(
      await db('tasks')
        .where({ id: `${caseId}:copay` })
        .first(),
    ).toMatchObject({ status: 'open' });
    const form = '/persons/0000100006/register/certificates/copay';
    const page = await kyufu.get(form).expect(200);
    await kyufu
      .post(form)
      .type('form')
      .send({ _csrf: csrfOf(page.text), value: '1', validFrom: '令和9年8月1日', reason: '年次更新' })
      .expect(303);
    expect(
      await db('tasks')
        .where({ id: `${caseId}:copay` })
        .first(),
    ).toMatchObject({
      status: 'completed',
      completed_by: 'kyufu',
    });
    const after = await kyufu.get('/persons/0000100006/register').expect(200);
    expect(after.text).not.toContain('負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録');
    expect(after.text).toContain('負担限度額認定証の更新（令和9年8月1日〜令和10年7月31日）が未登録');
    const done = await kyufu.get('/tasks?tab=completed').expect(200);
    expect(done.text).toContain('負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録');
  });
});
