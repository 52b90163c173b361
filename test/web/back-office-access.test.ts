import type { Knex } from 'knex';
import request from 'supertest';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

/** Who may open which page: municipal vs office areas, office scope by assignment and consent. */
describe('back office: roles and office scope', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    // 宇城 太郎 (0000100001): うきの里's client, consented. 小川 一郎 (0000100003): no consent, しらぬい filed for him.
    await insertCase(db, {
      workflowId: 'cert-432130-A1',
      insuredNo: '0000100001',
      appliedOn: '2026-11-10',
      dueOn: '2026-12-10',
      type: 'level_change',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-B1',
      insuredNo: '0000100003',
      appliedOn: '2026-11-12',
      dueOn: '2026-12-12',
      filedByOfficeNo: '4370100037',
    });
    await db('tasks').insert({
      id: 'renewal-x:office',
      workflow_id: 'cert-432130-A1',
      task_type: 'renewal',
      title: '更新申請の勧奨',
      candidate_role: 'office_staff',
      office_no: '4370100011',
      status: 'open',
      due_on: '2026-12-01',
      created_at: '2026-11-20T00:00:00Z',
    });
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('office staff get 403 on municipal pages; municipal staff get 403 on office pages', async () => {
    const office = await loginAs(app, 'ukinosato');
    for (const path of [
      '/tasks',
      '/cases',
      '/cases/cert-432130-A1',
      '/persons/0000100001',
      '/applications/new',
      '/dashboard',
      '/audit',
    ]) {
      const res = await office.get(path);
      expect([path, res.status]).toEqual([path, 403]);
    }
    const intake = await loginAs(app, 'nintei');
    for (const path of ['/office', '/office/persons/0000100001', '/office/tasks', '/office/applications/new']) {
      const res = await intake.get(path);
      expect([path, res.status]).toEqual([path, 403]);
    }
  });

  it('the audit log is for the 係長 only', async () => {
    await (await loginAs(app, 'nintei')).get('/audit').expect(403);
    await (await loginAs(app, 'kakaricho')).get('/audit').expect(200);
  });

  it('an office sees its consented clients and the progress of their cases, in 和暦', async () => {
    const office = await loginAs(app, 'ukinosato');
    const res = await office.get('/office').expect(200);
    expect(res.text).toContain('宇城 太郎');
    expect(res.text).toContain('松橋 ハナ');
    expect(res.text).not.toContain('豊野 キヨ'); // 地域包括's client
    expect(res.text).not.toContain('小川 一郎');
    expect(res.text).toContain('令和8年11月10日'); // 申請日
    expect(res.text).toContain('data-live-url="/office/state"');
    const state = await office.get('/office/state').set('Accept', 'application/json').expect(200);
    expect(typeof state.body.version).toBe('string');
  });

  it("office A cannot open office B's client (403) and the refusal is audited", async () => {
    const shiranui = await loginAs(app, 'shiranui');
    await shiranui.get('/office/persons/0000100001').expect(403);
    // another office's case answers exactly as an ID that does not exist: nothing tells the office it is there
    const other = await shiranui.get('/office/cases/cert-432130-A1').expect(404);
    const unknown = await shiranui.get('/office/cases/cert-432130-NOPE').expect(404);
    expect(other.text.replace(/cert-432130-A1/g, 'ID')).toBe(unknown.text.replace(/cert-432130-NOPE/g, 'ID'));
    expect(await db('audit_log').where({ action: 'case.view.denied', target: 'case:cert-432130-A1' })).toHaveLength(1);
    const denied = await db('audit_log').where({ action: 'person.view.denied', target: 'person:0000100001' });
    expect(denied.length).toBeGreaterThan(0);
  });

  it('a client without consent is not visible, even to the office that filed for them; the filed case is', async () => {
    const shiranui = await loginAs(app, 'shiranui');
    await shiranui.get('/office/persons/0000100003').expect(403);
    const c = await shiranui.get('/office/cases/cert-432130-B1').expect(200);
    expect(c.text).toContain('認定の進捗');
    expect(c.text).not.toContain('業務履歴'); // progress only, no internal history
  });

  it('revoking consent hides the person from the office at once', async () => {
    await db('consents').insert({
      insured_no: '0000100002',
      granted: true,
      granted_on: '2026-10-01',
      channel: 'municipality',
    });
    const office = await loginAs(app, 'ukinosato');
    await office.get('/office/persons/0000100002').expect(200);
    const intake = await loginAs(app, 'nintei');
    const page = await intake.get('/persons/0000100002').expect(200);
    await intake
      .post('/persons/0000100002/consent/revoke')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(302);
    await office.get('/office/persons/0000100002').expect(403);
    expect(await db('audit_log').where({ action: 'consent.revoke', target: 'person:0000100002' })).toHaveLength(1);
  });

  it("the office's own client page shows the 証情報 and writes a person.view audit row", async () => {
    const office = await loginAs(app, 'ukinosato');
    const before = (await db('audit_log').where({ action: 'person.view', target: 'person:0000100001' })).length;
    const res = await office.get('/office/persons/0000100001').expect(200);
    expect(res.text).toContain('被保険者証');
    expect(res.text).toContain('負担割合');
    expect(res.text).toContain('80,000円'); // 住宅改修 200,000 − 120,000
    expect((await db('audit_log').where({ action: 'person.view', target: 'person:0000100001' })).length).toBe(
      before + 1,
    );
  });

  it('office tasks list only tasks addressed to the office', async () => {
    const mine = await (await loginAs(app, 'ukinosato')).get('/office/tasks').expect(200);
    expect(mine.text).toContain('更新申請の勧奨');
    const other = await (await loginAs(app, 'houkatsu')).get('/office/tasks').expect(200);
    expect(other.text).not.toContain('更新申請の勧奨');
  });

  it('unknown ids give 404', async () => {
    const intake = await loginAs(app, 'nintei');
    await intake.get('/cases/cert-432130-NOPE').expect(404);
    await intake.get('/persons/9999999999').expect(404);
    await intake.get('/notices/nope').expect(404);
    await (await loginAs(app, 'ukinosato')).get('/office/cases/nope').expect(404);
  });

  it('a POST without the CSRF token is refused with 403', async () => {
    const intake = await loginAs(app, 'nintei');
    await intake.post('/applications/new').type('form').send({ insuredNo: '0000100003' }).expect(403);
    await request(app).post('/tasks/x/claim').expect(403);
  });
});
