/**
 * 証書の更新確認 in a real browser: a care office reads its client's page, the 給付係 corrects the client's 負担割合 on
 * the 台帳 form (refused once, in Japanese), and the office sees 「更新あり」 with the old and the new value, once.
 * axe-core (WCAG 2 A and AA) on every page visited. Screenshots in test-artifacts/ui/ (git-ignored). Needs
 * /usr/bin/chromium, like ui-browser-roles.test.ts. The register needs no workflow: the server is the web app alone.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import { jstDateOf } from '../../domain/dates';
import { copayPeriodOf } from '../../domain/register/periods';
import { BrowserDay, CHROMIUM, untilShown } from './ui-day';
import { useBrowserWorld } from './ui-world';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-register-update: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const today = () => jstDateOf(Date.now());
const TARO = '0000100001'; // 宇城 太郎: うきの里's consenting client, 1割 in the seed

maybe('a caseworker corrects a 負担割合, the office sees 更新あり', () => {
  const world = useBrowserWorld({ today: today(), taskQueue: `ui-register-${Date.now()}` });
  let db: Knex;
  let day: BrowserDay;
  beforeAll(() => ({ db, day } = world));

  it('the office reads, the 給付係 corrects 1割 to 2割, the office sees 更新あり with both values once', async () => {
    const period = copayPeriodOf(today());
    const office = await day.logIn('ukinosato');
    await day.visit(office, `/office/persons/${TARO}`, 'update-office-before');
    expect(await office.locator('main').innerText()).not.toContain('更新あり');

    const kyufu = await day.logIn('kyufu');
    await day.visit(kyufu, `/persons/${TARO}/register`, 'update-kyufu-register');
    await kyufu.click(`main a[href="/persons/${TARO}/register/certificates/copay"]`);
    await kyufu.waitForURL((u) => u.pathname.endsWith('/register/certificates/copay'));
    await day.check(kyufu, 'update-kyufu-form');
    // refused once: no reason given
    await kyufu.check('input[name=value][value="2"]');
    const dateInput = (await kyufu.getAttribute('#validFrom', 'type')) === 'date';
    await kyufu.fill('#validFrom', dateInput ? period.from : '令和8年8月1日');
    await day.submit(kyufu, 'main form[method=post]');
    await untilShown(kyufu, 'main', '記録・訂正の理由を入力してください');
    await day.check(kyufu, 'update-kyufu-form-errors');
    await kyufu.fill('#reason', '所得更正による再判定');
    await day.submit(kyufu, 'main form[method=post]');
    expect(new URL(kyufu.url()).pathname).toBe(`/persons/${TARO}/register`);
    await untilShown(kyufu, 'main', '負担割合証を記録しました');
    await day.check(kyufu, 'update-kyufu-recorded');

    await day.visit(office, `/office/persons/${TARO}`, 'update-office-after');
    const seen = await office.locator('main').innerText();
    expect(seen).toContain('更新あり');
    expect(seen).toMatch(/1割（R\d+\.8\.1〜R\d+\.7\.31）\s*2割/);
    await day.visit(office, `/office/persons/${TARO}`, 'update-office-again');
    expect(await office.locator('main').innerText()).not.toContain('更新あり');
    expect(await db('audit_log').where({ action: 'register.certificate', target: `person:${TARO}` })).toHaveLength(1);
    expect(day.violations).toEqual([]);
  }, 180_000);
});
