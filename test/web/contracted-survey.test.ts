/**
 * Issue 17: the contracted survey (委託) and survey corrections. The office the survey task is addressed to enters the
 * 認定調査票 at /office/cases/:id/survey (draft, complete, fed to the case with the office's login); every other
 * office, another insurer's case and an unknown case answer one 404 that names nobody. After completion the 認定係
 * corrects an item with a reason, and the documents page shows the value before, who and when; the surveyor may
 * correct only before the 一次判定. Temporal is replaced by a recording fake.
 */
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { addDays } from '../../domain/dates';
import { SURVEY_FORM_VERSION } from '../../domain/documents/survey-form';
import { completeSurvey } from '../support/documents';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';
import { buildWorld, INSURER_B } from './hostile/fixtures';

const UKINOSATO = '4370100011';
const CONTRACTED = 'cert-432130-C1';
const CORRECTED = 'cert-432130-C2';
const performed: { workflowId: string; action: Record<string, unknown>; by: string; officeNo: string | null }[] = [];
const fakeCertification = {
  perform: async (
    workflowId: string,
    action: Record<string, unknown>,
    actor: { loginId: string; officeNo: string | null },
  ) => {
    performed.push({ workflowId, action, by: actor.loginId, officeNo: actor.officeNo });
    return { seq: 1 };
  },
};
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

