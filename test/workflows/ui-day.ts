/**
 * What the browser suite does as a person would: log in, open a page, run axe-core (WCAG 2 A and AA) on it and keep a
 * screenshot, fill a form and post it. One browser; one context per user (each keeps its own session cookie).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'ui');

export class BrowserDay {
  /** axe violations of every page visited, `<shot> <path>: <rule> (<targets>)`; the suite expects none. */
  readonly violations: string[] = [];
  private shot = 0;
  private loginChecked = false;

  constructor(
    private readonly browser: Browser,
    readonly base: string,
  ) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }

  /** axe on the page as it stands, and a numbered screenshot in test-artifacts/ui/. */
  async check(page: Page, name: string): Promise<void> {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of result.violations)
      this.violations.push(
        `${name} ${new URL(page.url()).pathname}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    this.shot += 1;
    await page.screenshot({
      path: path.join(ARTIFACTS, `${String(this.shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  }

  async logIn(loginId: string): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${this.base}/login`);
    // the login page is the same for everyone: axe once is enough (each check costs seconds on this machine)
    if (!this.loginChecked) await this.check(page, 'login');
    this.loginChecked = true;
    await page.fill('#loginId', loginId);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.click('main button[type=submit]'),
    ]);
    return page;
  }

  async visit(page: Page, url: string, name: string): Promise<void> {
    await page.goto(`${this.base}${url}`);
    await this.check(page, name);
  }

  /** Posts the page's main form (or the form given) and waits for the page it leads to (post/redirect/get). */
  async submit(page: Page, form = 'main form.form'): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
  }

  /**
   * One action on a case page, through its form (web/routes/caseworker/case-actions: field ids `<kind>-<name>`):
   * text and dates filled, selects chosen; then the page it comes back to is checked, and must show no error.
   */
  async act(page: Page, kind: string, values: Record<string, string>, name: string): Promise<void> {
    const form = `form[action$="/actions/${kind}"]`;
    for (const [field, value] of Object.entries(values)) {
      const el = page.locator(`[id="${kind}-${field}"]`);
      if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
      else await el.fill(value);
    }
    await this.submit(page, form);
    const failed = await page.locator('.error-summary').allTextContents();
    if (failed.length) throw new Error(`${kind}: ${failed.join(' ')}`);
    await this.check(page, name);
  }
}

/** 審査会事務局: the board date, then the 二次判定; the 処分 is the 認定係's (decisionDay). */
export async function boardDay(
  day: BrowserDay,
  page: Page,
  o: { panel: string; boardOn: string; finalLevel: string; months: string },
): Promise<void> {
  await day.act(page, 'scheduleBoard', { panel: o.panel, boardOn: o.boardOn }, 'shinsakai-board-scheduled');
  await day.act(
    page,
    'recordSecondaryJudgement',
    { finalLevel: o.finalLevel, months: o.months, careNotes: '転倒に注意' },
    'shinsakai-judged',
  );
}

/** 認定係: the 処分 (決定) on the case page, which issues the 結果通知書 (today's date when left blank). */
export async function decisionDay(day: BrowserDay, page: Page, casePath: string): Promise<void> {
  await day.visit(page, casePath, 'nintei-decision');
  await day.act(page, 'decide', {}, 'nintei-decided');
}

/** Reloads the page until `text` shows in the selector (the workflow's automatic steps follow an Update). */
export async function untilShown(page: Page, selector: string, text: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (((await page.locator(selector).allTextContents()).join(' ') ?? '').includes(text)) return;
    if (Date.now() > until) throw new Error(`「${text}」 did not show in ${selector} on ${page.url()}`);
    await page.waitForTimeout(300);
    await page.reload();
  }
}
