/**
 * 主治医意見書 online in a real browser, on the dev server with a worker: the hospital's doctor opens the 意見書依頼 in
 * the inbox, saves a draft, submits the opinion through the structured form, and the 認定係 opens the case's opinion
 * page and checks it (= receipt; the case shows the 意見書入手日). axe-core (WCAG 2 A and AA) on every page visited.
 * Screenshots go to test-artifacts/ui/ (git-ignored). Needs /usr/bin/chromium, like ui-browser.test.ts.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { itemsOf } from '../../domain/documents/items';
import { opinionFormOn } from '../../domain/documents/opinion-form';
import { certificationWorkflow } from '../../workflows';
import { certificationSnapshotQuery, certificationWorkflowId } from '../../workflows/certification/messages';
import { completeOpinion } from '../support/documents';
import { eventually, newApplication, today } from './certification-support';
import { withTestWorker } from './temporal-env';
import { BrowserDay, CHROMIUM, untilShown } from './ui-day';
import { useBrowserWorld } from './ui-world';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-opinion: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const taskQueue = `ui-opinion-${Date.now()}`;

maybe('主治医意見書: the doctor submits online, the 認定係 checks it', () => {
  const world = useBrowserWorld({ today: today(), taskQueue });
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let day: BrowserDay;
  beforeAll(() => ({ env, db, day } = world));

  it('inbox → draft → submit → the 認定係 checks it → received', async () => {
    const input = newApplication('ui-op', {
      insuredNo: '0000100001',
      doctor: { name: '郡浦 医師', clinic: '宇城ひかり病院', phone: '0964-32-0005' },
    });
    const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
    await withTestWorker(env, db, taskQueue, async () => {
      const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
      try {
        await eventually(() => db('opinion_requests').where({ workflow_id: workflowId }).first());

        // the doctor: the inbox, the request, a draft with one item, then the whole form submitted
        const doctor = await day.logIn('ishi');
        expect(new URL(doctor.url()).pathname).toBe('/medical');
        await day.check(doctor, 'doctor-inbox');
        await Promise.all([doctor.waitForNavigation(), doctor.click('main table a:has-text("宇城 太郎")')]);
        await day.check(doctor, 'doctor-request-form');
        await doctor.fill('#op_diagnosis1', 'アルツハイマー型認知症');
        await Promise.all([doctor.waitForNavigation(), doctor.click('button[value=draft]')]);
        expect(await doctor.locator('[role=status]').textContent()).toContain('下書きを保存しました');
        expect(await doctor.inputValue('#op_diagnosis1')).toBe('アルツハイマー型認知症');

        const version = opinionFormOn(today())!;
        const values = completeOpinion(version, { writtenOn: today(), institution: '宇城ひかり病院' });
        for (const item of itemsOf(version.form)) {
          const v = values.items[item.key];
          if (v == null) continue;
          if (item.kind === 'single') await doctor.check(`input[name="${item.key}"][value="${v as string}"]`);
          else if (item.kind === 'multi')
            for (const x of v as string[]) await doctor.check(`input[name="${item.key}"][value="${x}"]`);
          else await doctor.fill(`#op_${item.key}`, v as string);
        }
        await doctor.check('input[name="treatments"][value="5"]'); // 酸素療法
        await Promise.all([doctor.waitForNavigation(), doctor.click('button[value=submit]')]);
        const failed = await doctor.locator('.error-summary').allTextContents();
        expect(failed).toEqual([]);
        expect(await doctor.locator('[role=status]').textContent()).toContain('提出しました');
        await day.check(doctor, 'doctor-submitted');

        // the 認定係: the case's opinion page, the record as submitted, 確認（受領）
        const nintei = await day.logIn('nintei');
        await day.visit(nintei, `/cases/${workflowId}`, 'nintei-case-before');
        await Promise.all([nintei.waitForNavigation(), nintei.click('a:has-text("主治医意見書を開く")')]);
        await day.check(nintei, 'nintei-opinion');
        expect(await nintei.locator('main').textContent()).toContain('酸素療法');
        await day.submit(nintei, 'form[action$="/opinion/check"]');
        expect(await nintei.locator('[role=status]').textContent()).toContain('受領しました');
        await day.check(nintei, 'nintei-opinion-checked');
        expect((await handle.query(certificationSnapshotQuery)).opinion.receivedOn).toBe(today());
        await nintei.goto(`${day.base}/cases/${workflowId}`);
        await untilShown(nintei, 'main', '主治医意見書を受領しました');
        await day.check(nintei, 'nintei-case-after');

        // the request has left the doctor's inbox
        await doctor.goto(`${day.base}/medical`);
        expect(await doctor.locator('main').textContent()).not.toContain('宇城 太郎');
        expect(day.violations).toEqual([]);
      } finally {
        await handle.terminate('test done');
      }
    });
  }, 300_000);
});