describe('委託の認定調査 and 認定調査票の訂正', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    // a 更新 of a person うきの里 holds no registration for: the contract opens the survey, nothing else
    await insertCase(db, {
      workflowId: CONTRACTED,
      insuredNo: '0000100003',
      appliedOn: addDays(TODAY, -10),
      dueOn: addDays(TODAY, 20),
      stage: 'investigating',
      tasks: [
        {
          key: 'survey-visit',
          type: 'survey',
          title: '認定調査',
          candidateRole: 'surveyor',
          dueOn: TODAY,
          officeNo: UKINOSATO,
        },
      ],
    });
    await insertCase(db, {
      workflowId: `cert-${INSURER_B}-C9`,
      insuredNo: '0000900001',
      appliedOn: addDays(TODAY, -10),
      dueOn: addDays(TODAY, 20),
      stage: 'investigating',
      tasks: [
        {
          key: 'survey-visit',
          type: 'survey',
          title: '認定調査',
          candidateRole: 'surveyor',
          dueOn: TODAY,
          officeNo: UKINOSATO,
        },
      ],
    });
    await db('cases')
      .where({ workflow_id: `cert-${INSURER_B}-C9` })
      .update({ insurer_no: INSURER_B });
    // a case whose survey chosa completed (no 一次判定 yet)
    await insertCase(db, {
      workflowId: CORRECTED,
      insuredNo: '0000100001',
      appliedOn: addDays(TODAY, -20),
      dueOn: addDays(TODAY, 10),
      stage: 'investigating',
      tasks: [{ key: 'survey-visit', type: 'survey', title: '認定調査', candidateRole: 'surveyor', dueOn: TODAY }],
    });
    const chosa = await db('users').where({ login_id: 'chosa' }).first('id');
    await db('tasks')
      .where({ id: `${CORRECTED}:survey-visit` })
      .update({ assignee_user_id: chosa.id, status: 'completed' });
    await createRepositories(db).documents.completeDocument({
      insurerNo: '432130',
      workflowId: CORRECTED,
      kind: 'survey',
      formVersion: SURVEY_FORM_VERSION,
      values: { ...completeSurvey(), notes: { s1_3: '柵につかまる' } },
      by: 'chosa',
      at: `${addDays(TODAY, -3)}T01:00:00.000Z`,
    });
    app = appOf(servicesWith(db, { certification: fakeCertification }));
  });
  afterAll(async () => cleanup());

  describe('the contracted office', () => {
    it('finds the task in its list with a link to the form, and opens the form', async () => {
      const ukinosato = await loginAs(app, 'ukinosato');
      const tasks = await ukinosato.get('/office/tasks').expect(200);
      expect(tasks.text).toContain(`href="/office/cases/${CONTRACTED}/survey"`);
      const page = await ukinosato.get(`/office/cases/${CONTRACTED}/survey`).expect(200);
      expect(page.text).toContain('第1群 身体機能・起居動作');
      expect(page.text).toContain('小川 一郎');
      expect(page.text).toContain('href="/office/tasks"');
      const audit = await db('audit_log').where({ action: 'document.view', target: `case:${CONTRACTED}` });
      expect(audit.map((a) => a.login_id)).toEqual(['ukinosato']);
    });

    it('saves a draft and completes; the case is fed with the office login', async () => {
      const ukinosato = await loginAs(app, 'ukinosato');
      let page = await ukinosato.get(`/office/cases/${CONTRACTED}/survey`).expect(200);
      await ukinosato
        .post(`/office/cases/${CONTRACTED}/survey`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), requestId: hidden(page.text, 'requestId'), intent: 'draft', s1_3: '2' })
        .expect(303);
      const draft = await db('case_documents').where({ workflow_id: CONTRACTED }).first();
      expect(draft).toMatchObject({ status: 'draft', updated_by: 'ukinosato' });

      page = await ukinosato.get(`/office/cases/${CONTRACTED}/survey`).expect(200);
      expect(page.text).toMatch(/id="s1_3-2" name="s1_3" value="2" checked/);
      const done = await ukinosato
        .post(`/office/cases/${CONTRACTED}/survey`)
        .type('form')
        .send({
          ...completeSurvey().items,
          surveyedOn: addDays(TODAY, -1),
          _csrf: csrfOf(page.text),
          requestId: hidden(page.text, 'requestId'),
          intent: 'complete',
        })
        .expect(303);
      expect(done.headers.location).toBe('/office/tasks');
      expect(performed).toHaveLength(1);
      expect(performed[0]).toMatchObject({
        workflowId: CONTRACTED,
        by: 'ukinosato',
        officeNo: UKINOSATO,
        action: { kind: 'completeSurvey', surveyedOn: addDays(TODAY, -1) },
      });
      const row = await db('case_documents').where({ workflow_id: CONTRACTED }).first();
      expect(row).toMatchObject({ status: 'completed', version: 1, completed_by: 'ukinosato' });
    });

    it('another office, another insurer, an unknown case: one 404 that names nobody, nothing written', async () => {
      const before = performed.length;
      const answers = [
        await (await loginAs(app, 'shiranui')).get(`/office/cases/${CONTRACTED}/survey`),
        await (await loginAs(app, 'houkatsu')).get(`/office/cases/${CONTRACTED}/survey`),
        await (await loginAs(app, 'ukinosato')).get(`/office/cases/cert-${INSURER_B}-C9/survey`),
        await (await loginAs(app, 'ukinosato')).get('/office/cases/cert-432130-NONE/survey'),
        await (await loginAs(app, 'ukinosato')).get('/office/cases/cert-432130-M1/survey'),
      ];
      for (const a of answers) expect(a.status).toBe(404);
      const bodies = answers.map((a) =>
        a.text.replace(/name="_csrf" value="[^"]+"/, '').replace(/<header[\s\S]*?<\/header>/, ''),
      );
      expect(new Set(bodies).size).toBe(1);
      for (const b of bodies) {
        expect(b).toContain('認定調査票が見つかりません');
        expect(b).not.toMatch(/小川 一郎|宇城 太郎|別 花子/);
      }
      const other = await loginAs(app, 'shiranui');
      const home = await other.get('/office').expect(200);
      await other
        .post(`/office/cases/${CONTRACTED}/survey`)
        .type('form')
        .send({
          ...completeSurvey().items,
          _csrf: csrfOf(home.text),
          requestId: '00000000-0000-4000-8000-000000000001',
          intent: 'draft',
        })
        .expect(404);
      expect(performed.length).toBe(before);
      expect((await db('case_documents').where({ workflow_id: CONTRACTED }).first()).updated_by).toBe('ukinosato');
    });

    it('a municipal login may not use the office page; the office may not use the city page', async () => {
      await (await loginAs(app, 'chosa')).get(`/office/cases/${CONTRACTED}/survey`).expect(403);
      await (await loginAs(app, 'ukinosato')).get(`/cases/${CONTRACTED}/survey`).expect(403);
    });
  });

  describe('corrections', () => {
    const path = (item: string) => `/cases/${CORRECTED}/survey/corrections/${item}`;
    async function correct(login: string, item: string, body: Record<string, string | string[]>) {
      const agent = await loginAs(app, login);
      const page = await agent.get(path(item));
      if (page.status !== 200) return { agent, status: page.status, location: '' };
      const res = await agent
        .post(path(item))
        .type('form')
        .send({ _csrf: csrfOf(page.text), ...body });
      return { agent, status: res.status, location: res.headers.location as string };
    }

    it('the 認定係 corrects an item with a reason; the history keeps the value before, who and when', async () => {
      const r = await correct('nintei', 's1_3', {
        s1_3: '3',
        note_s1_3: '柵につかまっても寝返りできない',
        reason: '調査員の記入誤り（本人への再確認による）',
      });
      expect(r.status).toBe(303);
      expect(r.location).toBe(`/cases/${CORRECTED}/documents`);
      const doc = await db('case_documents').where({ workflow_id: CORRECTED }).first();
      expect(doc.version).toBe(2);
      expect(JSON.parse(doc.values_json).items.s1_3).toBe('3');
      const [c] = await db('case_document_corrections').where({ document_id: doc.id });
      expect(c).toMatchObject({ version: 2, item_key: 's1_3', corrected_by: 'nintei' });
      expect(JSON.parse(c.previous_json)).toEqual({ value: '1', note: '柵につかまる' });
      const page = await r.agent.get(`/cases/${CORRECTED}/documents`).expect(200);
      expect(page.text).toContain('訂正履歴');
      expect(page.text).toContain('調査員の記入誤り（本人への再確認による）');
      expect(page.text).toContain('つかまらないでできる／特記事項: 柵につかまる');
      expect(page.text).toContain('できない／特記事項: 柵につかまっても寝返りできない');
      expect(page.text).toContain(`href="/cases/${CORRECTED}/survey/corrections/s1_4"`);
      expect(await db('audit_log').where({ action: 'survey.correct', login_id: 'nintei' })).toHaveLength(1);
    });

    it('refuses without a reason, with no change, and for the items the case already took', async () => {
      const blank = await correct('nintei', 's1_4', { s1_4: '2', reason: ' ' });
      expect((await blank.agent.get(blank.location)).text).toContain('訂正の理由を入力してください');
      const same = await correct('nintei', 's1_3', {
        s1_3: '3',
        note_s1_3: '柵につかまっても寝返りできない',
        reason: 'x',
      });
      expect((await same.agent.get(same.location)).text).toContain('訂正前と同じ内容です');
      const fed = await correct('nintei', 'standardMinutes', { standardMinutes: '80', reason: '転記誤り' });
      expect((await fed.agent.get(fed.location)).text).toContain('案件の画面で訂正してください');
      const bad = await correct('nintei', 's1_4', { s1_4: '9', reason: '誤り' });
      expect(bad.status).toBe(303);
      expect((await db('case_documents').where({ workflow_id: CORRECTED }).first()).version).toBe(2);
    });

    it('the surveyor corrects only before the 一次判定; other roles and insurers may not', async () => {
      expect((await correct('chosa', 's2_1', { s2_1: '2', reason: '記入誤り' })).status).toBe(303);
      await db('cases').where({ workflow_id: CORRECTED }).update({ primary_level: 'care_1' });
      expect((await correct('chosa', 's2_1', { s2_1: '3', reason: '記入誤り' })).status).toBe(403);
      expect((await correct('shinsakai', 's2_1', { s2_1: '3', reason: '記入誤り' })).status).toBe(403);
      expect((await correct('b-nintei', 's2_1', { s2_1: '3', reason: '記入誤り' })).status).toBe(404);
      expect((await correct('ukinosato', 's2_1', { s2_1: '3', reason: '記入誤り' })).status).toBe(403);
      expect((await correct('nintei', 'nope', { reason: '記入誤り' })).status).toBe(404);
      expect((await db('case_documents').where({ workflow_id: CORRECTED }).first()).version).toBe(3);
    });
  });
});
