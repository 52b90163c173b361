import type { Knex } from 'knex';
import { ConflictError } from '../../web/errors';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

/** Case list, case detail, action forms (with a fake CertificationService) and notices. */
describe('cases', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const performed: { workflowId: string; kind: string; requestId: string; action: Record<string, unknown> }[] = [];
  let nextError: Error | null = null;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-C1',
      insuredNo: '0000100001',
      appliedOn: '2026-10-01',
      dueOn: '2026-10-31',
      stage: 'investigating',
      type: 'level_change',
      slaState: 'breached',
      summary: {
        opinionRequestedOn: '2026-10-01',
        surveyVisitOn: '2026-10-20',
        sla: { survey: 'breached', opinion: 'at_risk', board: null, overall: 'breached' },
      },
      tasks: [
        {
          key: 'survey-visit',
          type: 'survey',
          title: '認定調査（訪問日の設定・調査結果の登録）',
          candidateRole: 'surveyor',
          dueOn: '2026-10-08',
        },
      ],
    });
    await insertCase(db, {
      workflowId: 'P1',
      caseKind: 'plan_notification',
      applicationNo: '20261125-0000beef',
      type: 'new',
      insuredNo: '0000100004',
      appliedOn: '2026-11-24',
      dueOn: '2026-12-08',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-C2',
      insuredNo: '0000100004',
      appliedOn: '2026-11-20',
      dueOn: '2026-12-21',
      type: 'renewal',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-C3',
      insuredNo: '0000100005',
      appliedOn: '2026-11-01',
      dueOn: '2026-12-01',
      stage: 'judged',
      tasks: [
        {
          key: 'decision',
          type: 'decision',
          title: '処分の決定（要介護2 令和8年11月1日〜令和9年5月31日）',
          candidateRole: 'intake',
          dueOn: '2026-11-28',
        },
      ],
    });
    await db('notices').insert({
      id: 'cert-432130-C1:opinion-request',
      workflow_id: 'cert-432130-C1',
      kind: 'opinion_request',
      title: '主治医意見書依頼書',
      html: '<h1>主治医意見書依頼書</h1><p>宇城 太郎 様</p>',
      created_at: '2026-10-01T02:00:00Z',
    });
    const certification = {
      perform: async (workflowId: string, action: { kind: string }, _actor: unknown, requestId: string) => {
        if (nextError) {
          const e = nextError;
          nextError = null;
          throw e;
        }
        performed.push({ workflowId, kind: action.kind, requestId, action: action as Record<string, unknown> });
        return {};
      },
      snapshot: async () => {
        throw new Error('no worker');
      },
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  it('filters by stage, 申請区分, overdue, and searches by 被保険者番号 or kana (hiragana too)', async () => {
    const a = await loginAs(app, 'nintei');
    const all = await a.get('/cases').expect(200);
    expect(all.text).toContain('C1');
    expect(all.text).toContain('C2');
    const overdue = await a.get('/cases?overdue=1').expect(200);
    expect(overdue.text).toContain('cert-432130-C1');
    expect(overdue.text).not.toContain('cert-432130-C2');
    const renewal = await a.get('/cases?type=renewal').expect(200);
    expect(renewal.text).not.toContain('cert-432130-C1');
    expect(renewal.text).toContain('cert-432130-C2');
    const stage = await a.get('/cases?stage=investigating').expect(200);
    expect(stage.text).toContain('cert-432130-C1');
    expect(stage.text).not.toContain('cert-432130-C2');
    const byNo = await a.get('/cases?q=0000100004').expect(200);
    expect(byNo.text).toContain('cert-432130-C2');
    expect(byNo.text).not.toContain('cert-432130-C1');
    const byKana = await a.get('/cases?q=' + encodeURIComponent('うき')).expect(200);
    expect(byKana.text).toContain('cert-432130-C1');
    expect(byKana.text).not.toContain('cert-432130-C2');
  });

  it('each read of a case page writes a case.view audit row with who read it', async () => {
    const surveyor = await loginAs(app, 'chosa');
    const rows = () => db('audit_log').where({ action: 'case.view', target: 'case:cert-432130-C1', login_id: 'chosa' });
    const before = (await rows()).length;
    await surveyor.get('/cases/cert-432130-C1').expect(200);
    await surveyor.get('/cases/cert-432130-C1').expect(200);
    expect((await rows()).length).toBe(before + 2);
  });

  it('the detail shows the stage diagram, deadlines, the task forms for the role, history in Japanese, notices and links', async () => {
    const surveyor = await loginAs(app, 'chosa');
    const res = await surveyor.get('/cases/cert-432130-C1').expect(200);
    expect(res.text).toMatch(/<li class="is-current" aria-current="step">認定調査・主治医意見書<\/li>/);
    expect(res.text).toContain('令和8年10月31日'); // 法定期限
    expect(res.text).toContain('期限超過');
    expect(res.text).toContain('action="/cases/cert-432130-C1/actions/completeSurvey"');
    expect(res.text).toContain('action="/cases/cert-432130-C1/actions/scheduleSurvey"');
    expect(res.text).not.toContain('actions/withdraw'); // surveyors may not withdraw
    expect(res.text).toMatch(/name="requestId" value="[0-9a-f-]{36}"/);
    expect(res.text).toContain('申請を受け付けました');
    expect(res.text).toContain('松橋 花子（認定係）'); // actor's display name
    expect(res.text).toContain('href="/notices/cert-432130-C1:opinion-request"');
    // raw Temporal histories hold personal data: the Web UI link only for the 係長 (history.decode)
    expect(res.text).not.toContain('http://localhost:8233/namespaces/default/workflows/cert-432130-C1');
    expect(res.text).toContain('/cases/cert-432130-C1/history');
    const boss = await loginAs(app, 'kakaricho');
    expect((await boss.get('/cases/cert-432130-C1')).text).toContain(
      'http://localhost:8233/namespaces/default/workflows/cert-432130-C1',
    );
    const intake = await loginAs(app, 'nintei');
    const other = await intake.get('/cases/cert-432130-C1').expect(200);
    expect(other.text).toContain('actions/withdraw');
    expect(other.text).not.toContain('actions/completeSurvey');
  });

  it('a お知らせ to a care office is listed apart, not as a caseworker’s open task', async () => {
    await db('tasks').insert({
      id: 'cert-432130-C2:office-result-plan-office',
      workflow_id: 'cert-432130-C2',
      task_key: 'office-result',
      task_type: 'office_notice',
      title: '認定結果が出ました',
      candidate_role: 'office_staff',
      office_no: '4370100029',
      status: 'open',
      created_at: '2026-11-30T01:00:00.000Z',
    });
    const res = await (await loginAs(app, 'nintei')).get('/cases/cert-432130-C2').expect(200);
    const open = res.text.slice(res.text.indexOf('<h2>未完了の作業</h2>'), res.text.indexOf('<h2>業務履歴</h2>'));
    expect(open).not.toContain('認定結果が出ました');
    expect(res.text).toMatch(/<h2>事業所へのお知らせ<\/h2>\s*<ul><li>認定結果が出ました — 事業所番号 4370100029/);
  });

  it('a valid action is sent with the requestId of its form and redirects; the audit names it', async () => {
    const surveyor = await loginAs(app, 'chosa');
    const requestIdOf = (html: string) =>
      /action="\/cases\/cert-432130-C1\/actions\/scheduleSurvey"[\s\S]*?name="requestId" value="([^"]+)"/.exec(
        html,
      )![1];
    const page = await surveyor.get('/cases/cert-432130-C1');
    const requestId = requestIdOf(page.text);
    const submit = () =>
      surveyor
        .post('/cases/cert-432130-C1/actions/scheduleSurvey')
        .type('form')
        .send({ _csrf: csrfOf(page.text), requestId, visitOn: '2026-11-28' })
        .expect(302)
        .expect('Location', '/cases/cert-432130-C1');
    const before = performed.length;
    await submit();
    expect(performed.at(-1)).toEqual({
      workflowId: 'cert-432130-C1',
      kind: 'scheduleSurvey',
      requestId,
      action: { kind: 'scheduleSurvey', visitOn: '2026-11-28' },
    });
    expect(await db('audit_log').where({ action: 'case.scheduleSurvey', target: 'case:cert-432130-C1' })).toHaveLength(
      1,
    );
    // A double submit of the same form carries the same requestId (one Update ID, so one effect in the workflow);
    // the page opened again gets a new one, so a second deliberate action is not taken for a repeat.
    await submit();
    expect(performed.slice(before).map((p) => p.requestId)).toEqual([requestId, requestId]);
    const again = await surveyor.get('/cases/cert-432130-C1');
    expect(requestIdOf(again.text)).not.toBe(requestId);
  });

  it('the 処分 is its own task: the 認定係 gets its form with the preview in the title and sends it; others do not', async () => {
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get('/cases/cert-432130-C3').expect(200);
    expect(page.text).toContain('処分の決定（要介護2 令和8年11月1日〜令和9年5月31日）');
    expect(page.text).toContain('action="/cases/cert-432130-C3/actions/decide"');
    const requestId = /actions\/decide"[\s\S]*?name="requestId" value="([^"]+)"/.exec(page.text)![1];
    await nintei
      .post('/cases/cert-432130-C3/actions/decide')
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId, decidedOn: '' })
      .expect(302);
    expect(performed.at(-1)).toMatchObject({ workflowId: 'cert-432130-C3', kind: 'decide' });
    const shinsakai = await loginAs(app, 'shinsakai');
    expect((await shinsakai.get('/cases/cert-432130-C3').expect(200)).text).not.toContain('actions/decide"');
  });

  it('bad input comes back to the case page (post/redirect/get) with Japanese field messages and the values; nothing is sent', async () => {
    const surveyor = await loginAs(app, 'chosa');
    const page = await surveyor.get('/cases/cert-432130-C1');
    const before = performed.length;
    const posted = await surveyor
      .post('/cases/cert-432130-C1/actions/completeSurvey')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        requestId: '00000000-0000-4000-8000-000000000001',
        standardMinutes: 'abc',
        specialNotes: '<b>特記</b>',
      })
      .expect(303);
    expect(posted.headers.location).toBe('/cases/cert-432130-C1');
    const res = await surveyor.get('/cases/cert-432130-C1').expect(200);
    expect(res.text).toContain('調査実施日を入力してください');
    expect(res.text).toContain('要介護認定等基準時間を数字で入力してください');
    expect(res.text).toContain('&lt;b&gt;特記&lt;/b&gt;');
    expect(performed.length).toBe(before);
    // kept once: a reload shows the page without the messages
    const reload = await surveyor.get('/cases/cert-432130-C1').expect(200);
    expect(reload.text).not.toContain('要介護認定等基準時間を数字で入力してください');
  });

  it('a rejected Update (ConflictError) comes back to the case page with the reason', async () => {
    const intake = await loginAs(app, 'nintei');
    const page = await intake.get('/cases/cert-432130-C1');
    nextError = new ConflictError('認定調査が完了しているため取下げできません');
    const posted = await intake
      .post('/cases/cert-432130-C1/actions/withdraw')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        requestId: '00000000-0000-4000-8000-000000000002',
        withdrawnOn: '2026-11-25',
        reason: '本人の希望',
      })
      .expect(303);
    expect(posted.headers.location).toBe('/cases/cert-432130-C1');
    const res = await intake.get('/cases/cert-432130-C1').expect(200);
    expect(res.text).toContain('認定調査が完了しているため取下げできません');
    expect(res.text).toContain('「取下げ」を登録できませんでした');
  });

  it('refuses actions the role may not do (403), unknown kinds (404) and a missing requestId (409)', async () => {
    const surveyor = await loginAs(app, 'chosa');
    const page = await surveyor.get('/cases/cert-432130-C1');
    const csrf = csrfOf(page.text);
    await surveyor
      .post('/cases/cert-432130-C1/actions/withdraw')
      .type('form')
      .send({ _csrf: csrf, requestId: '00000000-0000-4000-8000-000000000003' })
      .expect(403);
    await surveyor.post('/cases/cert-432130-C1/actions/nope').type('form').send({ _csrf: csrf }).expect(404);
    await surveyor
      .post('/cases/cert-432130-C1/actions/scheduleSurvey')
      .type('form')
      .send({ _csrf: csrf, visitOn: '2026-11-28' })
      .expect(409);
  });

  it('renders a stored notice for printing', async () => {
    const res = await (await loginAs(app, 'nintei')).get('/notices/cert-432130-C1:opinion-request').expect(200);
    expect(res.text).toContain('<h1>主治医意見書依頼書</h1>');
    // A standalone document: its inline print styles are allowed, scripts are not.
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src data:",
    );
    expect(res.text).not.toContain('site-header');
  });

  it('lists 要介護認定 cases only and points to the 居宅届 queue, where 居宅届 are worked', async () => {
    const intake = await (await loginAs(app, 'nintei')).get('/cases?q=0000100004').expect(200);
    expect(intake.text).toContain('cert-432130-C2');
    expect(intake.text).not.toContain('20261125-0000beef');
    expect(intake.text).toContain('要介護認定の案件だけを表示します');
    const benefits = await (await loginAs(app, 'kyufu')).get('/cases').expect(200);
    expect(benefits.text).toContain('<a href="/plan-notifications">居宅届の一覧</a>');
  });
});
