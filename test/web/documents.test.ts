/**
 * Issue 17: the 認定調査票 entry form (/cases/:id/survey) and who may read which document. The surveyor the survey
 * task is assigned to (and the 係長) enters and completes the survey; completing feeds the case once per request ID
 * (Temporal replaced by a recording fake). The documents page shows the medical parts only to roles with
 * opinion.medical; the 担当事業所 reads them only after the 処分, with consent, and every other case answers one 404.
 */
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { recordProgress } from '../../db/read-model';
import { OPINION_FORM_VERSIONS } from '../../domain/documents/opinion-form';
import { SURVEY_FORM_VERSION } from '../../domain/documents/survey-form';
import { addDays } from '../../domain/dates';
import { completeOpinion, completeSurvey } from '../support/documents';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';
import { buildWorld, INSURER_B } from './hostile/fixtures';

const SURVEY_CASE = 'cert-432130-S1';
const performed: { workflowId: string; action: Record<string, unknown>; requestId: string; by: string }[] = [];
const fakeCertification = {
  perform: async (
    workflowId: string,
    action: Record<string, unknown>,
    actor: { loginId: string },
    requestId: string,
  ) => {
    performed.push({ workflowId, action, requestId, by: actor.loginId });
    return { seq: 1 };
  },
};
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

/** A completed survey as a form body (item keys, note_<key>). */
function surveyBody(over: Record<string, string | string[]> = {}) {
  const v = completeSurvey();
  return { ...v.items, note_s1_3: '寝返りは柵につかまって行う', surveyedOn: addDays(TODAY, -2), ...over };
}

