/**
 * Issue 21 point 8: the dashboard's stage links carry their stage and an average of 0 days is a figure; the audit log
 * prints Japanese labels, filters by ログインID, period (和暦 or 西暦), action and person, pages, and exports the
 * filtered rows as an audited, uncached CSV.
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { appOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

/** The rows of the audit table: [日時, ログインID, 操作, 対象]. */
function auditRows(html: string): string[][] {
  return [
    ...html.matchAll(/<tr><td class="nowrap">([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>(.*?)<\/td>/g),
  ].map((m) => [m[1], m[2], m[3], m[4].replace(/<[^>]+>/g, '')]);
}

/** The page's links as a browser reads them (handlebars escapes '=' and '&' in attributes). */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
}

function stat(html: string, label: string): string | undefined {
  return new RegExp(`<span class="stat__n">([^<]+)</span><span class="stat__label">${label}`).exec(html)?.[1];
}

describe('supervisor pages', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-S1',
      insuredNo: '0000100004',
      appliedOn: '2026-11-02',
      dueOn: '2026-12-02',
      stage: 'primary_judged',
    });
    // Japan time: A 11/30 23:59, B 12/1 00:00, C 12/1 23:59:59, D 12/2 00:00.
    await db('audit_log').insert([
      { at: '2026-11-30T14:59:00.000Z', login_id: 'nintei', action: 'person.view', target: 'person:0000100004' },
      {
        at: '2026-11-30T15:00:00.000Z',
        login_id: 'nintei',
        action: 'case.recordSecondaryJudgement',
        target: 'case:cert-432130-S1',
      },
      { at: '2026-12-01T14:59:59.000Z', login_id: 'kyufu', action: 'person.view', target: 'person:0000100003' },
      { at: '2026-12-01T15:00:00.000Z', login_id: 'kyufu', action: 'login', target: 'user:kyufu' },
    ]);
    await db('audit_log').insert(
      Array.from({ length: 60 }, (_, i) => ({
        at: `2026-10-01T0${Math.floor(i / 10)}:0${i % 10}:00.000Z`,
        login_id: 'chosa',
        action: 'task.claim',
        target: null,
      })),
    );
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  describe('dashboard', () => {
    it('links every open stage to the case list filtered by that stage', async () => {
      const res = await (await loginAs(app, 'kakaricho')).get('/dashboard').expect(200);
      const stages = hrefs(res.text)
        .filter((h) => h.startsWith('/cases?stage='))
        .map((h) => h.slice('/cases?stage='.length));
      expect(stages).toEqual([
        'received',
        'investigating',
        'primary_judged',
        'board_scheduled',
        'judged',
        'awaiting_approval',
        'decided',
      ]);
    });

    it('shows 「—」 without decisions in the period and 0日 for decisions on the day of application', async () => {
      const s = await loginAs(app, 'kakaricho');
      expect(stat((await s.get('/dashboard').expect(200)).text, '決定までの平均日数')).toBe('—');
      await insertCase(db, {
        workflowId: 'cert-432130-S0',
        insuredNo: '0000100002',
        appliedOn: '2026-11-10',
        dueOn: '2026-12-10',
        stage: 'notified',
        status: 'closed',
        finalLevel: 'care_1',
        summary: { opinionRequestedOn: '2026-11-10', decidedOn: '2026-11-10' },
      });
      expect(stat((await s.get('/dashboard').expect(200)).text, '決定までの平均日数')).toBe('0日');
    });

    it('sends the overdue CSV uncached', async () => {
      const res = await (await loginAs(app, 'kakaricho')).get('/dashboard/overdue.csv').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('counts the decisions past day 30 with no 延期通知 (27条11項), and the case page names the breach', async () => {
      const s = await loginAs(app, 'kakaricho');
      const label = '延期通知なしの期限超過決定';
      expect(stat((await s.get('/dashboard').expect(200)).text, label)).toBe('0');
      await insertCase(db, {
        workflowId: 'cert-432130-S9',
        insuredNo: '0000100005',
        appliedOn: '2026-10-01',
        dueOn: '2026-10-31',
        stage: 'notified',
        status: 'closed',
        finalLevel: 'care_1',
        summary: { decidedOn: '2026-11-20' },
      });
      await db('cases').where({ workflow_id: 'cert-432130-S9' }).update({ deadline_breach: 'no_postponement_notice' });
      expect(stat((await s.get('/dashboard').expect(200)).text, label)).toBe('1');
      // Not counted: a breach decided before the period the dashboard covers, and one of another insurer.
      for (const [workflowId, decidedOn] of [
        ['cert-432130-S10', '2025-10-20'],
        ['cert-432130-S11', '2026-11-21'],
      ]) {
        await insertCase(db, {
          workflowId,
          insuredNo: '0000100006',
          appliedOn: addDays(decidedOn, -45),
          dueOn: addDays(decidedOn, -15),
          stage: 'notified',
          status: 'closed',
          finalLevel: 'care_2',
          summary: { decidedOn },
        });
        await db('cases').where({ workflow_id: workflowId }).update({ deadline_breach: 'no_postponement_notice' });
      }
      await db('cases').where({ workflow_id: 'cert-432130-S11' }).update({ insurer_no: '999999' });
      expect(stat((await s.get('/dashboard').expect(200)).text, label)).toBe('1');
      // The 延期通知 task the 処分 closed is named in the case's history, not closed without a word.
      await db('case_events').insert({
        workflow_id: 'cert-432130-S9',
        seq: 2,
        event_type: 'deadline_breached',
        actor: 'system',
        occurred_at: '2026-11-20T01:00:00.000Z',
        payload_json: JSON.stringify({
          kind: 'no_postponement_notice',
          dueOn: '2026-10-31',
          decidedOn: '2026-11-20',
          openTask: 'postponement-1',
        }),
      });
      const page = await s.get('/cases/cert-432130-S9').expect(200);
      expect(page.text).toContain('延期通知なしに処分期限を超えて決定（介護保険法27条11項違反）');
      expect(page.text).toContain('処分期限を超えた決定を記録しました（介護保険法27条11項）');
      expect(page.text).toContain('未発行の延期通知: 作業を取りやめ（期限超過として記録）');
    });
  });

  describe('audit log', () => {
    it('labels case actions in Japanese, never as the raw code', async () => {
      const res = await (await loginAs(app, 'kakaricho')).get('/audit?user=nintei').expect(200);
      expect(res.text).toContain('認定: 二次判定の登録');
      expect(res.text).not.toContain('<td>case.recordSecondaryJudgement</td>');
    });

    it('filters by a period typed in 和暦 or 西暦, both days whole in Japan time', async () => {
      const s = await loginAs(app, 'kakaricho');
      for (const [from, to] of [
        ['令和8年12月1日', 'R8.12.1'],
        ['2026-12-01', '2026/12/1'],
      ]) {
        const res = await s.get('/audit').query({ from, to }).expect(200);
        expect(auditRows(res.text).map((r) => [r[1], r[2]])).toEqual([
          ['kyufu', '被保険者情報の閲覧'],
          ['nintei', '認定: 二次判定の登録'],
        ]);
        // the dates as read, in 和暦 beside both inputs
        expect(res.text.match(/<span class="muted">令和8年12月1日<\/span>/g)).toHaveLength(2);
      }
    });

    it('filters by person: views of the person and actions on their cases; full-width digits are read', async () => {
      const res = await (
        await loginAs(app, 'kakaricho')
      )
        .get('/audit')
        .query({ person: '００００１０００04' })
        .expect(200);
      expect(auditRows(res.text).map((r) => r[3])).toEqual(['案件 cert-432130-S1', '被保険者 0000100004']);
    });

    it('filters by ログインID and action together', async () => {
      const res = await (
        await loginAs(app, 'kakaricho')
      )
        .get('/audit')
        .query({ user: 'kyufu', action: 'person.view' })
        .expect(200);
      expect(auditRows(res.text).map((r) => [r[1], r[3]])).toEqual([['kyufu', '被保険者 0000100003']]);
    });

    it('pages, keeping the filters in the pager links', async () => {
      const s = await loginAs(app, 'kakaricho');
      const first = await s.get('/audit?user=chosa').expect(200);
      expect(auditRows(first.text)).toHaveLength(50);
      expect(hrefs(first.text)).toContain('/audit?user=chosa&page=2');
      const second = await s.get('/audit?user=chosa&page=2').expect(200);
      expect(auditRows(second.text)).toHaveLength(10);
    });

    it('answers a bad filter with its message, naming the field, and no rows', async () => {
      const s = await loginAs(app, 'kakaricho');
      const badDate = await s.get('/audit').query({ from: '令和8年13月1日' }).expect(400);
      expect(badDate.text).toContain('期間の開始日を正しい日付');
      expect(badDate.text).toContain('href="#from"');
      expect(auditRows(badDate.text)).toEqual([]);
      const reversed = await s.get('/audit').query({ from: 'R8.12.2', to: 'R8.12.1' }).expect(400);
      expect(reversed.text).toContain('期間の終了日が開始日より前です');
      const person = await s.get('/audit').query({ person: '12345' }).expect(400);
      expect(person.text).toContain('被保険者番号は10桁の数字で入力してください');
      await s.get('/audit').query({ action: 'no.such.action' }).expect(400);
    });

    it('exports the filtered rows as CSV, uncached, and audits the export', async () => {
      const s = await loginAs(app, 'kakaricho');
      const res = await s.get('/audit.csv').query({ person: '0000100004' }).expect(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['cache-control']).toBe('no-store');
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe('日時,ログインID,操作,操作コード,対象,詳細,IPアドレス,記録時刻（UTC）');
      expect(lines.slice(1)).toEqual([
        '令和8年12月1日 00:00,nintei,認定: 二次判定の登録,case.recordSecondaryJudgement,case:cert-432130-S1,,,2026-11-30T15:00:00.000Z',
        '令和8年11月30日 23:59,nintei,被保険者情報の閲覧,person.view,person:0000100004,,,2026-11-30T14:59:00.000Z',
      ]);
      const exported = await db('audit_log').where({ action: 'audit.export', login_id: 'kakaricho' });
      expect(exported).toHaveLength(1);
      expect(JSON.parse(exported[0].detail_json)).toMatchObject({ filter: { insuredNo: '0000100004' }, rows: 2 });
    });

    it('is for the 係長 only, the CSV as well', async () => {
      const s = await loginAs(app, 'nintei');
      await s.get('/audit').expect(403);
      await s.get('/audit.csv').expect(403);
    });
  });
});
