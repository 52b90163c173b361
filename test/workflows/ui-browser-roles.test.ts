/**
 * Every role's day in a real browser, through the real forms, on the dev server with a worker: an office files a
 * 居宅届 for a client it picks and the 給付係 accepts it; the 認定係 receives that client's renewal at the counter
 * (refused once, then typed with full-width digits and a 和暦 date) and the 意見書; the 認定調査員 claims and records
 * the survey; the 審査会事務局 schedules the board and records the 二次判定; the office files a 代行申請 and reads the
 * お知らせ of the result (it is the client's plan office); the 係長 reads the dashboard, filters the audit log and
 * downloads its CSV. axe-core (WCAG 2 A and AA) on every page visited, as every role: 0 violations expected.
 * Screenshots go to test-artifacts/ui/ (git-ignored). Needs /usr/bin/chromium, like ui-browser.test.ts.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, formatWareki, formatWarekiShort, jstDateOf } from '../../domain/dates';
import { withTestWorker } from './temporal-env';
import { BrowserDay, CHROMIUM, boardDay, decisionDay, untilShown } from './ui-day';
import { useBrowserWorld } from './ui-world';

const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`ui-browser-roles: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const today = () => jstDateOf(Date.now());
const taskQueue = `ui-roles-${Date.now()}`;
const HANA = '0000100002'; // 松橋 ハナ: うきの里's client, her certification ends within the renewal window
const TARO = '0000100001'; // 宇城 太郎: うきの里's client
const FULL_WIDTH = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

maybe('every role through its day, 0 axe violations', () => {
  const world = useBrowserWorld({ today: today(), taskQueue });
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let day: BrowserDay;
  beforeAll(() => ({ env, db, day } = world));

  it('walks the office, 給付係, 認定係, 調査員, 審査会事務局 and 係長 through their forms', async () => {
    const t = today();
    await withTestWorker(env, db, taskQueue, async () => {
      // an office: its home, then a 居宅届 for a client picked from its list (name, kana and birth date filled in)
      const office = await day.logIn('ukinosato');
      await day.check(office, 'office-home');
      await day.visit(office, '/office/plan-notifications/new', 'office-plan-form');
      await day.submit(office, 'main form[method=post]');
      expect(await office.title()).toMatch(/^エラー/);
      await day.check(office, 'office-plan-errors');
      await office.selectOption('#pick-client', HANA);
      await day.submit(office, 'main form[method=get]');
      expect(await office.inputValue('[id="person.name"]')).toBe('松橋 ハナ');
      expect(await office.inputValue('[id="person.kana"]')).toBe('マツバセ ハナ');
      await office.check('#kind');
      await office.fill('#startDate', formatWarekiShort(addDays(t, -3)));
      await office.fill('[id="notifier.name"]', '松橋 ハナ');
      await office.check('[id="notifier.relation"]');
      await office.check('[id="identity.method"]');
      await office.fill('[id="identity.checkedBy"]', '宇土 明美');
      await office.fill('[id="identity.checkedOn"]', formatWareki(t));
      await day.submit(office, 'main form[method=post]');
      expect(office.url()).toMatch(/\/office\/plan-notifications\/[^/]+$/);
      const filingPath = new URL(office.url()).pathname.replace(/^\/office/, '');
      await day.check(office, 'office-plan-filed');

      // 給付係: the queue (in the menu), the filing, 審査開始, 受理
      const kyufu = await day.logIn('kyufu');
      expect(await kyufu.locator('nav a[href="/plan-notifications"]').count()).toBe(1);
      await day.visit(kyufu, '/plan-notifications', 'kyufu-queue');
      await day.visit(kyufu, filingPath, 'kyufu-plan');
      if (await kyufu.locator('form[action$="/review"]').count()) {
        await day.submit(kyufu, 'form[action$="/review"]');
        await day.check(kyufu, 'kyufu-plan-reviewing');
      }
      await kyufu.fill('#note', '書類確認済み');
      await day.submit(kyufu, 'form[action$="/accept"]');
      await untilShown(kyufu, 'main', '受理日');
      await day.check(kyufu, 'kyufu-plan-accepted');

      // 認定係: the inbox; the counter application refused once, then typed as people type it
      const nintei = await day.logIn('nintei');
      await day.check(nintei, 'nintei-inbox');
      await day.visit(nintei, '/applications/new', 'nintei-intake');
      await nintei.fill('#insuredNo', '');
      await day.submit(nintei);
      expect(await nintei.title()).toMatch(/^エラー/);
      expect(await nintei.locator('.error-summary').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
      await day.check(nintei, 'nintei-intake-errors');
      await nintei.fill('#insuredNo', FULL_WIDTH(HANA));
      await nintei.selectOption('#requestedType', 'renewal');
      await nintei.fill('#appliedOn', formatWareki(t));
      expect(await nintei.textContent('#appliedOn-wareki')).toMatch(/^令和/);
      await nintei.selectOption('#applicantKind', 'family');
      await nintei.fill('#applicantName', '松橋 一郎');
      await nintei.selectOption('#identityCheckMethod', 'マイナンバーカード');
      await nintei.fill('#doctorName', '宇土 誠');
      await nintei.fill('#doctorClinic', '宇城中央クリニック');
      await nintei.selectOption('#residenceKind', 'home');
      await nintei.check('#consentGiven');
      await nintei.fill('#consentDate', formatWarekiShort(t));
      await day.submit(nintei);
      expect(nintei.url()).toMatch(/\/cases\/cert-/);
      const casePath = new URL(nintei.url()).pathname;
      await day.check(nintei, 'nintei-case');
      await day.act(
        nintei,
        'assignSurveyor',
        { surveyorKind: 'municipal', surveyorLoginId: 'chosa' },
        'nintei-assigned',
      );
      await day.act(nintei, 'receiveOpinion', { receivedOn: formatWareki(t), dementia: 'IIa' }, 'nintei-opinion');

      // 認定調査員: picked by the 認定係, finds the survey already in their own inbox, sets the visit and records it
      const chosa = await day.logIn('chosa');
      await day.check(chosa, 'chosa-inbox');
      const row = chosa.locator('main tr', { hasText: '松橋 ハナ' }).first();
      expect(await row.textContent()).toContain('認定調査');
      expect(await row.textContent()).not.toContain('未割当');
      await day.visit(chosa, casePath, 'chosa-case');
      await day.act(chosa, 'scheduleSurvey', { visitOn: formatWarekiShort(t) }, 'chosa-scheduled');
      await day.act(
        chosa,
        'completeSurvey',
        {
          surveyedOn: formatWareki(t),
          standardMinutes: FULL_WIDTH('62'),
          dementia: 'IIa',
          specialNotes: '歩行時にふらつき',
        },
        'chosa-surveyed',
      );

      // 審査会事務局: the board and its 二次判定; the result follows on its own
      const shinsakai = await day.logIn('shinsakai');
      await day.check(shinsakai, 'shinsakai-inbox');
      await day.visit(shinsakai, casePath, 'shinsakai-case');
      await boardDay(day, shinsakai, {
        panel: '第1合議体',
        boardOn: formatWareki(t),
        finalLevel: 'care_2',
        months: '12',
      });
      // 認定係: the 処分, a human act of its own after the 二次判定; the notice follows
      await decisionDay(day, nintei, casePath);
      await untilShown(nintei, 'main table', '結果を通知しました');
      await day.check(nintei, 'nintei-notified');

      // the office: a 代行申請 for another client, then the お知らせ of 松橋 ハナ's result (her plan office)
      await day.visit(office, '/office/applications/new', 'office-application');
      await office.fill('#insuredNo', TARO);
      await office.selectOption('#requestedType', 'level_change');
      await office.fill('#appliedOn', formatWarekiShort(t));
      await office.fill('#levelChangeReason', '転倒が増え、介助量が増えたため');
      await office.fill('#applicantName', '宇土 明美');
      await office.selectOption('#identityCheckMethod', 'マイナンバーカード');
      await office.fill('#doctorName', '宇土 誠');
      await office.fill('#doctorClinic', '宇城中央クリニック');
      await office.selectOption('#residenceKind', 'home');
      await office.check('#consentGiven');
      await office.fill('#consentDate', formatWarekiShort(t));
      await day.submit(office);
      expect(office.url()).toMatch(/\/office\/cases\/cert-/);
      await day.check(office, 'office-proxy-case');
      await day.visit(office, '/office/tasks', 'office-notices');
      const notice = office.locator('main li', { hasText: '認定結果が出ました' });
      expect(await notice.textContent()).toContain('松橋 ハナ');
      await Promise.all([office.waitForNavigation(), notice.locator('a').click()]);
      expect(await office.textContent('h1')).toContain('松橋 ハナ');
      await day.check(office, 'office-result-case');

      // 係長: the dashboard, the audit log filtered by user, action and date, and its CSV
      const kakaricho = await day.logIn('kakaricho');
      await day.visit(kakaricho, '/dashboard', 'kakaricho-dashboard');
      await day.visit(kakaricho, '/audit', 'kakaricho-audit');
      await kakaricho.fill('#user', 'shinsakai');
      await kakaricho.selectOption('#action', 'case.recordSecondaryJudgement');
      await kakaricho.fill('#from', formatWarekiShort(t));
      await day.submit(kakaricho, 'form.filters');
      const rows = kakaricho.locator('main table tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('認定: 二次判定の登録');
      await day.check(kakaricho, 'kakaricho-audit-filtered');
      const csvHref = await kakaricho.locator('a', { hasText: 'CSV' }).getAttribute('href');
      const csv = await kakaricho.context().request.get(`${day.base}${csvHref}`);
      expect(csv.headers()['content-type']).toMatch(/text\/csv/);
      expect(await csv.text()).toContain('二次判定の登録');
      await day.visit(kakaricho, `${casePath}/history`, 'kakaricho-history');
    });
    expect(day.violations).toEqual([]);
  }, 300_000);
});
