/**
 * Issue 17 done: a case goes from intake to decision with the survey entered item by item and the opinion sent by the
 * doctor online, and the care office reads both after the decision, printable. In a real browser on the dev server
 * with a worker: the 認定調査員 enters the 認定調査票, the hospital's doctor submits the 主治医意見書, the 認定係 checks it
 * (= receipt) and corrects a survey item with a reason, the board and the 処分 follow (Updates), and the 担当事業所
 * (うきの里, registration and consent from the demo data) opens the documents, on screen and as printed (A4, no
 * print button). axe-core (WCAG 2 A and AA) on every page visited; screenshots in test-artifacts/ui/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatWareki } from '../../domain/dates';
import { itemsOf } from '../../domain/documents/items';
import { opinionFormOn } from '../../domain/documents/opinion-form';
import { SURVEY_FORM } from '../../domain/documents/survey-form';
import { certificationWorkflow } from '../../workflows';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { completeOpinion } from '../support/documents';
import { act, boardJudges, eventually, intake, newApplication, today } from './certification-support';
import { withTestWorker } from './temporal-env';
import { useBrowserWorld } from './ui-world';
import { ARTIFACTS, BrowserDay, CHROMIUM, untilShown } from './ui-day';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-documents: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const taskQueue = `ui-documents-${Date.now()}`;

maybe('認定資料: survey entered, opinion sent online, decided, read by the care office', () => {
  const world = useBrowserWorld({ today: today(), taskQueue });
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let day: BrowserDay;
  beforeAll(() => ({ env, db, day } = world));

  it('intake → survey item by item → opinion online → checked → decided → the office reads and prints both', async () => {
    const t = today();
    const input = newApplication('ui-doc', {
      insuredNo: '0000100001',
      doctor: { name: '郡浦 医師', clinic: '宇城ひかり病院', phone: '0964-32-0005' },
    });
    const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
    const casePath = `/cases/${encodeURIComponent(workflowId)}`;
    await withTestWorker(env, db, taskQueue, async () => {
      const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
      try {
        await act(handle, intake, {
          kind: 'assignSurveyor',
          surveyorKind: 'municipal',
          surveyorName: '小川 健',
          surveyorLoginId: 'chosa',
        });

        // the 認定調査員: every item of the 認定調査票, then 完了 (feeds the case)
        const chosa = await day.logIn('chosa');
        await chosa.goto(`${day.base}${casePath}/survey`);
        await untilShown(chosa, 'main h1', '認定調査票');
        for (const item of itemsOf(SURVEY_FORM))
          if (item.kind === 'single' || item.kind === 'multi') await chosa.locator(`label[for="${item.key}"]`).click();
        await chosa.locator('label[for="s1_7-2"]').click(); // 歩行: 何かにつかまればできる
        await chosa.locator('label[for="s7_2-IIa"]').click();
        await chosa.locator('details:has(#note_s1_7) summary').click();
        await chosa.fill('#note_s1_7', '屋内は伝い歩き');
        await chosa.fill('#surveyedOn', formatWareki(t));
        await chosa.fill('#surveyorName', '小川 健');
        await chosa.fill('#standardMinutes', '48.5');
        await day.check(chosa, 'doc-survey-filled');
        await Promise.all([chosa.waitForNavigation(), chosa.click('button[name=intent][value=complete]')]);
        expect(await chosa.locator('.error-summary').allTextContents()).toEqual([]);
        await untilShown(chosa, 'main', '48.5分');

        // the doctor: the request in the inbox, the opinion submitted online
        await eventually(() => db('opinion_requests').where({ workflow_id: workflowId }).first());
        const doctor = await day.logIn('ishi');
        await Promise.all([doctor.waitForNavigation(), doctor.click('main table a:has-text("宇城 太郎")')]);
        const version = opinionFormOn(t)!;
        const values = completeOpinion(version, {
          writtenOn: t,
          institution: '宇城ひかり病院',
          diagnosis1: 'アルツハイマー型認知症',
        });
        for (const item of itemsOf(version.form)) {
          const v = values.items[item.key];
          if (v == null) continue;
          if (item.kind === 'single') await doctor.check(`input[name="${item.key}"][value="${v as string}"]`);
          else if (item.kind === 'multi')
            for (const x of v as string[]) await doctor.check(`input[name="${item.key}"][value="${x}"]`);
          else await doctor.fill(`#op_${item.key}`, v as string);
        }
        await Promise.all([doctor.waitForNavigation(), doctor.click('button[value=submit]')]);
        expect(await doctor.locator('.error-summary').allTextContents()).toEqual([]);
        expect(await doctor.locator('[role=status]').textContent()).toContain('提出しました');
        await day.check(doctor, 'doc-doctor-submitted');

        // the 認定係: checks the opinion (= receipt), then corrects one survey item with a reason
        const nintei = await day.logIn('nintei');
        await day.visit(nintei, `${casePath}/opinion`, 'doc-nintei-opinion');
        await day.submit(nintei, 'form[action$="/opinion/check"]');
        expect(await nintei.locator('[role=status]').textContent()).toContain('受領しました');
        expect((await handle.query(certificationSnapshotQuery)).opinion.receivedOn).toBe(t);
        await day.visit(nintei, `${casePath}/survey/corrections/s1_8`, 'doc-nintei-correction');
        await nintei.locator('label[for="s1_8-2"]').click();
        await nintei.fill('#reason', '調査員の転記誤り（調査メモで確認）');
        await day.submit(nintei);
        expect(await nintei.locator('.error-summary').allTextContents()).toEqual([]);
        expect(await nintei.locator('main').textContent()).toContain('調査員の転記誤り（調査メモで確認）');
        await day.check(nintei, 'doc-nintei-corrected');

        // the board and the 処分 (their own browser tests are ui-browser's)
        await eventually(async () => (await handle.query(certificationSnapshotQuery)).primaryLevel != null);
        await boardJudges(handle, t, 'care_2', 12);
        await act(handle, intake, { kind: 'decide' });
        await eventually(() => db('cases').where({ workflow_id: workflowId }).whereNotNull('decided_on').first());

        // the 担当事業所: the case page links the documents; both read, then printed
        const office = await day.logIn('ukinosato');
        await day.visit(office, `/office${casePath}`, 'doc-office-case');
        await Promise.all([office.waitForNavigation(), office.click('a[href$="/documents"]')]);
        const text = (await office.locator('main').textContent()) ?? '';
        expect(text).toContain('第1群 身体機能・起居動作');
        expect(text).toContain('屋内は伝い歩き');
        expect(text).toContain('アルツハイマー型認知症');
        expect(text).toContain('電子（医療機関から送信）');
        expect(text).toContain('転倒に注意');
        expect(text).toContain('訂正履歴');
        expect(await office.locator('a.doc-correct').count()).toBe(0);
        await day.check(office, 'doc-office-documents');
        await office.emulateMedia({ media: 'print' });
        expect(await office.locator('[data-print]').isVisible()).toBe(false);
        await office.screenshot({ path: path.join(ARTIFACTS, 'doc-office-documents-print.png'), fullPage: true });
        await office.pdf({ path: path.join(ARTIFACTS, 'doc-office-documents.pdf'), preferCSSPageSize: true });
        const audit = await db('audit_log').where({
          action: 'document.view',
          target: `case:${workflowId}`,
          login_id: 'ukinosato',
        });
        expect(audit.length).toBeGreaterThanOrEqual(1);
        expect(day.violations).toEqual([]);
      } finally {
        await handle.terminate('test done').catch(() => undefined);
      }
    });
  }, 600_000);
});
