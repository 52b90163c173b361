/**
 * Issue 15 in a real browser: an office registers a person as 担当事業所 by マイナンバーカード (the CardReader test
 * double) and by 被保険者番号 + 保険者番号 + 生年月日 (typed in 和暦), then opens the person's page; the person's own view
 * /me (a wrong check answers the one neutral message; the own application's stage, the result and the certificates);
 * and みすみ苑's カード預かり管理簿 on the demo data (one card already 返却遅れ): a deposit, a take-out that becomes
 * overdue, and its return. axe-core (WCAG 2 A and AA) on every page visited; screenshots in test-artifacts/ui/
 * (git-ignored). Needs /usr/bin/chromium, like ui-browser.test.ts. No workflow runs: the server is the web app alone.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { recordProgress } from '../../db/read-model';
import { DEMO_FACILITY, DEMO_INSURER_NO, demoBirthDate } from '../../db/seeds/demo';
import { jstInstant } from '../../domain/custody/rules';
import { addDays, formatWareki, jstDateOf } from '../../domain/dates';
import { IDENTITY_REFUSAL } from '../../domain/registration/rules';
import { FixedCardReader } from '../../lib/card-reader';
import { SELF_IDENTITY_REFUSAL } from '../../web/services/self-view';
import { BrowserDay, CHROMIUM } from './ui-day';
import { useBrowserWorld } from './ui-world';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-access: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const TODAY = jstDateOf(Date.now());
const TARO = '0000100001'; // 宇城 太郎: うきの里's client, consent given; しらぬい registers him by card
const MITSU = '0000100006'; // 不知火 ミツ: しらぬい's client, 要介護4, 2割, 第3段階②; 地域包括 registers her by ①
const SADAO = '0000100011'; // 大岳 定雄: みすみ苑's resident whose card it does not keep yet
const mainText = (page: Page) => page.locator('main').innerText();

maybe('issue 15 in the browser: 担当事業所登録, 本人の閲覧, カード預かり管理簿', () => {
  /** The custody clock (services.now): 10:00 today in Japan, moved on by the take-out test. */
  let clock = Date.parse(jstInstant(TODAY, '10:00'));
  const world = useBrowserWorld({
    today: TODAY,
    taskQueue: null,
    prepare: async (db) => {
      const person = (no: string) => db('insured_persons').where({ insured_no: no }).first();
      const [taro, mitsu] = await Promise.all([person(TARO), person(MITSU)]);
      const front = (p: Record<string, string>) => ({
        name: p.name,
        address: p.address,
        birthDate: p.birth_date,
        sex: p.sex as '1' | '2',
      });
      const cardReader = new FixedCardReader({
        'reading-taro': front(taro),
        'reading-mitsu': front(mitsu),
        // a card of someone not in the register (or moved out): the same answer as every other failure
        'reading-stranger': { name: '知らない 人', address: '熊本県八代市', birthDate: '1941-02-03', sex: '1' },
      });
      await seedMitsuCases(db);
      return { cardReader, now: () => clock };
    },
  });
  let db: Knex;
  let day: BrowserDay;
  beforeAll(() => ({ db, day } = world));
  afterEach(() => expect(day.violations).toEqual([]));

  /** The registration form, filled for one of the two ways and posted. */
  async function register(page: Page, how: { reading: string } | { insuredNo: string; birthDate: string }) {
    if ('reading' in how) {
      await page.check('input[name=method][value=my_number_card]');
      await page.fill('#readingId', how.reading);
    } else {
      await page.check('input[name=method][value=insured_card]');
      await page.fill('#insuredNo', how.insuredNo);
      await page.fill('#insurerNo', DEMO_INSURER_NO);
      await page.fill('#birthDate', how.birthDate);
    }
    await day.submit(page);
  }

  it('an office registers a person by マイナンバーカード, another by 被保険者証 items in 和暦, and sees each', async () => {
    const shiranui = await day.logIn('shiranui');
    const closed = await shiranui.goto(`${day.base}/office/persons/${TARO}`);
    expect(closed?.status()).toBeGreaterThanOrEqual(400);
    expect(await mainText(shiranui)).not.toContain('宇城 太郎');

    await day.visit(shiranui, '/office/registrations', 'reg-form');
    // a card that matches nobody: the one message, nothing registered
    await register(shiranui, { reading: 'reading-stranger' });
    expect(await shiranui.locator('.error-summary').innerText()).toContain(IDENTITY_REFUSAL);
    await day.check(shiranui, 'reg-card-refused');
    await register(shiranui, { reading: 'reading-taro' });
    expect(await shiranui.locator('[role=status]').innerText()).toContain('担当事業所として登録しました');
    const row = shiranui.locator('main table tbody tr', { hasText: TARO });
    expect(await row.innerText()).toMatch(/宇城 太郎\s+登録中\s+マイナンバーカード\s+令和\d+年\d+月\d+日/);
    await day.check(shiranui, 'reg-card-registered');
    await Promise.all([shiranui.waitForNavigation(), row.locator(`a[href="/office/persons/${TARO}"]`).click()]);
    expect(await mainText(shiranui)).toContain('宇城 太郎');
    await day.check(shiranui, 'reg-card-person');

    // ① 被保険者番号 + 保険者番号 + 生年月日, the birth date as an office types it: 和暦
    const houkatsu = await day.logIn('houkatsu');
    await day.visit(houkatsu, '/office/registrations', 'reg-form-houkatsu');
    const birth = demoBirthDate(TODAY, MITSU);
    await register(houkatsu, { insuredNo: MITSU, birthDate: formatWareki(addDays(birth, 1)) });
    expect(await houkatsu.locator('.error-summary').innerText()).toContain(IDENTITY_REFUSAL);
    await register(houkatsu, { insuredNo: MITSU, birthDate: formatWareki(birth) });
    expect(await houkatsu.locator('[role=status]').innerText()).toContain('担当事業所として登録しました');
    await day.check(houkatsu, 'reg-insured-card-registered');
    await Promise.all([houkatsu.waitForNavigation(), houkatsu.click(`main a[href="/office/persons/${MITSU}"]`)]);
    const seen = await mainText(houkatsu);
    expect(seen).toContain('不知火 ミツ');
    expect(seen).toContain('要介護4');
    await day.check(houkatsu, 'reg-insured-card-person');

    // the method is recorded with each registration (しらぬい by card, 地域包括 by the 被保険者証 items)
    const method = async (officeNo: string, insuredNo: string) =>
      (await db('office_registrations').where({ office_no: officeNo, insured_no: insuredNo, status: 'active' }).first())
        ?.method;
    expect(await method('4370100037', TARO)).toBe('my_number_card');
    expect(await method('4370100029', MITSU)).toBe('insured_card');
    expect(await db('audit_log').where({ action: 'registration.refused' })).toHaveLength(2);
  }, 150_000);

  it('/me: a wrong check answers the one neutral message; the right one shows the own stage, result, 証', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const me = await context.newPage();
    await day.visit(me, '/me', 'me-form');
    const birth = demoBirthDate(TODAY, MITSU);
    // another person's number with her birth date, then an unknown card: the same words, nothing of anyone
    await me.fill('#insuredNo', TARO);
    await me.fill('#insurerNo', DEMO_INSURER_NO);
    await me.fill('#birthDate', formatWareki(birth));
    await day.submit(me);
    expect(await me.locator('#identity-error').innerText()).toBe(SELF_IDENTITY_REFUSAL);
    expect(await mainText(me)).not.toMatch(/宇城 太郎|不知火 ミツ/);
    await day.check(me, 'me-refused');
    await me.check('input[name=method][value=my_number_card]');
    await me.fill('#readingId', 'reading-stranger');
    await day.submit(me);
    expect(await me.locator('#identity-error').innerText()).toBe(SELF_IDENTITY_REFUSAL);

    await me.check('input[name=method][value=insured_card]');
    await me.fill('#insuredNo', MITSU);
    await me.fill('#birthDate', formatWareki(birth));
    await day.submit(me);
    expect(new URL(me.url()).pathname).toBe('/me');
    const view = await mainText(me);
    expect(view).toContain('不知火 ミツ');
    expect(view).toMatch(/区分変更\s+令和\d+年\d+月\d+日\s+調査・意見書（決定の目安 令和\d+年\d+月\d+日）/);
    expect(view).toMatch(/新規\s+令和\d+年\d+月\d+日\s+結果通知済\s+令和\d+年\d+月\d+日\s+要介護4/);
    expect(view).toContain('2割');
    expect(view).toContain('第3段階②');
    expect(view).not.toMatch(/宇城 太郎|0000100001/);
    await day.check(me, 'me-view');

    // ② the card, in a fresh session; then 終了する ends it
    const card = await (await world.browser.newContext({ locale: 'ja-JP' })).newPage();
    await card.goto(`${day.base}/me`);
    await card.check('input[name=method][value=my_number_card]');
    await card.fill('#readingId', 'reading-mitsu');
    await day.submit(card);
    expect(await mainText(card)).toContain('第3段階②');
    await Promise.all([card.waitForNavigation(), card.click('form[action="/me/logout"] button')]);
    expect(await mainText(card)).toContain('本人確認の方法');
    expect(await db('audit_log').where({ action: 'self.identify.failed' })).toHaveLength(2);
    await context.close();
  }, 120_000);

  it('みすみ苑: the demo register flags the overdue card; a deposit, a take-out that runs late, its return', async () => {
    const sodan = await day.logIn('misumi-sodan');
    await day.visit(sodan, '/office/custody', 'custody-list');
    expect(await sodan.locator('[role=alert]').innerText()).toContain('返却遅れのカードが1件あります');
    const late = sodan.locator('main table tbody tr', { hasText: DEMO_FACILITY.overdue });
    expect(await late.innerText()).toMatch(/赤瀬 スエ[\s\S]*持出中\s*返却遅れ/);

    await Promise.all([sodan.waitForNavigation(), sodan.click('main a[href="/office/custody/new"]')]);
    await day.check(sodan, 'custody-new');
    await sodan.selectOption('#insuredNo', SADAO);
    await sodan.check('input[name=depositorKind][value=family]');
    await sodan.fill('#depositorName', '大岳 春子');
    await sodan.fill('#agreementRef', '預かり証 第15号');
    await sodan.fill('#agreedOn', formatWareki(addDays(TODAY, -1)));
    await sodan.fill('#startedOn', formatWareki(TODAY));
    await day.submit(sodan);
    expect(new URL(sodan.url()).pathname).toBe(`/office/custody/persons/${SADAO}`);
    expect(await sodan.locator('[role=status]').innerText()).toContain('カードの預かりを登録しました');
    expect(await mainText(sodan)).toContain('保管中');
    await day.check(sodan, 'custody-deposited');

    // the take-out: back at 11:30, recorded at 10:00
    await sodan.selectOption('#purpose', 'medical_visit');
    await sodan.fill('#purposeNote', '宇城ひかり病院 歯科');
    await sodan.fill('#returnDate', formatWareki(TODAY));
    await sodan.fill('#returnTime', '11:30');
    await day.submit(sodan, `form[action$="/take-out"]`);
    expect(await sodan.locator('[role=status]').innerText()).toContain('カードの持ち出しを記録しました');
    expect(await mainText(sodan)).toMatch(/受診（医療機関での資格確認）\s+宇城ひかり病院 歯科[\s\S]*未返却\s+持出中/);
    await day.check(sodan, 'custody-taken-out');

    clock = Date.parse(jstInstant(TODAY, '12:00'));
    await day.visit(sodan, '/office/custody', 'custody-list-late');
    expect(await sodan.locator('[role=alert]').innerText()).toContain('返却遅れのカードが2件あります');
    expect(await sodan.locator('main table tbody tr', { hasText: SADAO }).innerText()).toMatch(/持出中\s*返却遅れ/);

    await Promise.all([sodan.waitForNavigation(), sodan.click(`main a[href="/office/custody/persons/${SADAO}"]`)]);
    await day.submit(sodan, `form[action$="/return"]`);
    expect(await sodan.locator('[role=status]').innerText()).toContain('カードの返却を記録しました');
    expect(await mainText(sodan)).toContain('返却遅れ（返却済み）');
    await day.check(sodan, 'custody-returned');
    await day.visit(sodan, '/office/custody', 'custody-list-after');
    expect(await sodan.locator('[role=alert]').innerText()).toContain('返却遅れのカードが1件あります');
    const actions = await db('audit_log').where('action', 'like', 'custody.%').pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['custody.start', 'custody.take_out', 'custody.return']));
  }, 150_000);
});

