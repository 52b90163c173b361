import type { Knex } from 'knex';
import { appOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

describe('persons, dashboard, audit, workflow history', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await db('insured_persons')
      .where({ insured_no: '0000100005' })
      .update({ name: '三角 <script>alert(1)</script>', kana: 'ミスミ <b>マサオ</b>' });
    await insertCase(db, {
      workflowId: 'cert-432130-D1',
      insuredNo: '0000100005',
      appliedOn: '2026-10-01',
      dueOn: '2026-10-31',
      stage: 'investigating',
      slaState: 'breached',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-D2',
      insuredNo: '0000100003',
      appliedOn: '2026-11-20',
      dueOn: '2026-12-21',
      slaState: 'at_risk',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-D3',
      insuredNo: '0000100001',
      appliedOn: '2026-09-01',
      dueOn: '2026-10-01',
      stage: 'notified',
      status: 'closed',
      finalLevel: 'care_2',
      summary: { opinionRequestedOn: '2026-09-01', decidedOn: '2026-10-06' },
    });
    await db('tasks').insert({
      id: 'cert-432130-D1:postponement-1',
      workflow_id: 'cert-432130-D1',
      task_type: 'postponement',
      title: '延期通知の発行',
      candidate_role: 'intake',
      status: 'open',
      due_on: '2026-10-31',
      created_at: '2026-10-26T00:00:00Z',
    });
    const history = {
      events: async () => [
        { eventId: 5, time: '2026-11-01T00:00:00.000Z', type: 'ACTIVITY_TASK_SCHEDULED', name: 'recordCaseProgress' },
      ],
    };
    app = appOf(servicesWith(db, { history }));
  });
  afterAll(async () => cleanup());

  it('a person page shows 被保険者証, 負担割合 with its period, remaining caps, consent, office; and writes person.view', async () => {
    const a = await loginAs(app, 'kyufu');
    const res = await a.get('/persons/0000100001').expect(200);
    expect(res.text).toContain('要介護2');
    expect(res.text).toContain('令和8年8月1日 〜 令和9年7月31日');
    expect(res.text).toContain('80,000円'); // 住宅改修 remaining
    expect(res.text).toContain('65,000円'); // 福祉用具 remaining this 年度
    expect(res.text).toContain('同意あり');
    expect(res.text).toContain('居宅介護支援事業所 うきの里');
    const rows = await db('audit_log').where({ action: 'person.view', target: 'person:0000100001' });
    expect(rows).toHaveLength(1);
    expect(rows[0].login_id).toBe('kyufu');
  });

  it('a renewal decided early: the page shows the certification in force and the next one beside it', async () => {
    await db('insured_persons').where({ insured_no: '0000100004' }).update({
      care_level: 'care_1',
      cert_valid_from: '2026-02-01',
      cert_valid_to: '2027-01-31',
      next_care_level: 'care_3',
      next_cert_valid_from: '2027-02-01',
      next_cert_valid_to: '2028-01-31',
      next_certified_on: '2026-11-20',
    });
    const a = await loginAs(app, 'nintei');
    const res = await a.get('/persons/0000100004').expect(200);
    expect(res.text).toContain('令和8年2月1日 〜 令和9年1月31日');
    expect(res.text).toContain('次の認定（令和9年2月1日から）');
    expect(res.text).toContain('要介護3');
    expect(res.text).toContain('更新済（次の認定あり）');
  });

  it('escapes names and kana everywhere (no raw <script>)', async () => {
    const a = await loginAs(app, 'nintei');
    for (const path of [
      '/persons/0000100005',
      '/persons?q=' + encodeURIComponent('ミスミ'),
      '/cases',
      '/cases/cert-432130-D1',
    ]) {
      const res = await a.get(path).expect(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).not.toContain('<b>マサオ</b>');
      expect(res.text).toContain('&lt;script&gt;');
    }
  });

  it('the dashboard counts overdue (30-day rule), SLA, 延期通知 pending, average days and oldest open cases', async () => {
    const s = await loginAs(app, 'kakaricho');
    const res = await s.get('/dashboard').expect(200);
    const stat = (label: string) =>
      new RegExp(`<span class="stat__n">([^<]+)</span><span class="stat__label">${label}`).exec(res.text)?.[1];
    expect(stat('処理中の申請')).toBe('2');
    expect(stat('法定期限（30日）超過')).toBe('1');
    expect(stat('参考期間 超過')).toBe('1');
    expect(stat('参考期間 要注意')).toBe('1');
    expect(stat('延期通知 未発行')).toBe('1');
    expect(stat('決定までの平均日数')).toBe('35日');
    expect(res.text.indexOf('cert-432130-D1')).toBeGreaterThan(0);
  });

  it('exports the overdue cases as CSV', async () => {
    const s = await loginAs(app, 'kakaricho');
    const res = await s.get('/dashboard/overdue.csv').expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('ワークフローID,受付番号,被保険者番号,氏名,申請区分,申請日,法定期限,超過日数,進捗');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('cert-432130-D1');
    expect(lines[1]).toContain(',25,');
  });

  it('the audit log filters by person', async () => {
    const s = await loginAs(app, 'kakaricho');
    await s.get('/persons/0000100004').expect(200);
    const res = await s.get('/audit?person=0000100004').expect(200);
    expect(res.text).toContain('被保険者情報の閲覧');
    expect(res.text).not.toContain('<td>ログイン</td>');
    expect(res.text).toContain('<td>ログイン</td>'.replace('ログイン', '被保険者情報の閲覧'));
  });

  it('shows the Temporal event history with ids, types and names', async () => {
    const s = await loginAs(app, 'kakaricho');
    const res = await s.get('/cases/cert-432130-D1/history').expect(200);
    expect(res.text).toContain('ACTIVITY_TASK_SCHEDULED');
    expect(res.text).toContain('recordCaseProgress');
    await (await loginAs(app, 'ukinosato')).get('/cases/cert-432130-D1/history').expect(403);
  });
});
