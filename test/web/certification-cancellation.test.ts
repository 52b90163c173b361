/**
 * 認定取消 (/persons/:no/certification-cancellation, issue 18): the 認定係 previews and confirms a 取消; the register's
 * certification ends the day before the 申出日 (history kept), a second confirm changes nothing, the 国保連 export
 * carries one 06 認定取消 record, the notice prints, the office sees 認定取消. Refused after expiry and while a 更新 is
 * pending (form errors in Japanese, nothing written); another insurer's staff and the offices are refused.
 */
import type { Knex } from 'knex';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

const NO = '0000100001'; // 要介護2, R8.5.1〜R9.4.30, 担当 ukinosato
const RENEWING = '0000100002';
const EXPIRED = '0000100004';
const form = (no: string) => `/persons/${no}/certification-cancellation`;

describe('認定取消', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

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
    await db('insured_persons')
      .where({ insured_no: EXPIRED })
      .update({ cert_valid_from: '2026-05-01', cert_valid_to: '2026-10-31', certified_on: '2026-05-01' });
    await insertCase(db, {
      workflowId: 'cert-432130-R-CANCEL-1',
      insuredNo: RENEWING,
      appliedOn: '2026-11-13',
      dueOn: '2026-12-13',
      type: 'renewal',
    });
  });
  afterAll(async () => cleanup());

  /** Posts the form to its preview and answers the preview page (or the redirect back to the form). */
  const preview = async (agent: Awaited<ReturnType<typeof loginAs>>, no: string, body: Record<string, string>) => {
    const page = await agent.get(form(no)).expect(200);
    return agent
      .post(`${form(no)}/preview`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...body });
  };
  const requestIdOf = (html: string) => /name="requestId" value="([0-9a-f]+)"/.exec(html)![1];

  it('the 認定係 and the 係長 may open it; 給付係, an office and another insurer are refused', async () => {
    expect((await (await loginAs(app, 'nintei')).get(form(NO)).expect(200)).text).toContain('申出日');
    await (await loginAs(app, 'kakaricho')).get(form(NO)).expect(200);
    await (await loginAs(app, 'kyufu')).get(form(NO)).expect(403);
    const office = await loginAs(app, 'ukinosato');
    await office.get(form(NO)).expect(403);
    const officePage = await office.get('/office').expect(200);
    await office
      .post(form(NO))
      .type('form')
      .send({ _csrf: csrfOf(officePage.text), requestedOn: '2026-11-20', reason: '不要', requestId: 'a'.repeat(16) })
      .expect(403);
    const other = await loginAs(app, 'b-kakaricho');
    const unknown = await other.get(form('9999999999'));
    const foreign = await other.get(form(NO));
    expect(foreign.status).toBe(404);
    expect(foreign.status).toBe(unknown.status);
    const otherPage = await other.get('/tasks').expect(200);
    const post = await other
      .post(form(NO))
      .type('form')
      .send({ _csrf: csrfOf(otherPage.text), requestedOn: '2026-11-20', reason: '不要', requestId: 'b'.repeat(16) });
    expect(post.status).toBe(404);
    expect(await db('certification_cancellations')).toHaveLength(0);
  });

  it('an empty form and an expired certification come back as Japanese form errors, nothing written', async () => {
    const a = await loginAs(app, 'nintei');
    let res = await preview(a, NO, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(form(NO));
    let page = await a.get(form(NO)).expect(200);
    expect(page.text).toContain('申出日を入力してください');
    expect(page.text).toContain('取消の理由（申出の内容）を入力してください');

    res = await preview(a, EXPIRED, { requestedOn: 'R8.11.20', reason: '施設を退所し在宅サービスも利用しないため' });
    expect(res.status).toBe(303);
    page = await a.get(form(EXPIRED)).expect(200);
    expect(page.text).toContain('有効期間（令和8年10月31日まで）が満了しているため、認定を取り消すことはできません');
    expect(page.text).toContain('施設を退所し');
    // a confirmation posted without the preview is judged the same way
    res = await a
      .post(form(EXPIRED))
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestedOn: '2026-11-20', reason: '不要', requestId: 'c'.repeat(16) });
    expect(res.status).toBe(303);
    expect((await a.get(form(EXPIRED)).expect(200)).text).toContain('満了しているため');
    expect(await db('certification_cancellations')).toHaveLength(0);
    expect(await db('insured_persons').where({ insured_no: EXPIRED }).first('cert_valid_to')).toEqual({
      cert_valid_to: '2026-10-31',
    });
    expect(await db('audit_log').where({ action: 'certification.cancel_refused' })).toHaveLength(1);
  });

  it('refused while a 更新 is pending', async () => {
    const a = await loginAs(app, 'nintei');
    const res = await preview(a, RENEWING, { requestedOn: '2026-11-20', reason: '不要になった' });
    expect(res.status).toBe(303);
    const page = await a.get(form(RENEWING)).expect(200);
    expect(page.text).toContain('更新の申請中のため取り消せません');
    expect(await db('certification_cancellations')).toHaveLength(0);
  });

  it('accepted: preview, confirm once, the register ends the day before, the export and the notice follow', async () => {
    const a = await loginAs(app, 'nintei');
    const shown = await preview(a, NO, {
      requestedOn: '令和8年11月20日',
      reason: '本人の申出（介護サービスを利用しない）',
    });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('取消の内容（確認）');
    expect(shown.text).toContain('令和8年11月19日');
    expect(await db('certification_cancellations')).toHaveLength(0);

    const requestId = requestIdOf(shown.text);
    const confirm = () =>
      a
        .post(form(NO))
        .type('form')
        .send({
          _csrf: csrfOf(shown.text),
          requestId,
          requestedOn: '2026-11-20',
          reason: '本人の申出（介護サービスを利用しない）',
        })
        .expect(303);
    expect((await confirm()).headers.location).toBe(`/persons/${NO}`);
    let person = await a.get(`/persons/${NO}`).expect(200);
    expect(person.text).toContain('認定を取り消しました');
    expect(person.text).toContain('認定取消（令和8年11月20日から）');
    await confirm();
    person = await a.get(`/persons/${NO}`).expect(200);
    expect(person.text).toContain('この申出は記録済みです');

    expect(
      await db('insured_persons').where({ insured_no: NO }).first('care_level', 'cert_valid_to', 'cert_cancelled_on'),
    ).toEqual({ care_level: 'care_2', cert_valid_to: '2026-11-19', cert_cancelled_on: '2026-11-20' });
    const rows = await db('certification_cancellations').where({ insured_no: NO });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      insurer_no: '432130',
      requested_on: '2026-11-20',
      valid_from: '2026-05-01',
      valid_to_before: '2027-04-30',
      valid_to_after: '2026-11-19',
      recorded_by: 'nintei',
    });
    expect(
      await db('outbox').where({ insurer_no: '432130' }).whereLike('id', 'certification-cancellation:%'),
    ).toHaveLength(1);
    expect(await db('audit_log').where({ action: 'certification.cancel' })).toHaveLength(2);

    // a second 取消 of what is left is refused: the certification is no longer in force on a later day
    const again = await preview(a, NO, { requestedOn: '2026-11-24', reason: '重ねて' });
    expect(again.status).toBe(303);
    expect((await a.get(form(NO)).expect(200)).text).toContain('満了しているため');

    const notice = await a.get(`/persons/${NO}/certification-cancellations/${rows[0].id}/notice`).expect(200);
    expect(notice.headers['content-security-policy']).toContain("default-src 'none'");
    expect(notice.text).toContain('要介護認定等取消通知書');
    expect(notice.text).toContain('宇城 太郎 様');
    expect(notice.text).toContain('令和8年11月20日から認定の効力はありません');
    await (
      await loginAs(app, 'b-kakaricho')
    )
      .get(`/persons/${NO}/certification-cancellations/${rows[0].id}/notice`)
      .expect(404);

    const office = await (await loginAs(app, 'ukinosato')).get(`/office/persons/${NO}`).expect(200);
    expect(office.text).toContain('認定取消（令和8年11月20日から）');

    const k = await loginAs(app, 'kyufu');
    const list = await k.get('/kokuhoren').expect(200);
    await k
      .post('/kokuhoren/export')
      .type('form')
      .send({ _csrf: csrfOf(list.text) })
      .expect(303);
    const records = (await db('kokuhoren_records').where({ insured_no: NO })).map((r) => JSON.parse(r.record_json));
    const cancelled = records.filter((r) => r.reason === '06');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({
      changedOn: '20261120',
      careLevel: '22',
      certValidFrom: '20260501',
      certValidTo: '20261119',
    });
  });
});