/** 不知火 ミツ's own cases for /me: a 新規 decided and notified last year, a 区分変更 at the survey now. */
async function seedMitsuCases(db: Knex): Promise<void> {
  const person = await db('insured_persons').where({ insured_no: MITSU }).first();
  const base = { insurer_no: DEMO_INSURER_NO, insured_no: MITSU, case_kind: 'certification', filed_by_office_no: null };
  await recordProgress(db, {
    workflowId: `cert-${DEMO_INSURER_NO}-UIME1`,
    seq: 1,
    occurredAt: `${person.cert_valid_from}T01:00:00.000Z`,
    case: {
      ...base,
      application_no: 'UIME1',
      application_type: 'new',
      applied_on: person.cert_valid_from,
      stage: 'notified',
      status: 'closed',
      due_on: addDays(person.cert_valid_from, 30),
      final_level: 'care_4',
      valid_from: person.cert_valid_from,
      valid_to: person.cert_valid_to,
      summary: { decidedOn: addDays(person.cert_valid_from, 28) },
    },
    openTasks: [],
  });
  await recordProgress(db, {
    workflowId: `cert-${DEMO_INSURER_NO}-UIME2`,
    seq: 1,
    occurredAt: `${addDays(TODAY, -10)}T01:00:00.000Z`,
    case: {
      ...base,
      application_no: 'UIME2',
      application_type: 'level_change',
      applied_on: addDays(TODAY, -10),
      stage: 'investigating',
      status: 'open',
      due_on: addDays(TODAY, 20),
      summary: { opinionRequestedOn: addDays(TODAY, -9) },
    },
    openTasks: [],
  });
}
