/**
 * Issue 15, finding 3: with a second insurer in the database, its staff must not read the first insurer's persons,
 * cases, notices, inbox tasks or audit log by ID, claim or release its tasks, withdraw its consents, or count its
 * cases on the dashboard. Insurer A is the demo's 宇城市 (432130); insurer B (439999) is added here with its own staff,
 * one person and one case. Every check is paired with the same request by A's staff or about B's own data, so a page
 * that answers 404 to everyone cannot pass.
 */
import type { Knex } from 'knex';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

const B = '439999';
const A_CASE = 'cert-432130-X1';
const A_TASK = `${A_CASE}:survey-assign`;
const A_NOTICE = `${A_CASE}:opinion-request`;
const B_CASE = 'cert-439999-Y1';
const B_PERSON = '0000900001';

describe('two insurers: staff see only their own insurer', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: A_CASE,
      insuredNo: '0000100001',
      appliedOn: '2026-10-01',
      dueOn: '2026-10-31',
      tasks: [
        { key: 'survey-assign', type: 'survey', title: 'A市の調査割当', candidateRole: 'intake', dueOn: '2026-11-20' },
        { key: 'postpone-1', type: 'postpone', title: 'A市の延期通知', candidateRole: 'intake', dueOn: '2026-11-20' },
      ],
    });
    await db('notices').insert({
      id: A_NOTICE,
      workflow_id: A_CASE,
      kind: 'opinion_request',
      title: '主治医意見書依頼書',
      html: '<h1>主治医意見書依頼書</h1><p>宇城 太郎 様</p>',
      created_at: '2026-10-01T02:00:00Z',
    });

    await db('insurers').insert({
      insurer_no: B,
      name: '別市',
      prefecture: '熊本県',
      address: '熊本県別市',
      phone: '0',
    });
    const { password_hash } = await db('users').where({ login_id: 'nintei' }).first('password_hash');
    await db('users').insert([
      { login_id: 'b-nintei', display_name: '別 一郎', role: 'intake', insurer_no: B, password_hash, active: true },
      {
        login_id: 'b-kakaricho',
        display_name: '別 係長',
        role: 'supervisor',
        insurer_no: B,
        password_hash,
        active: true,
      },
    ]);
    await db('insured_persons').insert({
      insured_no: B_PERSON,
      insurer_no: B,
      name: '別 花子',
      kana: 'ベツ ハナコ',
      birth_date: '1941-01-01',
      sex: '2',
      insured_category: 1,
      status: 'active',
      updated_at: '2026-11-01T00:00:00Z',
    });
    await insertCase(db, {
      workflowId: B_CASE,
      insuredNo: B_PERSON,
      appliedOn: '2026-11-10',
      dueOn: '2026-12-10',
      tasks: [
        { key: 'postpone-1', type: 'postpone', title: '別市の延期通知', candidateRole: 'intake', dueOn: '2026-12-01' },
      ],
    });
    // insertCase writes insurer 432130; B's case belongs to B.
    await db('cases').where({ workflow_id: B_CASE }).update({ insurer_no: B });
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it("B's staff get 404 for A's person, case, notice and case history", async () => {
    const a = await loginAs(app, 'kakaricho');
    const b = await loginAs(app, 'b-kakaricho');
    await a.get('/persons/0000100001').expect(200);
    await b.get('/persons/0000100001').expect(404);
    await b.get(`/persons/${B_PERSON}`).expect(200);
    await a.get(`/cases/${A_CASE}`).expect(200);
    await b.get(`/cases/${A_CASE}`).expect(404);
    await b.get(`/cases/${B_CASE}`).expect(200);
    await a.get(`/notices/${A_NOTICE}`).expect(200);
    await b.get(`/notices/${A_NOTICE}`).expect(404);
    // The history page asks Temporal only after the case is found: B never gets that far.
    await b.get(`/cases/${A_CASE}/history`).expect(404);
  });

  it("B's lists show none of A's persons, cases or tasks", async () => {
    const b = await loginAs(app, 'b-nintei');
    const persons = await b.get('/persons').expect(200);
    expect(persons.text).toContain('別 花子');
    expect(persons.text).not.toContain('宇城 太郎');
    const cases = await b.get('/cases').expect(200);
    expect(cases.text).toContain('別 花子');
    expect(cases.text).not.toContain('宇城 太郎');
    const tasks = await b.get('/tasks?tab=all').expect(200);
    expect(tasks.text).toContain('別市の延期通知');
    expect(tasks.text).not.toContain('A市の調査割当');
    const aTasks = await (await loginAs(app, 'nintei')).get('/tasks?tab=all').expect(200);
    expect(aTasks.text).toContain('A市の調査割当');
    expect(aTasks.text).not.toContain('別市の延期通知');
  });

  it("B's staff cannot claim or release A's tasks; A's staff can", async () => {
    const b = await loginAs(app, 'b-nintei');
    const page = await b.get('/tasks').expect(200);
    await b
      .post(`/tasks/${A_TASK}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(404);
    expect((await db('tasks').where({ id: A_TASK }).first()).assignee_user_id).toBeNull();

    const a = await loginAs(app, 'nintei');
    const aPage = await a.get('/tasks').expect(200);
    await a
      .post(`/tasks/${A_TASK}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(aPage.text) })
      .expect(302);
    const holder = (await db('tasks').where({ id: A_TASK }).first()).assignee_user_id;
    expect(holder).not.toBeNull();

    const bSup = await loginAs(app, 'b-kakaricho');
    const supPage = await bSup.get('/tasks').expect(200);
    await bSup
      .post(`/tasks/${A_TASK}/release`)
      .type('form')
      .send({ _csrf: csrfOf(supPage.text) })
      .expect(404);
    expect((await db('tasks').where({ id: A_TASK }).first()).assignee_user_id).toBe(holder);
  });

  it("B's staff cannot withdraw the consent of A's person", async () => {
    const b = await loginAs(app, 'b-nintei');
    const page = await b.get('/persons').expect(200);
    await b
      .post('/persons/0000100001/consent/revoke')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(404);
    const latest = await db('consents').where({ insured_no: '0000100001' }).orderBy('id', 'desc').first();
    expect(latest.granted).toBeTruthy();
    expect(latest.revoked_on).toBeNull();
  });

  it("B's audit log lists B's staff only, also when filtered by A's targets", async () => {
    const logins = (html: string) =>
      [...html.matchAll(/<td class="nowrap">[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
    const a = await loginAs(app, 'kakaricho');
    await a.get('/persons/0000100001').expect(200); // A's person.view row
    const aLog = await a.get('/audit?person=0000100001').expect(200);
    expect(logins(aLog.text)).toContain('kakaricho');
    const b = await loginAs(app, 'b-kakaricho');
    const bLog = await b.get('/audit?person=0000100001').expect(200);
    expect(logins(bLog.text)).toEqual([]);
    const bAll = await b.get('/audit').expect(200);
    expect(logins(bAll.text)).toContain('b-kakaricho');
    expect(logins(bAll.text).every((l) => l.startsWith('b-'))).toBe(true);
    const bCsv = (await b.get('/audit.csv').expect(200)).text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .slice(1);
    expect(bCsv.length).toBeGreaterThan(0);
    expect(bCsv.every((line) => line.split(',')[1].startsWith('b-'))).toBe(true);
  });

  it("B's staff cannot send an action (Update) to A's case; A's staff reach the workflow", async () => {
    const performed: string[] = [];
    const certification = {
      perform: async (workflowId: string) => {
        performed.push(workflowId);
        return { accepted: true };
      },
      snapshot: async () => {
        throw new Error('no Temporal in this test');
      },
    };
    const withFake = appOf(servicesWith(db, { certification }));
    const send = async (login: string) => {
      const agent = await loginAs(withFake, login);
      const page = await agent.get('/tasks').expect(200);
      return agent
        .post(`/cases/${A_CASE}/actions/hold`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          requestId: '00000000-0000-4000-8000-000000000001',
          track: 'survey',
          reason: '確認',
        });
    };
    expect((await send('b-kakaricho')).status).toBe(404);
    expect(performed).toEqual([]);
    expect((await send('kakaricho')).status).toBe(302);
    expect(performed).toEqual([A_CASE]);
  });

  it("the dashboard counts only the insurer's own cases and 延期通知", async () => {
    const stat = (html: string, label: string) => {
      const m = new RegExp(`stat__n">(\\d+)</span><span class="stat__label">${label}`).exec(html);
      if (!m) throw new Error(`no ${label} on the dashboard`);
      return Number(m[1]);
    };
    const b = await (await loginAs(app, 'b-kakaricho')).get('/dashboard').expect(200);
    expect(stat(b.text, '延期通知 未発行')).toBe(1);
    expect(stat(b.text, '処理中の申請')).toBe(1);
    expect(stat(b.text, '法定期限（30日）超過')).toBe(0);
    const a = await (await loginAs(app, 'kakaricho')).get('/dashboard').expect(200);
    expect(stat(a.text, '延期通知 未発行')).toBe(1);
    expect(stat(a.text, '法定期限（30日）超過')).toBeGreaterThanOrEqual(1);
  });

  it("the start page's counts are the supervisor's own insurer's", async () => {
    // B gets an office of its own, so a count of every insurer's offices would differ from either's
    await db('offices').insert({ office_no: '4399990011', insurer_no: B, name: '別町の事業所', kind: 'care_service' });
    const counted = async (login: string) => {
      const page = await (await loginAs(app, login)).get('/').expect(200);
      const m =
        /被保険者 (\d+) 人 ／ 事業所 (\d+) ／ 利用者アカウント (\d+) .*処理中の案件 (\d+) 件 ／ 未完了の作業 (\d+) 件/.exec(
          page.text,
        );
      expect(m).not.toBeNull();
      return m!.slice(1).map(Number);
    };
    const n = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' })) as { n: number }[])[0].n);
    const of = async (insurerNo: string) => [
      await n(db('insured_persons').where({ insurer_no: insurerNo })),
      await n(db('offices').where({ insurer_no: insurerNo })),
      await n(db('users').where({ insurer_no: insurerNo })),
      await n(db('cases').where({ insurer_no: insurerNo, status: 'open' })),
      await n(
        db('tasks as t')
          .join('cases as c', 'c.workflow_id', 't.workflow_id')
          .where({ 't.status': 'open', 'c.insurer_no': insurerNo }),
      ),
    ];
    const [a, b] = [await of('432130'), await of(B)];
    expect(b).toEqual([1, 1, 2, 1, expect.any(Number)]);
    expect(a[0]).toBeGreaterThan(b[0]);
    expect(a[1]).toBeGreaterThan(0);
    expect(await counted('kakaricho')).toEqual(a);
    expect(await counted('b-kakaricho')).toEqual(b);
  });
});
