/**
 * A notice as printed: chromium (playwright-core) lays a stored notice out for print (A4, print media) and the test
 * measures where the addressee block falls on the sheet. On A4 folded in three (99 mm panels) into a 長形3号 window
 * envelope, the block must sit in the top panel, clear of the sender, and hold a long address without overflowing.
 * The screenshot and the PDF go to test-artifacts/notices/ (git-ignored). Needs /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Browser } from 'playwright-core';
import { createCertificationActivities } from '../../activities/certification';
import { createRepositories } from '../../db';
import { CHROMIUM } from '../workflows/ui-day';
import { insertCase, tempDb } from './helpers';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`notice-print: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);
jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'notices');
const PX_PER_MM = 96 / 25.4;

maybe('a notice printed on A4 for a window envelope', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-P1',
      insuredNo: '0000100004',
      appliedOn: '2026-10-01',
      dueOn: '2026-10-31',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await cleanup?.();
  });

  it('puts the addressee in the window of the top panel, the sender beside it, and fits one page', async () => {
    // the longest demo address (方書 and room number)
    const acts = createCertificationActivities({ repos: createRepositories(db) });
    const id = await acts.issueCertificationNotice({
      workflowId: 'cert-432130-P1',
      insurerNo: '432130',
      insuredNo: '0000100004',
      key: 'postponement-1',
      kind: 'postponement',
      title: '介護保険要介護認定・要支援認定延期通知書',
      template: 'postponement',
      data: {
        applicationNo: 'A-1',
        appliedOn: '2026-10-01',
        type: 'new',
        issuedOn: '2026-10-28',
        n: 1,
        dueOn: '2026-10-31',
        expectedDecisionOn: '2026-11-20',
        reason: 'opinion_missing',
      },
      issuedAt: '2026-10-28T01:00:00.000Z',
    });
    const { html } = await db('notices').where({ id }).first('html');
    const page = await browser.newPage({
      viewport: { width: Math.round(210 * PX_PER_MM), height: Math.round(297 * PX_PER_MM) },
    });
    await page.route('**/*', (r) => r.abort()); // the print script is not needed to lay the page out
    await page.setContent(html);
    await page.emulateMedia({ media: 'print' });
    const mm = (n: number) => Math.round((n / PX_PER_MM) * 10) / 10;
    const box = async (selector: string) => {
      const b = (await page.locator(selector).boundingBox())!;
      return { left: mm(b.x), top: mm(b.y), right: mm(b.x + b.width), bottom: mm(b.y + b.height) };
    };
    const window = await box('.address-window');
    const sender = await box('.sender');
    const name = await box('.address-window .name');
    const main = await box('main');
    // the block is where the envelope's window shows it: 20 mm from the top, 25 mm from the left, 85 × 40 mm
    expect(window).toEqual({ left: 25, top: 20, right: 110, bottom: 60 });
    // its text stays inside it (a long address does not push the name out of the window)
    expect(name.bottom).toBeLessThanOrEqual(window.bottom);
    const overflow = await page.locator('.address-window').evaluate((e) => e.scrollHeight > e.clientHeight);
    expect(overflow).toBe(false);
    // the sender is beside it, not under the window; the body starts below both, in the first panel's lower part
    expect(sender.left).toBeGreaterThanOrEqual(window.right);
    expect(main.top).toBeGreaterThan(Math.max(window.bottom, sender.bottom));
    expect(window.bottom).toBeLessThan(99); // above the first fold
    // nothing on screen only is printed
    expect(await page.locator('.print-bar').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'postponement-print.png'), fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'postponement.pdf'), pdf);
    const text = pdf.toString('latin1');
    expect(text.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    // A4 in points: 595 × 842
    const [, w, h] = /\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/.exec(text)!;
    expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842]);
  });
});
