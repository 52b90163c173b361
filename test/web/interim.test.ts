/**
 * 暫定利用 (issue 18) over HTTP with a fake workflow: the 認定係 picks the office from the register, a care office
 * records its own use on a case it filed (代行申請) or for a person it filed a 居宅届 for, any other case answers like
 * a missing one, bad input comes back in Japanese, and the 給付係 settles a self-paid use on a closed case.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';

const UKINOSATO = '4370100011';
/** post/redirect/get: a success or a refused form goes back to the page. */
const redirect = (r: { status: number }) => expect([302, 303]).toContain(r.status);
/** A page without its per-response CSRF token. */
const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
const SHIRANUI = '4370100037';

describe('暫定利用の登録と精算', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const performed: { workflowId: string; action: Record<string, unknown>; role: string }[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const open = { appliedOn: '2026-11-20', dueOn: '2026-12-21' };
    await insertCase(db, {
      ...open,
      workflowId: 'cert-432130-I1',
      insuredNo: '0000100001',
      filedByOfficeNo: UKINOSATO,
    });
    await insertCase(db, { ...open, workflowId: 'cert-432130-I2', insuredNo: '0000100002', filedByOfficeNo: SHIRANUI });
    await insertCase(db, { ...open, workflowId: 'cert-432130-I3', insuredNo: '0000100005' });
    // うきの里 filed a 居宅届 for 0000100005: it may record interim use on that person's case
    await insertCase(db, {
      ...open,
      workflowId: 'plan-432130-P1',
      caseKind: 'plan_notification',
      insuredNo: '0000100005',
      filedByOfficeNo: UKINOSATO,
    });
    await insertCase(db, {
      ...open,
      workflowId: 'cert-432130-I4',
      insuredNo: '0000100006',
      status: 'closed',
      stage: 'notified',
      summary: {
        interim: {
          officeNo: UKINOSATO,
          startOn: '2026-11-20',
          assumedLevel: 'care_1',
          selfPaid: { reason: 'non_applicable', flaggedOn: TODAY, settledOn: null, note: null },
        },
      },
      tasks: [
        {
          key: 'interim-settle',
          type: 'interim',
          title: '暫定利用の精算（全額自己負担）',
          candidateRole: 'benefits',
          dueOn: '2026-12-09',
        },
        {
          key: 'office-interim',
          type: 'office_notice',
          title: '暫定利用のサービスが全額自己負担になりました',
          candidateRole: 'office_staff',
          dueOn: '2026-12-09',
          officeNo: UKINOSATO,
        },
      ],
    });
    const certification = {
      perform: async (workflowId: string, action: Record<string, unknown>, actor: { role: string }) => {
        performed.push({ workflowId, action, role: actor.role });
        return {};
      },
      snapshot: async () => {
        throw new Error('no worker');
      },
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  const officePost = async (login: string, workflowId: string, body: Record<string, string>) => {
    const o = await loginAs(app, login);
    const page = await o.get('/office').expect(200);
    return o
      .post(`/office/cases/${workflowId}/interim`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId: randomUUID(), ...body });
  };
  const valid = { startOn: TODAY, assumedLevel: 'care_1' };

  it('the 認定係 picks the office from the register; an office not in it is refused with a Japanese message', async () => {
    const a = await loginAs(app, 'nintei');
    const page = (await a.get('/cases/cert-432130-I3').expect(200)).text;
    expect(page).toContain('暫定利用の登録');
    expect(page).toContain(`<option value="${UKINOSATO}">`);
    expect(page).not.toContain('<option value="4310100019">'); // 医療機関: no care services
    const send = (officeNo: string) =>
      a
        .post('/cases/cert-432130-I3/actions/recordInterimUse')
        .type('form')
        .send({ _csrf: csrfOf(page), requestId: randomUUID(), officeNo, ...valid })
        .expect(redirect);
    const before = performed.length;
    await send('4398800011'); // another insurer's office
    await send('4310100019'); // a 医療機関 of the register
    expect(performed).toHaveLength(before);
    expect((await a.get('/cases/cert-432130-I3').expect(200)).text).toContain('事業所台帳から事業所を選んでください');
    await send(UKINOSATO);
    expect(performed.at(-1)).toEqual({
      workflowId: 'cert-432130-I3',
      role: 'intake',
      action: { kind: 'recordInterimUse', officeNo: UKINOSATO, startOn: TODAY, assumedLevel: 'care_1' },
    });
  });

  it('the office of the 代行申請 records its own use (the office number comes from the session)', async () => {
    const res = await officePost('ukinosato', 'cert-432130-I1', { ...valid, officeNo: SHIRANUI });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.location).toBe('/office/cases/cert-432130-I1');
    expect(performed.at(-1)).toMatchObject({
      workflowId: 'cert-432130-I1',
      role: 'office_staff',
      action: { kind: 'recordInterimUse', officeNo: UKINOSATO },
    });
    const audit = await db('audit_log').where({ action: 'case.recordInterimUse', target: 'case:cert-432130-I1' });
    expect(audit).toHaveLength(1);
  });

  it('the office of a 居宅届 for the person may record it too', async () => {
    expect([302, 303]).toContain((await officePost('ukinosato', 'cert-432130-I3', valid)).status);
    expect(performed.at(-1)).toMatchObject({ workflowId: 'cert-432130-I3', role: 'office_staff' });
  });

  it('another office’s case answers exactly like a case that does not exist', async () => {
    const before = performed.length;
    const other = await officePost('ukinosato', 'cert-432130-I2', valid);
    const missing = await officePost('ukinosato', 'cert-432130-NOPE', valid);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(withoutToken(other.text)).toEqual(withoutToken(missing.text));
    expect(other.text).not.toMatch(/0000100002|死亡|転出/);
    // and the other office may not act on うきの里's client either
    expect((await officePost('shiranui', 'cert-432130-I1', valid)).status).toBe(404);
    expect(performed).toHaveLength(before);
  });

  it('bad input comes back to the page with Japanese messages, never a 5xx', async () => {
    const before = performed.length;
    for (const body of [
      {},
      { startOn: 'あした', assumedLevel: 'care_9' },
      { startOn: TODAY, assumedLevel: 'non_applicable' },
    ] as Record<string, string>[]) {
      const res = await officePost('ukinosato', 'cert-432130-I1', body);
      expect([302, 303]).toContain(res.status);
      expect(res.headers.location).toBe('/office/cases/cert-432130-I1');
    }
    expect(performed).toHaveLength(before);
    const o = await loginAs(app, 'ukinosato');
    const page = await o.get('/office').expect(200);
    await o
      .post('/office/cases/cert-432130-I1/interim')
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId: randomUUID(), startOn: '' })
      .expect(redirect);
    const kept = await o.get('/office/cases/cert-432130-I1').expect(200);
    expect(kept.text).toContain('サービスの開始日を入力してください');
    // no requestId: refused before anything is sent
    const noId = await o
      .post('/office/cases/cert-432130-I1/interim')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(noId.status).toBeGreaterThanOrEqual(400);
    expect(noId.status).toBeLessThan(500);
  });

  it('a municipal login cannot use the office route; a care office cannot use the caseworker route', async () => {
    const a = await loginAs(app, 'nintei');
    const page = (await a.get('/cases/cert-432130-I1').expect(200)).text;
    const res = await a
      .post('/office/cases/cert-432130-I1/interim')
      .type('form')
      .send({ _csrf: csrfOf(page), requestId: randomUUID(), ...valid });
    expect(res.status).toBe(403);
    const o = await loginAs(app, 'ukinosato');
    const op = await o.get('/office').expect(200);
    const res2 = await o
      .post('/cases/cert-432130-I1/actions/recordInterimUse')
      .type('form')
      .send({ _csrf: csrfOf(op.text), requestId: randomUUID(), officeNo: UKINOSATO, ...valid });
    expect(res2.status).toBe(403);
  });

  it('the 給付係 settles a self-paid use on a closed case with a note; the 認定係 is not offered it', async () => {
    const k = await loginAs(app, 'kyufu');
    const page = (await k.get('/cases/cert-432130-I4').expect(200)).text;
    expect(page).toContain('actions/settleInterim');
    // the flag on the case
    expect(page).toContain('全額自己負担（非該当（自立）と認定されたため）');
    expect(page).toContain('見込み 要介護1');
    await k
      .post('/cases/cert-432130-I4/actions/settleInterim')
      .type('form')
      .send({ _csrf: csrfOf(page), requestId: randomUUID(), note: '償還払いの手続を案内' })
      .expect(redirect);
    expect(performed.at(-1)).toEqual({
      workflowId: 'cert-432130-I4',
      role: 'benefits',
      action: { kind: 'settleInterim', note: '償還払いの手続を案内' },
    });
    const n = await loginAs(app, 'nintei');
    expect((await n.get('/cases/cert-432130-I4').expect(200)).text).not.toContain('actions/settleInterim');
    const refused = await n
      .post('/cases/cert-432130-I4/actions/settleInterim')
      .type('form')
      .send({ _csrf: csrfOf(page), requestId: randomUUID(), note: 'x' });
    expect(refused.status).toBe(403);
  });

  it('the office that provided the services finds the お知らせ in its office view; another office does not', async () => {
    const o = await loginAs(app, 'ukinosato');
    expect((await o.get('/office/tasks').expect(200)).text).toContain('暫定利用のサービスが全額自己負担になりました');
    const other = await loginAs(app, 'shiranui');
    expect((await other.get('/office/tasks').expect(200)).text).not.toContain('暫定利用のサービスが全額自己負担');
  });
});
