/**
 * The office pages on the house pattern: the case page says whose case it is and shows what happened; お知らせ are
 * listed apart; the 代行申請 and 居宅届 forms come back by post/redirect/get; the 居宅届 form marks its required fields,
 * offers the office's own clients, checks a repeated filing and the birth date of a client the office serves (with
 * full-width digits typed), and 取下げ asks for a reason first. No Temporal: the 居宅届 commands are recorded.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { addDays } from '../../domain/dates';
import type { PlanFiling } from '../../domain/plan-notification/types';
import { PlanNotificationService } from '../../web/services/plan-notification';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';

const UKINOSATO = '4370100011';
const CLIENT = '0000100002';
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe('office pages', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let birthDate: string;
  const filed: { requestId: string; filing: PlanFiling }[] = [];
  const withdrawn: { filingNo: string; reason: string | null }[] = [];

  /** An earlier 居宅届 of うきの里 for the client, as the read model holds it. */
  async function earlierFiling(filingNo: string, f: { stage: string; status: 'open' | 'closed'; startDate: string }) {
    const filing = {
      kind: 'new',
      person: { insuredNo: CLIENT, name: '松橋 ハナ', kana: 'マツバセ ハナ', birthDate },
      startDate: f.startDate,
      writtenOn: null,
      change: null,
      notifier: { name: '宇土 明美', relation: 'care_manager', phone: null },
      identity: { method: 'my_number_card', documents: [], proxy: null, checkedBy: '宇土 明美', checkedOn: TODAY },
    };
    const round = {
      n: 1,
      filing,
      office: { officeNo: UKINOSATO, name: 'うきの里', kind: 'home_care_support' },
      filedBy: '宇土 明美',
      submittedAt: `${TODAY}T01:00:00.000Z`,
      receivedOn: TODAY,
      warnings: [],
      personLevel: 'care_2',
      dateBasis: 'received',
      reviewStartedAt: null,
      reviewedBy: null,
    };
    await insertCase(db, {
      workflowId: `plan-432130-${filingNo}`,
      caseKind: 'plan_notification',
      insuredNo: CLIENT,
      applicationNo: filingNo,
      appliedOn: TODAY,
      dueOn: TODAY,
      stage: f.stage,
      status: f.status,
      filedByOfficeNo: UKINOSATO,
      summary: { filingNo, rounds: [round], acceptedOn: f.stage === 'accepted' ? TODAY : null, startDate: f.startDate },
    });
  }

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    birthDate = (await db('insured_persons').where({ insured_no: CLIENT }).first()).birth_date;
    const noTemporal = new Proxy(
      {},
      {
        get: () => {
          throw new Error('Temporal must not be called');
        },
      },
    ) as Client;
    const real = new PlanNotificationService({ repos: createRepositories(db), client: noTemporal, taskQueue: 'none' });
    const plans = Object.assign(Object.create(real), {
      file: async (_actor: unknown, requestId: string, filing: PlanFiling) => {
        filed.push({ requestId, filing });
        return { workflowId: `plan-432130-${requestId}`, filingNo: requestId };
      },
      withdraw: async (_actor: unknown, filingNo: string, _requestId: string, reason: string | null) => {
        withdrawn.push({ filingNo, reason });
        return { workflowId: `plan-432130-${filingNo}`, filingNo };
      },
    });
    app = appOf(servicesWith(db, { planNotification: plans }));
    await insertCase(db, {
      workflowId: 'cert-432130-OFC-1',
      insuredNo: CLIENT,
      type: 'renewal',
      appliedOn: addDays(TODAY, -20),
      dueOn: addDays(TODAY, 10),
      stage: 'primary_judged',
      filedByOfficeNo: UKINOSATO,
      summary: {
        surveyVisitOn: addDays(TODAY, -12),
        surveyCompletedOn: addDays(TODAY, -10),
        opinionRequestedOn: addDays(TODAY, -20),
        opinionReceivedOn: addDays(TODAY, -5),
        board: { panel: '第1合議体', boardOn: addDays(TODAY, 3) },
      },
      tasks: [
        {
          key: 'office-postponement-1',
          type: 'office_notice',
          title: '延期通知が発行されました',
          candidateRole: 'office_staff',
          dueOn: TODAY,
          officeNo: UKINOSATO,
        },
      ],
    });
  });
  afterAll(async () => {
    await cleanup();
  });

  it("the case page is headed with the person's name and 申請区分, links to the person and shows the actual dates", async () => {
    const office = await loginAs(app, 'ukinosato');
    const res = await office.get('/office/cases/cert-432130-OFC-1').expect(200);
    expect(
      await db('audit_log').where({ action: 'case.view', target: 'case:cert-432130-OFC-1' }).whereNotNull('login_id'),
    ).not.toHaveLength(0);
    expect(res.text).toMatch(/<h1>松橋 ハナ 様の更新申請（認定の進捗）<\/h1>/);
    expect(res.text).toContain(`href="/office/persons/${CLIENT}"`);
    // 調査実施日 is the completed survey (令和8年11月15日), not the planned visit (11月13日)
    expect(res.text).toMatch(/調査実施日<\/dt><dd>令和8年11月15日<\/dd>/);
    expect(res.text).toMatch(/意見書受領日<\/dt><dd>令和8年11月20日<\/dd>/);
    expect(res.text).toMatch(/審査会<\/dt><dd>令和8年11月28日（予定）<\/dd>/);
    expect(res.text).toMatch(/決定日<\/dt><dd>未決定<\/dd>/);
    // a 代行申請 for a person the office does not serve: the case, but no link to a page it may not open
    await insertCase(db, {
      workflowId: 'cert-432130-OFC-2',
      insuredNo: '0000100005',
      appliedOn: TODAY,
      dueOn: addDays(TODAY, 30),
      filedByOfficeNo: UKINOSATO,
    });
    await db('cases').where({ workflow_id: 'cert-432130-OFC-2' }).update({ status: 'closed' });
    const filedOnly = await office.get('/office/cases/cert-432130-OFC-2').expect(200);
    expect(filedOnly.text).not.toContain('href="/office/persons/0000100005"');
  });

  it('the お知らせ page lists the office notices apart from what is to be done, linked to the case', async () => {
    const res = await (await loginAs(app, 'ukinosato')).get('/office/tasks').expect(200);
    const notices = res.text.slice(
      res.text.indexOf('<h2>お知らせ</h2>'),
      res.text.indexOf('<h2>対応が必要なもの</h2>'),
    );
    expect(notices).toContain('<a href="/office/cases/cert-432130-OFC-1">延期通知が発行されました</a>');
    // another office does not get it
    const other = await (await loginAs(app, 'shiranui')).get('/office/tasks').expect(200);
    expect(other.text).not.toContain('延期通知が発行されました');
  });

  it('a rejected 代行申請 comes back by post/redirect/get with its errors once and its input kept', async () => {
    const office = await loginAs(app, 'ukinosato');
    const page = await office.get('/office/applications/new').expect(200);
    const posted = await office
      .post('/office/applications/new')
      .type('form')
      .send({ _csrf: csrfOf(page.text), applicationNo: 'OFC-X', doctorName: '宇土 医師' })
      .expect(303);
    expect(posted.headers.location).toBe('/office/applications/new');
    const back = await office.get('/office/applications/new').expect(200);
    expect(back.text).toContain('被保険者番号を入力してください');
    expect(back.text).toContain('value="宇土 医師"');
    const again = await office.get('/office/applications/new').expect(200);
    expect(again.text).not.toContain('被保険者番号を入力してください');
  });

  it('the 居宅届 form marks required fields and offers only the office’s own clients', async () => {
    const res = await (await loginAs(app, 'ukinosato')).get('/office/plan-notifications/new').expect(200);
    expect(res.text).toMatch(/被保険者番号 <span class="required">必須<\/span>/);
    expect(res.text).toMatch(/生年月日 <span class="required">必須<\/span>/);
    expect(res.text).not.toMatch(/届出人の電話番号（任意）<span class="required">/);
    const offered = [...res.text.matchAll(/<option value="(\d{10})"/g)].map((m) => m[1]);
    expect(offered).toContain(CLIENT);
    const other = await (await loginAs(app, 'shiranui')).get('/office/plan-notifications/new').expect(200);
    expect(other.text).not.toContain(`<option value="${CLIENT}"`);
    // picking the client fills name, kana and birth date from the register
    const picked = await (await loginAs(app, 'ukinosato')).get(`/office/plan-notifications/new?insuredNo=${CLIENT}`);
    expect(picked.text).toContain('value="松橋 ハナ"');
    expect(picked.text).toContain(`value="${birthDate}"`);
  });

  const form = (over: Record<string, string> = {}) => ({
    kind: 'new',
    'person[insuredNo]': toFullWidth(CLIENT),
    'person[name]': '松橋 ハナ',
    'person[kana]': 'まつばせ はな',
    'person[birthDate]': birthDate,
    startDate: addDays(TODAY, 3),
    'notifier[name]': '宇土 明美',
    'notifier[relation]': 'care_manager',
    'identity[method]': 'my_number_card',
    'identity[proxyAuthority]': 'none',
    'identity[checkedBy]': '宇土 明美',
    'identity[checkedOn]': TODAY,
    ...over,
  });
  async function post(over: Record<string, string> = {}) {
    const office = await loginAs(app, 'ukinosato');
    const page = await office.get('/office/plan-notifications/new').expect(200);
    const requestId = hidden(page.text, 'requestId');
    const res = await office
      .post('/office/plan-notifications/new')
      .type('form')
      .send({ ...form(over), _csrf: csrfOf(page.text), requestId });
    const back = res.status === 303 ? await office.get(res.headers.location).expect(200) : null;
    return { res, back: back?.text ?? '', requestId };
  }

  it('full-width digits reach the register: a wrong birth date of an own client says so, not "not found"', async () => {
    const { res, back } = await post({ 'person[birthDate]': addDays(birthDate, 1) });
    expect(res.status).toBe(303);
    expect(back).toContain('生年月日が被保険者台帳の記録と一致しません');
    expect(back).not.toContain('該当する被保険者が見つかりません');
    // with the right birth date it is filed, the number half-width and the kana in カタカナ
    const ok = await post();
    expect(ok.res.status).toBe(302);
    expect(filed.at(-1)).toMatchObject({ requestId: ok.requestId, filing: { person: { insuredNo: CLIENT } } });
    expect(filed.at(-1)!.filing.person.kana).toBe('マツバセ ハナ');
  });

  it('a person the office does not serve gets no hint from the form: the filing goes on to the workflow checks', async () => {
    const before = filed.length;
    const { res } = await post({ 'person[insuredNo]': '0000100005', 'person[birthDate]': '1930-01-01' });
    expect(res.status).toBe(302);
    expect(filed.length).toBe(before + 1);
  });

  it('a repeated filing: identical to one just accepted is refused, a different one must be confirmed', async () => {
    await earlierFiling('20261125-0000aaaa', { stage: 'accepted', status: 'closed', startDate: addDays(TODAY, 3) });
    const before = filed.length;
    const same = await post();
    expect(same.res.status).toBe(303);
    expect(same.back).toContain('同じ内容の居宅届（届出番号 20261125-0000aaaa）が受理済みです');
    const different = await post({ startDate: addDays(TODAY, 10) });
    expect(different.back).toContain('この利用者の居宅届（届出番号 20261125-0000aaaa）が受理済みです');
    expect(different.back).toContain('name="confirmDuplicate"');
    expect(filed.length).toBe(before);
    const confirmed = await post({ startDate: addDays(TODAY, 10), confirmDuplicate: 'yes' });
    expect(confirmed.res.status).toBe(302);
    expect(filed.length).toBe(before + 1);
  });

  it('この届出を取り下げる opens a confirmation that needs a reason; the reason goes with the 取下げ', async () => {
    await earlierFiling('20261125-0000bbbb', { stage: 'submitted', status: 'open', startDate: addDays(TODAY, 40) });
    const office = await loginAs(app, 'ukinosato');
    const detail = await office.get('/office/plan-notifications/20261125-0000bbbb').expect(200);
    expect(detail.text).toContain('href="/office/plan-notifications/20261125-0000bbbb/withdraw"');
    expect(detail.text).not.toContain('action="/office/plan-notifications/20261125-0000bbbb/withdraw"');
    const page = await office.get('/office/plan-notifications/20261125-0000bbbb/withdraw').expect(200);
    expect(page.text).toMatch(/取下げの理由 <span class="required">必須<\/span>/);
    const empty = await office
      .post('/office/plan-notifications/20261125-0000bbbb/withdraw')
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId: hidden(page.text, 'requestId') })
      .expect(303);
    expect((await office.get(empty.headers.location).expect(200)).text).toContain('取下げの理由を入力してください');
    expect(withdrawn).toEqual([]);
    const again = await office.get('/office/plan-notifications/20261125-0000bbbb/withdraw').expect(200);
    await office
      .post('/office/plan-notifications/20261125-0000bbbb/withdraw')
      .type('form')
      .send({ _csrf: csrfOf(again.text), requestId: hidden(again.text, 'requestId'), reason: '入院のため' })
      .expect(302);
    expect(withdrawn).toEqual([{ filingNo: '20261125-0000bbbb', reason: '入院のため' }]);
  });
});
