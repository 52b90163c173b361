import type { Knex } from 'knex';
import { recordProgress } from '../../db/read-model';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

describe('inbox (/tasks)', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-T1',
      insuredNo: '0000100001',
      appliedOn: '2026-11-01',
      dueOn: '2026-12-01',
      tasks: [
        {
          key: 'survey-assign',
          type: 'survey',
          title: '認定調査員の割当',
          candidateRole: 'intake',
          dueOn: '2026-11-20',
        },
        {
          key: 'opinion-receive',
          type: 'opinion',
          title: '主治医意見書の受領',
          candidateRole: 'intake',
          dueOn: '2026-12-20',
        },
        {
          key: 'board-schedule',
          type: 'board',
          title: '介護認定審査会への割当',
          candidateRole: 'board_secretariat',
          dueOn: '2026-12-05',
        },
      ],
    });
    // A 居宅届 waiting for the 給付係: its ID says nothing of its kind, only the read model does.
    await insertCase(db, {
      workflowId: 'T2',
      caseKind: 'plan_notification',
      applicationNo: '20261125-0000abcd',
      type: 'change',
      insuredNo: '0000100006',
      appliedOn: '2026-11-24',
      dueOn: '2026-12-08',
      tasks: [
        { key: 'plan-review', type: 'plan', title: '居宅届の審査', candidateRole: 'benefits', dueOn: '2026-12-08' },
      ],
    });
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it("shows only the role's tasks, earliest due first, with the SLA state", async () => {
    const intake = await loginAs(app, 'nintei');
    const res = await intake.get('/tasks?tab=all').expect(200);
    expect(res.text).toContain('認定調査員の割当');
    expect(res.text).toContain('主治医意見書の受領');
    expect(res.text).not.toContain('介護認定審査会への割当');
    expect(res.text.indexOf('認定調査員の割当')).toBeLessThan(res.text.indexOf('主治医意見書の受領'));
    expect(res.text).toContain('badge--breached'); // due 11/20, today 11/25
    const board = await (await loginAs(app, 'shinsakai')).get('/tasks?tab=all').expect(200);
    expect(board.text).toContain('介護認定審査会への割当');
    expect(board.text).not.toContain('認定調査員の割当');
    const sup = await (await loginAs(app, 'kakaricho')).get('/tasks?tab=all').expect(200);
    expect(sup.text).toContain('介護認定審査会への割当');
    expect(sup.text).toContain('認定調査員の割当');
  });

  it('links each task to the page where it is worked: a case, or the 居宅届 review page', async () => {
    const intake = await (await loginAs(app, 'nintei')).get('/tasks?tab=all').expect(200);
    expect(intake.text).toContain('href="/cases/cert-432130-T1">認定調査員の割当</a>');
    const benefits = await (await loginAs(app, 'kyufu')).get('/tasks?tab=all').expect(200);
    expect(benefits.text).toContain('href="/plan-notifications/20261125-0000abcd">居宅届の審査</a>');
    expect(benefits.text).not.toContain('href="/cases/T2"');
  });

  it('claim moves a task to 自分の担当, a second claim is a 409, release puts it back; both audited', async () => {
    const intake = await loginAs(app, 'nintei');
    const page = await intake.get('/tasks?tab=unassigned').expect(200);
    const id = 'cert-432130-T1:survey-assign';
    await intake
      .post(`/tasks/${id}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/tasks?tab=mine' })
      .expect(302);
    const mine = await intake.get('/tasks?tab=mine').expect(200);
    expect(mine.text).toContain('認定調査員の割当');
    expect(mine.text).toContain('担当を外す');
    const unassigned = await intake.get('/tasks?tab=unassigned').expect(200);
    expect(unassigned.text).not.toContain('認定調査員の割当');

    const again = await intake
      .post(`/tasks/${id}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(mine.text) });
    expect(again.status).toBe(409);

    const other = await loginAs(app, 'shinsakai');
    const otherPage = await other.get('/tasks');
    await other
      .post(`/tasks/${id}/release`)
      .type('form')
      .send({ _csrf: csrfOf(otherPage.text) })
      .expect(409);
    await other
      .post('/tasks/cert-432130-T1:opinion-receive/claim')
      .type('form')
      .send({ _csrf: csrfOf(otherPage.text) })
      .expect(403);

    await intake
      .post(`/tasks/${id}/release`)
      .type('form')
      .send({ _csrf: csrfOf(mine.text) })
      .expect(302);
    expect((await db('tasks').where({ id }).first()).assignee_user_id).toBeNull();
    const audit = await db('audit_log')
      .where({ target: `task:${id}` })
      .orderBy('id');
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['task.claim', 'task.release']);
  });

  it('claim and release go back only to a page of this site (probe finding: the inbox back link)', async () => {
    const intake = await loginAs(app, 'nintei');
    const page = await intake.get('/tasks').expect(200);
    const id = 'cert-432130-T1:survey-assign';
    for (const back of ['//evil.example', '/\\evil.example', 'https://evil.example/', ['/a', '/b']]) {
      const claim = await intake
        .post(`/tasks/${id}/claim`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), back });
      expect([back, claim.status, claim.headers.location]).toEqual([back, 302, '/tasks']);
      const release = await intake
        .post(`/tasks/${id}/release`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), back });
      expect([back, release.status, release.headers.location]).toEqual([back, 302, '/tasks']);
    }
    const claim = await intake
      .post(`/tasks/${id}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/tasks?tab=mine' });
    expect(claim.headers.location).toBe('/tasks?tab=mine');
    await intake
      .post(`/tasks/${id}/release`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(302);
  });

  it('the 完了 tab lists completed tasks', async () => {
    await db('tasks')
      .where({ id: 'cert-432130-T1:opinion-receive' })
      .update({ status: 'completed', completed_at: '2026-11-24T03:00:00Z', completed_by: 'nintei' });
    const intake = await loginAs(app, 'nintei');
    const done = await intake.get('/tasks?tab=completed').expect(200);
    expect(done.text).toContain('主治医意見書の受領');
    const open = await intake.get('/tasks?tab=all').expect(200);
    expect(open.text).not.toContain('主治医意見書の受領');
  });

  it('opens on 自分の担当と未割当: my tasks and my role’s unassigned ones, and states the one rule', async () => {
    const intake = await loginAs(app, 'nintei');
    const kyufu = await loginAs(app, 'kyufu');
    const page = await intake.get('/tasks').expect(200);
    expect(page.text).toContain('aria-current="page">自分の担当と未割当');
    expect(page.text).toContain('認定調査員の割当'); // unassigned, the intake role's
    expect(page.text).not.toContain('居宅届の審査'); // the 給付係's
    expect(page.text).toContain('作業を完了した職員が、その作業の担当者として記録されます');
    // claimed by someone else of the role: no longer in my opening tab
    const other = await db('users').where({ login_id: 'kyufu' }).first('id');
    await db('tasks').where({ id: 'cert-432130-T1:survey-assign' }).update({ assignee_user_id: other.id });
    expect((await intake.get('/tasks').expect(200)).text).not.toContain('認定調査員の割当');
    await db('tasks').where({ id: 'cert-432130-T1:survey-assign' }).update({ assignee_user_id: null });
    expect((await kyufu.get('/tasks').expect(200)).text).toContain('居宅届の審査');
  });

  it('completing a task claims it for whoever completes it, recorded in the task row', async () => {
    const id = 'cert-432130-T1:survey-assign';
    await recordProgress(db, {
      workflowId: 'cert-432130-T1',
      seq: 50,
      occurredAt: '2026-11-25T04:00:00.000Z',
      closeTasks: [{ key: 'survey-assign', status: 'completed', by: 'nintei' }],
    });
    const row = await db('tasks').where({ id }).first();
    const nintei = await db('users').where({ login_id: 'nintei' }).first('id', 'display_name');
    expect(row).toMatchObject({ status: 'completed', completed_by: 'nintei', assignee_user_id: nintei.id });
    const done = await (await loginAs(app, 'nintei')).get('/tasks?tab=completed').expect(200);
    expect(done.text).toContain('完了した職員');
    expect(done.text).toMatch(new RegExp(`認定調査員の割当[\\s\\S]*${nintei.display_name}`));
  });
});
