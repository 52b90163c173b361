/**
 * Every role's day in a real browser, with axe-core (WCAG 2 A and AA) on every page visited: 0 violations expected.
 * The app runs on the real dev server with a worker, so the forms post for real. Screenshots go to
 * test-artifacts/ui/ (git-ignored). Needs /usr/bin/chromium, like ui-browser.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoBirthDate } from '../../db/seeds/demo';
import { addDays, formatWarekiShort, jstDateOf } from '../../domain/dates';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';
import { attachTestEnv, withTestWorker } from './temporal-env';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'ui');
const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-browser-roles: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const today = () => jstDateOf(Date.now());
const taskQueue = `ui-roles-${Date.now()}`;

maybe('every role through its day, 0 axe violations', () => {
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let cleanup: () => Promise<void>;
  let server: Server;
  let base: string;
  let browser: Browser;
  const violations: string[] = [];
  let shot = 0;

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
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup?.();
  });

  /** axe on the page as it stands, and a screenshot; violations are collected so one run lists them all. */
  async function check(page: Page, name: string): Promise<void> {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of result.violations)
      violations.push(
        `${name} ${new URL(page.url()).pathname}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    shot += 1;
    await page.screenshot({
      path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  }

  async function logIn(loginId: string): Promise<Page> {
    // one context per user (axe needs a page made from a context): each keeps its own session cookie
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await check(page, 'login');
    await page.fill('#loginId', loginId);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
    return page;
  }

  async function visit(page: Page, url: string, name: string): Promise<void> {
    await page.goto(`${base}${url}`);
    await check(page, name);
  }

  async function submit(page: Page): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click('main form.form button[type=submit]')]);
  }

  it('walks 認定係, 調査員, 審査会事務局, 給付係, 係長 and an office with 0 violations', async () => {
    await withTestWorker(env, db, taskQueue, async () => {
      // 認定係: the inbox, an empty intake post (errors), then an application with 和暦 dates
      const nintei = await logIn('nintei');
      await visit(nintei, '/tasks', 'nintei-inbox');
      await visit(nintei, '/applications/new', 'nintei-intake');
      await nintei.fill('#insuredNo', '');
      await submit(nintei);
      await check(nintei, 'nintei-intake-errors');
      await nintei.fill('#insuredNo', '0000100003');
      await nintei.selectOption('#requestedType', 'new');
      await nintei.fill('#appliedOn', formatWarekiShort(today()));
      expect(await nintei.textContent('#appliedOn-wareki')).toMatch(/^令和/);
      await nintei.selectOption('#applicantKind', 'family');
      await nintei.fill('#applicantName', '小川 花子');
      await nintei.selectOption('#identityCheckMethod', 'マイナンバーカード');
      await nintei.fill('#doctorName', '宇土 医師');
      await nintei.fill('#doctorClinic', '宇城クリニック');
      await nintei.selectOption('#residenceKind', 'home');
      await nintei.check('#consentGiven');
      await nintei.fill('#consentDate', today());
      await submit(nintei);
      expect(nintei.url()).toMatch(/\/cases\/cert-/);
      const casePath = new URL(nintei.url()).pathname;
      await check(nintei, 'nintei-case');
      await visit(nintei, '/cases', 'nintei-cases');
      await visit(nintei, '/persons', 'nintei-persons');
      await visit(nintei, '/persons/0000100003', 'nintei-person');

      // 認定調査員, 審査会事務局: their inbox and the case with the action forms they may use
      const chosa = await logIn('chosa');
      await visit(chosa, '/tasks', 'chosa-inbox');
      await visit(chosa, casePath, 'chosa-case');
      const shinsakai = await logIn('shinsakai');
      await visit(shinsakai, '/tasks', 'shinsakai-inbox');
      await visit(shinsakai, casePath, 'shinsakai-case');

      // an office: its home, a 代行申請 form, a 居宅届 filed with a 和暦 birth date, and its client's page
      const office = await logIn('ukinosato');
      await visit(office, '/office', 'office-home');
      await visit(office, '/office/applications/new', 'office-application');
      await visit(office, '/office/plan-notifications/new', 'office-plan-form');
      await submit(office);
      await check(office, 'office-plan-errors');
      await office.check('#kind');
      await office.fill('[id="person.insuredNo"]', '0000100002');
      await office.fill('[id="person.name"]', '松橋 ハナ');
      await office.fill('[id="person.kana"]', 'マツバセ ハナ');
      await office.fill('[id="person.birthDate"]', formatWarekiShort(demoBirthDate(today(), '0000100002')));
      await office.fill('#startDate', addDays(today(), -3));
      await office.fill('[id="notifier.name"]', '宇土 明美');
      await office.check('[id="notifier.relation"]');
      await office.check('[id="identity.method"]');
      await office.check('[id="identity.proxyAuthority"]');
      await office.fill('[id="identity.checkedBy"]', '宇土 明美');
      await office.fill('[id="identity.checkedOn"]', today());
      await submit(office);
      expect(office.url()).toMatch(/\/office\/plan-notifications\/[^/]+$/);
      await check(office, 'office-plan-detail');
      await visit(office, '/office/plan-notifications', 'office-plan-list');
      await visit(office, '/office/tasks', 'office-tasks');

      // 給付係: the 居宅届 queue and the filing
      const kyufu = await logIn('kyufu');
      await visit(kyufu, '/plan-notifications', 'kyufu-queue');
      const first = kyufu.locator('main table a').first();
      if (await first.count()) {
        await Promise.all([kyufu.waitForNavigation(), first.click()]);
        await check(kyufu, 'kyufu-plan');
      }

      // 係長: the dashboard, the audit log and a case history
      const kakaricho = await logIn('kakaricho');
      await visit(kakaricho, '/dashboard', 'kakaricho-dashboard');
      await visit(kakaricho, '/audit', 'kakaricho-audit');
      await visit(kakaricho, `${casePath}/history`, 'kakaricho-history');
    });
    expect(violations).toEqual([]);
  }, 360_000);
});
