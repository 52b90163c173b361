/**
 * Issue 17 in a real browser on a tablet-size viewport (iPad, 820×1180, touch): the 認定調査員 the survey is assigned
 * to opens the 認定調査票, tries to complete it half done (the form comes back with Japanese messages and what was
 * tapped), saves a draft, answers every group item by item with a 特記事項, and completes it; the case on the dev
 * server (with a worker) then shows the survey done with the 基準時間 from the record, and the documents page shows
 * the record. axe-core (WCAG 2 A and AA) on every page; screenshots in test-artifacts/ui/. Needs /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { decisionDueDate } from '../../domain/certification/deadlines';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../domain/certification/rules';
import { itemsOf } from '../../domain/documents/items';
import { SURVEY_FORM } from '../../domain/documents/survey-form';
import { formatWareki } from '../../domain/dates';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { certificationWorkflow } from '../../workflows';
import { certificationStartAttributes, certificationWorkflowId } from '../../workflows/certification/messages';
import { createTempDb } from '../support/temp-db';
import { act, intake, newApplication, today } from './certification-support';
import { attachTestEnv, withTestWorker } from './temporal-env';
import { ARTIFACTS, CHROMIUM, untilShown } from './ui-day';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-survey-tablet: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const taskQueue = `ui-survey-${Date.now()}`;

maybe('認定調査票 on a tablet', () => {
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let cleanup: () => Promise<void>;
  let server: Server;
  let browser: Browser;
  let base: string;
  const violations: string[] = [];

  async function check(page: Page, name: string) {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of result.violations)
      violations.push(`${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    await page.screenshot({ path: path.join(ARTIFACTS, `survey-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    env = await attachTestEnv();
    ({ db, cleanup } = await createTempDb({ seed: true, today: today() }));
    const services = createServices({
      db,
      temporal: { client: env.client, taskQueue, close: async () => undefined },
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
    });
    const app = createApp(services, { sessionSecret: 'x'.repeat(32), production: true });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup?.();
  });

  it('the assigned surveyor enters the survey item by item, saves a draft and completes it', async () => {
    const t = today();
    await withTestWorker(env, db, taskQueue, async () => {
      const input = newApplication('UI-SV');
      const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
      const handle = await env.client.workflow.start(certificationWorkflow, {
        workflowId,
        taskQueue,
        args: [input],
        typedSearchAttributes: certificationStartAttributes(
          input.insurerNo,
          decisionDueDate(input.appliedOn, resolveRules(DEFAULT_RULE_VERSIONS, input.appliedOn)),
          input.type,
        ),
      });
      await act(handle, intake, {
        kind: 'assignSurveyor',
        surveyorKind: 'municipal',
        surveyorName: '小川 健',
        surveyorLoginId: 'chosa',
      });

      const context = await browser.newContext({
        viewport: { width: 820, height: 1180 },
        isMobile: true,
        hasTouch: true,
        locale: 'ja-JP',
      });
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.fill('#loginId', 'chosa');
      await page.fill('#password', DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/login')),
        page.click('main button[type=submit]'),
      ]);

      const surveyPath = `/cases/${encodeURIComponent(workflowId)}/survey`;
      // the task reaches the read model a moment after the Update
      await page.goto(`${base}${surveyPath}`);
      await untilShown(page, 'main h1', '認定調査票');
      await check(page, '01-empty');

      // every choice is a touch target of at least 48px
      const heights = await page.$$eval('.choice-tile', (els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(200);
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(48);

      // 第1群 tapped, then 完了 too early: back with messages, nothing lost
      await page.tap('label[for="s1_3-2"]');
      await page.tap('label[for="s1_1"]');
      const complete = 'button[name=intent][value=complete]';
      await Promise.all([page.waitForNavigation(), page.click(complete)]);
      expect(await page.title()).toMatch(/^エラー/);
      expect(await page.locator('.error-summary').textContent()).toContain('2-1 移乗を選んでください');
      expect(await page.isChecked('#s1_3-2')).toBe(true);
      await check(page, '02-errors');

      // a draft keeps what is entered so far
      // the 特記事項 of an item opens under it
      await page.tap('details:has(#note_s1_3) summary');
      await page.fill('#note_s1_3', '柵につかまれば寝返りできる');
      await Promise.all([page.waitForNavigation(), page.click('button[name=intent][value=draft]')]);
      expect(await page.locator('.notice--success').textContent()).toContain('下書き保存');
      expect(await page.isChecked('#s1_3-2')).toBe(true);
      expect(await page.inputValue('#note_s1_3')).toBe('柵につかまれば寝返りできる');

      // every group, item by item: the first choice of each (1-3 kept as tapped), then the overview and the result
      for (const item of itemsOf(SURVEY_FORM)) {
        if (!(item.kind === 'single' || item.kind === 'multi') || item.key === 's1_3' || item.key === 's1_1') continue;
        await page.locator(`label[for="${item.key}"]`).tap();
      }
      await page.tap('label[for="s7_2-IIa"]');
      await page.fill('#surveyedOn', formatWareki(t));
      await page.fill('#surveyorName', '小川 健');
      await page.fill('#standardMinutes', '48.5');
      await check(page, '03-filled');
      await Promise.all([page.waitForNavigation(), page.click(complete)]);
      expect(await page.locator('.error-summary').allTextContents()).toEqual([]);
      expect(new URL(page.url()).pathname).toBe(`/cases/${encodeURIComponent(workflowId)}`);
      // the survey Update reached the case: its history shows the 基準時間 from the record
      await untilShown(page, 'main', '48.5分');
      await check(page, '04-case');

      const row = await db('case_documents').where({ workflow_id: workflowId, doc_kind: 'survey' }).first();
      expect(row).toMatchObject({ status: 'completed', version: 1 });
      expect(row.fed_at).not.toBeNull();

      await page.goto(`${base}/cases/${encodeURIComponent(workflowId)}/documents`);
      expect(await page.locator('main').textContent()).toContain('何かにつかまればできる');
      await check(page, '05-documents');
      await context.close();
    });
    expect(violations).toEqual([]);
  }, 300_000);
});