describe('認定調査票 and the documents of a case', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  /** A decided case with both documents completed and the 審査会の意見 on its 二次判定. */
  async function decidedCase(workflowId: string, insuredNo: string, opts: { decided: boolean; insurerNo?: string }) {
    await insertCase(db, {
      workflowId,
      insuredNo,
      appliedOn: addDays(TODAY, -40),
      dueOn: addDays(TODAY, -10),
      stage: opts.decided ? 'notified' : 'judged',
      finalLevel: 'care_2',
      summary: { decidedOn: opts.decided ? addDays(TODAY, -5) : null },
    });
    await recordProgress(db, {
      workflowId,
      seq: 2,
      occurredAt: `${addDays(TODAY, -8)}T01:00:00.000Z`,
      event: {
        type: 'secondary_judged',
        actor: 'shinsakai',
        payload: {
          finalLevel: 'care_2',
          careNotes: '転倒に注意し、通所リハビリの利用が望ましい',
          boardMetOn: addDays(TODAY, -8),
        },
      },
    });
    const insurerNo = opts.insurerNo ?? '432130';
    if (insurerNo !== '432130') await db('cases').where({ workflow_id: workflowId }).update({ insurer_no: insurerNo });
    const repos = createRepositories(db);
    const base = { insurerNo, workflowId, by: 'nintei', at: `${addDays(TODAY, -20)}T01:00:00.000Z` };
    await repos.documents.completeDocument({
      ...base,
      kind: 'survey',
      formVersion: SURVEY_FORM_VERSION,
      values: { ...completeSurvey(), notes: { s1_3: '特記: 夜間に不穏' } },
    });
    await repos.documents.completeDocument({
      ...base,
      kind: 'opinion',
      formVersion: '2026',
      source: 'online',
      values: completeOpinion(OPINION_FORM_VERSIONS[1], { diagnosis1: '脳梗塞後遺症' }),
    });
  }

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    const { password_hash } = await db('users').where({ login_id: 'chosa' }).first('password_hash');
    await db('users').insert({
      login_id: 'chosa2',
      display_name: '別の 調査員',
      role: 'surveyor',
      insurer_no: '432130',
      password_hash,
      active: true,
    });
    await insertCase(db, {
      workflowId: SURVEY_CASE,
      insuredNo: '0000100001',
      appliedOn: addDays(TODAY, -10),
      dueOn: addDays(TODAY, 20),
      stage: 'investigating',
      tasks: [{ key: 'survey-visit', type: 'survey', title: '認定調査', candidateRole: 'surveyor', dueOn: TODAY }],
    });
    const chosa = await db('users').where({ login_id: 'chosa' }).first('id');
    await db('tasks')
      .where({ id: `${SURVEY_CASE}:survey-visit` })
      .update({ assignee_user_id: chosa.id });
    await decidedCase('cert-432130-D1', '0000100001', { decided: true });
    await decidedCase('cert-432130-U1', '0000100001', { decided: false });
    await decidedCase('cert-432130-D2', '0000100002', { decided: true });
    await decidedCase('cert-432130-D4', '0000100004', { decided: true });
    await decidedCase(`cert-${INSURER_B}-D5`, '0000900001', { decided: true, insurerNo: INSURER_B });
    app = appOf(servicesWith(db, { certification: fakeCertification }));
  });
  afterAll(async () => cleanup());

  describe('entry form', () => {
    it('opens for the assigned surveyor and the 係長, not for another surveyor, a role without survey.record or another insurer', async () => {
      const page = await (await loginAs(app, 'chosa')).get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      expect(page.text).toContain('第1群 身体機能・起居動作');
      expect(page.text).toContain('特記事項（1-3）');
      expect(page.text).toContain('name="s4_15"');
      await (await loginAs(app, 'kakaricho')).get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      await (await loginAs(app, 'chosa2')).get(`/cases/${SURVEY_CASE}/survey`).expect(403);
      await (await loginAs(app, 'nintei')).get(`/cases/${SURVEY_CASE}/survey`).expect(403);
      await (await loginAs(app, 'b-nintei')).get(`/cases/${SURVEY_CASE}/survey`).expect(403);
      await (await loginAs(app, 'ukinosato')).get(`/cases/${SURVEY_CASE}/survey`).expect(403);
    });

    it('saves a draft with blanks, and shows what was saved', async () => {
      const chosa = await loginAs(app, 'chosa');
      const page = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      await chosa
        .post(`/cases/${SURVEY_CASE}/survey`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          requestId: hidden(page.text, 'requestId'),
          intent: 'draft',
          s1_3: '2',
          s1_1: ['2', '4'],
          note_s1_3: '柵につかまる',
        })
        .expect(303);
      const row = await db('case_documents').where({ workflow_id: SURVEY_CASE, doc_kind: 'survey' }).first();
      expect(row.status).toBe('draft');
      expect(JSON.parse(row.values_json)).toEqual({
        items: { s1_1: ['2', '4'], s1_3: '2' },
        notes: { s1_3: '柵につかまる' },
      });
      const again = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      expect(again.text).toMatch(/id="s1_3-2" name="s1_3" value="2" checked/);
      expect(again.text).toMatch(/id="s1_1-4" name="s1_1" value="4" checked/);
      expect(again.text).toContain('柵につかまる</textarea>');
      expect(performed).toEqual([]);
    });

    it('completing with required items blank returns the form with Japanese messages and keeps what was typed', async () => {
      const chosa = await loginAs(app, 'chosa');
      const page = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      const res = await chosa
        .post(`/cases/${SURVEY_CASE}/survey`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          requestId: hidden(page.text, 'requestId'),
          intent: 'complete',
          s1_3: '3',
          s1_1: ['1', '2'],
          note_s2_1: '移乗はベッド柵を使用',
        })
        .expect(303);
      const back = await chosa.get(res.headers.location).expect(200);
      expect(back.text).toContain('入力内容を確認してください');
      expect(back.text).toContain('2-1 移乗を選んでください');
      expect(back.text).toContain('1-1 麻痺等の有無で「ない」と他の選択肢は同時に選べません');
      expect(back.text).toContain('要介護認定等基準時間を入力してください');
      expect(back.text).toMatch(/id="s1_3-3" name="s1_3" value="3" checked/);
      expect(back.text).toContain('移乗はベッド柵を使用</textarea>');
      expect(performed).toEqual([]);
      const row = await db('case_documents').where({ workflow_id: SURVEY_CASE, doc_kind: 'survey' }).first();
      expect(row.status).toBe('draft');
    });

    it('refuses a 実施日 in the future', async () => {
      const chosa = await loginAs(app, 'chosa');
      const page = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      const res = await chosa
        .post(`/cases/${SURVEY_CASE}/survey`)
        .type('form')
        .send({
          ...surveyBody({ surveyedOn: addDays(TODAY, 1) }),
          _csrf: csrfOf(page.text),
          requestId: hidden(page.text, 'requestId'),
          intent: 'complete',
        })
        .expect(303);
      expect((await chosa.get(res.headers.location)).text).toContain('実施日に未来の日付は入力できません');
      expect(performed).toEqual([]);
    });

    it('completes once: the record becomes version 1 and feeds the case; a double submit adds nothing', async () => {
      const chosa = await loginAs(app, 'chosa');
      const page = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      const requestId = hidden(page.text, 'requestId');
      const body = {
        ...surveyBody({ standardMinutes: '52.3', s7_2: 'IIa', s7_1: 'A1', unstableCondition: '1' }),
        _csrf: csrfOf(page.text),
        requestId,
        intent: 'complete',
      };
      const first = await chosa.post(`/cases/${SURVEY_CASE}/survey`).type('form').send(body).expect(303);
      expect(first.headers.location).toBe(`/cases/${SURVEY_CASE}`);
      const second = await chosa.post(`/cases/${SURVEY_CASE}/survey`).type('form').send(body).expect(303);
      expect(second.headers.location).toBe(`/cases/${SURVEY_CASE}`);
      expect(performed).toHaveLength(2);
      expect(new Set(performed.map((p) => p.requestId))).toEqual(new Set([requestId]));
      expect(performed[0]).toMatchObject({
        workflowId: SURVEY_CASE,
        by: 'chosa',
        action: {
          kind: 'completeSurvey',
          surveyedOn: addDays(TODAY, -2),
          standardMinutes: 52.3,
          dementia: 'IIa',
          unstableCondition: true,
          specialNotes: '(1-3) 寝返りは柵につかまって行う',
        },
      });
      const row = await db('case_documents').where({ workflow_id: SURVEY_CASE, doc_kind: 'survey' }).first();
      expect(row).toMatchObject({ status: 'completed', version: 1, completed_by: 'chosa' });
      expect(row.fed_at).not.toBeNull();
      expect(await db('case_document_versions').where({ document_id: row.id })).toHaveLength(1);
      const audits = await db('audit_log').where({ action: 'survey.complete', target: `case:${SURVEY_CASE}` });
      expect(audits).toHaveLength(2);
      // once complete, the form is not offered again
      const after = await chosa.get(`/cases/${SURVEY_CASE}/survey`).expect(200);
      expect(after.text).not.toContain('name="intent" value="complete"');
    });
  });

  describe('documents page (municipal)', () => {
    it('shows both documents and the 審査会の意見, medical parts only to roles with opinion.medical; audited', async () => {
      const nintei = await (await loginAs(app, 'nintei')).get('/cases/cert-432130-D1/documents').expect(200);
      expect(nintei.text).toContain('認定調査票');
      expect(nintei.text).toContain('脳梗塞後遺症');
      expect(nintei.text).toContain('特記: 夜間に不穏');
      expect(nintei.text).toContain('第6群 特別な医療');
      expect(nintei.text).toContain('転倒に注意し、通所リハビリの利用が望ましい');
      expect(nintei.text).toContain('data-print');
      const chosa = await (await loginAs(app, 'chosa')).get('/cases/cert-432130-D1/documents').expect(200);
      expect(chosa.text).toContain('第1群 身体機能・起居動作');
      expect(chosa.text).toContain('医師 花子');
      expect(chosa.text).not.toContain('脳梗塞後遺症');
      expect(chosa.text).not.toContain('特記: 夜間に不穏');
      expect(chosa.text).not.toContain('第6群 特別な医療');
      await (await loginAs(app, 'b-nintei')).get('/cases/cert-432130-D1/documents').expect(404);
      await (await loginAs(app, 'ishi')).get('/cases/cert-432130-D1/documents').expect(403);
      const audit = await db('audit_log').where({ action: 'document.view', target: 'case:cert-432130-D1' });
      expect(audit.map((a) => a.login_id).sort()).toEqual(['chosa', 'nintei']);
    });
  });

  describe('documents page (担当事業所)', () => {
    const view = async (login: string, workflowId: string) =>
      (await loginAs(app, login)).get(`/office/cases/${workflowId}/documents`);

    it('the office with consent and an active registration reads both documents after the decision; audited', async () => {
      const res = await view('ukinosato', 'cert-432130-D1');
      expect(res.status).toBe(200);
      expect(res.text).toContain('脳梗塞後遺症');
      expect(res.text).toContain('特記: 夜間に不穏');
      expect(res.text).toContain('転倒に注意し、通所リハビリの利用が望ましい');
      const audit = await db('audit_log').where({
        action: 'document.view',
        target: 'case:cert-432130-D1',
        login_id: 'ukinosato',
      });
      expect(audit).toHaveLength(1);
      expect((await view('houkatsu', 'cert-432130-D4')).status).toBe(200);
    });

    it('before the decision, consent withdrawn, another office, another insurer, unknown: one 404', async () => {
      const answers = [
        await view('ukinosato', 'cert-432130-U1'),
        await view('ukinosato', 'cert-432130-D2'),
        await view('ukinosato', 'cert-432130-D4'),
        await view('houkatsu', 'cert-432130-D1'),
        await view('ukinosato', `cert-${INSURER_B}-D5`),
        await view('ukinosato', 'cert-432130-NONE'),
      ];
      for (const a of answers) expect(a.status).toBe(404);
      // one page whatever the reason (the header names the logged-in staff member, 宇土 明美 or 郡浦 正)
      const bodies = answers.map((a) =>
        a.text.replace(/name="_csrf" value="[^"]+"/, '').replace(/宇土 明美|郡浦 正/g, 'staff'),
      );
      expect(new Set(bodies).size).toBe(1);
      for (const b of bodies) expect(b).not.toMatch(/宇城 太郎|松橋 ハナ|豊野 キヨ|別 花子|脳梗塞/);
    });

    it('a municipal login may not use the office page', async () => {
      expect((await view('nintei', 'cert-432130-D1')).status).toBe(403);
    });
  });

  describe('資料提供申請', () => {
    const birthOf = async (insuredNo: string) =>
      (await db('insured_persons').where({ insured_no: insuredNo }).first('birth_date')).birth_date as string;

    async function ask(login: string, insuredNo: string, birthDate: string) {
      const agent = await loginAs(app, login);
      const page = await agent.get('/office/disclosures').expect(200);
      await agent
        .post('/office/disclosures')
        .type('form')
        .send({ _csrf: csrfOf(page.text), insuredNo, birthDate, survey: '1', opinion: '1', purpose: 'ケアプラン作成' })
        .expect(303);
      return (await db('disclosure_requests').orderBy('id', 'desc').first()).id as number;
    }

    async function decide(id: number, answer: 'grant' | 'refuse', note = '') {
      const nintei = await loginAs(app, 'nintei');
      const page = await nintei.get('/disclosures').expect(200);
      const res = await nintei
        .post(`/disclosures/${id}/decide`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), answer, note })
        .expect(303);
      return (await nintei.get(res.headers.location).expect(200)).text;
    }

    it('grants by the rules, refuses with the reasons, and issues the copy from the same records; audited', async () => {
      const ok = await ask('ukinosato', '0000100001', await birthOf('0000100001'));
      const unknown = await ask('ukinosato', '0000199999', '1940-01-01');
      const withdrawn = await ask('ukinosato', '0000100002', await birthOf('0000100002'));
      const noFiling = await ask('houkatsu', '0000100001', await birthOf('0000100001'));
      expect(await db('audit_log').where({ action: 'disclosure.request' })).toHaveLength(4);

      const queue = await (await loginAs(app, 'nintei')).get('/disclosures').expect(200);
      expect(queue.text).toContain('確認待ち（4件）');
      expect(queue.text).toContain('貴事業所からの居宅サービス計画作成依頼届出書（居宅届）が提出されていません');

      // the rules do not allow it: 提供 is refused with the reason, the request stays open
      expect(await decide(noFiling, 'grant')).toContain('提供できません: 貴事業所からの居宅サービス計画作成依頼届出書');
      expect((await db('disclosure_requests').where({ id: noFiling }).first()).status).toBe('requested');
      // a grantable request is refused only with the city's reason
      expect(await decide(ok, 'refuse')).toContain('不提供の理由を入力してください');

      await decide(ok, 'grant');
      expect(await db('disclosure_requests').where({ id: ok }).first()).toMatchObject({
        status: 'granted',
        workflow_id: 'cert-432130-D1',
      });
      await decide(unknown, 'refuse');
      await decide(withdrawn, 'refuse');
      await decide(noFiling, 'refuse');

      const copy = await (await loginAs(app, 'nintei')).get(`/disclosures/${ok}/copy`).expect(200);
      expect(copy.text).toContain('認定資料（写し）');
      expect(copy.text).toContain('脳梗塞後遺症');
      expect(copy.text).toContain('特記: 夜間に不穏');
      expect(copy.text).toContain('data-print');
      expect((await db('disclosure_requests').where({ id: ok }).first()).copy_issued_at).not.toBeNull();
      expect(await db('audit_log').where({ action: 'disclosure.copy', target: 'case:cert-432130-D1' })).toHaveLength(1);
      expect(await db('audit_log').where({ action: 'disclosure.grant' })).toHaveLength(1);
      expect(await db('audit_log').where({ action: 'disclosure.refuse' })).toHaveLength(3);
      // a refused request has no copy; another insurer's staff cannot open one
      await (await loginAs(app, 'nintei')).get(`/disclosures/${unknown}/copy`).expect(404);
      await (await loginAs(app, 'b-nintei')).get(`/disclosures/${ok}/copy`).expect(404);

      // the office reads the same words for a number that matches nobody and a person whose consent is withdrawn
      const office = await (await loginAs(app, 'ukinosato')).get('/office/disclosures').expect(200);
      const rows = [
        ...office.text.matchAll(/<tr>\s*<td class="nowrap">[^<]*<\/td>\s*<td>(\d{10})<\/td>[\s\S]*?<\/tr>/g),
      ];
      const rowOf = (no: string) =>
        rows.find((m) => m[1] === no)![0].replace(/<td class="nowrap">[^<]*<\/td>|\d{10}/g, '');
      expect(rowOf('0000199999')).toBe(rowOf('0000100002'));
      expect(rowOf('0000199999')).toContain('提供できる資料を確認できませんでした');
      expect(rowOf('0000100001')).toContain('提供（写しを送付）');
      expect(office.text).not.toMatch(/松橋 ハナ|宇城 太郎/);
      const houkatsu = await (await loginAs(app, 'houkatsu')).get('/office/disclosures').expect(200);
      expect(houkatsu.text).toContain('居宅届）が提出されていません');
    });

    it('a refusal turned off by the insurer from a date no longer applies', async () => {
      await db('rule_versions').insert({
        insurer_no: '432130',
        rule_set: 'disclosure',
        effective_from: addDays(TODAY, -30),
        rules_json: JSON.stringify({ refuseWithoutPlanNotification: false }),
        created_at: `${TODAY}T00:00:00Z`,
      });
      const id = await ask('houkatsu', '0000100001', await birthOf('0000100001'));
      await decide(id, 'grant');
      expect((await db('disclosure_requests').where({ id }).first()).status).toBe('granted');
    });

    it("only the city's 認定係 and 係長 decide; offices only ask", async () => {
      await (await loginAs(app, 'ukinosato')).get('/disclosures').expect(403);
      await (await loginAs(app, 'chosa')).get('/disclosures').expect(403);
      await (await loginAs(app, 'kyufu')).get('/disclosures').expect(403);
      await (await loginAs(app, 'kakaricho')).get('/disclosures').expect(200);
      await (await loginAs(app, 'nintei')).get('/office/disclosures').expect(403);
    });
  });
});
