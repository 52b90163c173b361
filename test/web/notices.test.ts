/**
 * Notices as letters (templates/notices/partials/letter.hbs): rendered by the activities into the database, served by
 * the notice route. The page carries the postal block for the window envelope, the 文書番号, （公印省略） and the A4
 * print setup.
 */
import type { Knex } from 'knex';
import { createCommonActivities } from '../../activities';
import { createCertificationActivities } from '../../activities/certification';
import { createRepositories } from '../../db';
import { appOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

describe('notices as letters', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-L1',
      insuredNo: '0000100001',
      appliedOn: '2026-10-01',
      dueOn: '2026-10-31',
      type: 'new',
    });
    await insertCase(db, {
      workflowId: 'P-L1',
      caseKind: 'plan_notification',
      applicationNo: '20261125-0000cafe',
      insuredNo: '0000100004',
      appliedOn: '2026-11-24',
      dueOn: '2026-12-08',
    });
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  const postponement = (key: string) => ({
    workflowId: 'cert-432130-L1',
    insurerNo: '432130',
    insuredNo: '0000100001',
    key,
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

  it('prints the addressee for the window, the 文書番号, the sender with （公印省略） and the A4 setup', async () => {
    const acts = createCertificationActivities({ repos: createRepositories(db) });
    const id = await acts.issueCertificationNotice(postponement('postponement-1'));
    const res = await (await loginAs(app, 'nintei')).get(`/notices/${id}`).expect(200);
    const window = /<div class="address-window"[^>]*>([\s\S]*?)<\/div>\s*<div class="sender"/.exec(res.text)?.[1] ?? '';
    expect(window).toContain('〒869-0532');
    expect(window).toContain('熊本県宇城市松橋町松橋123番地');
    expect(window).toContain('宇城 太郎 様');
    expect(res.text).toContain('<div class="document-no">8宇介延第1号</div>');
    expect(res.text).toContain('令和8年10月28日');
    expect(res.text).toContain('主治医意見書が未提出のため');
    expect(res.text).toContain('<div class="head">宇城市長\u3000（公印省略）</div>');
    expect(res.text).toContain('宇城市 健康福祉部 高齢介護課');
    expect(res.text).toContain('〒869-0592 熊本県宇城市松橋町大野85');
    expect(res.text).toContain('@page { size: A4; margin: 15mm 0 15mm; }');
    expect(res.text).toContain('@page :first { margin-top: 0; }');
    expect(res.text).toMatch(/@media print \{[\s\S]*\.print-bar \{ display: none; \}/);
    expect(res.text).toContain('<button type="button" id="print-button">印刷する</button>');
    expect(res.text).toContain('<script src="/assets/print.js"></script>');
    // the print script is served to the page's CSP ('self')
    await (
      await loginAs(app, 'nintei')
    )
      .get('/assets/print.js')
      .expect(200)
      .expect(/window\.print\(\)/);
  });

  it('numbers the next notice of the kind, and a notice issued again keeps its number', async () => {
    const acts = createCertificationActivities({ repos: createRepositories(db) });
    const again = await acts.issueCertificationNotice(postponement('postponement-1'));
    const second = await acts.issueCertificationNotice(postponement('postponement-2'));
    const rows = await db('notices').whereIn('id', [again, second]).orderBy('id').select('id', 'document_no');
    expect(rows).toEqual([
      { id: 'cert-432130-L1:postponement-1', document_no: '8宇介延第1号' },
      { id: 'cert-432130-L1:postponement-2', document_no: '8宇介延第2号' },
    ]);
  });

  it('addresses a 居宅届 notice to the office (御中), numbered in its own series', async () => {
    const common = createCommonActivities({ repos: createRepositories(db) });
    const id = await common.issueNotice({
      workflowId: 'P-L1',
      key: 'accepted',
      kind: 'plan_accepted',
      title: '居宅サービス計画作成依頼（変更）届出 受理通知',
      template: 'plan-accepted',
      data: {
        insurerName: '宇城市',
        filingNo: '20261125-0000cafe',
        round: {
          n: 1,
          receivedOn: '2026-11-24',
          office: { officeNo: '4370100011', name: '居宅介護支援事業所 うきの里', kind: 'home_care_support' },
          filing: { kind: 'new', startDate: '2026-12-01', person: { insuredNo: '0000100004', name: '不知火 一' } },
          warnings: [],
        },
        notifiedOn: '2026-11-24',
        acceptedOn: '2026-11-25',
      },
      issuedAt: '2026-11-25T01:00:00.000Z',
    });
    const html = (await db('notices').where({ id }).first('html', 'document_no')) as {
      html: string;
      document_no: string;
    };
    expect(html.document_no).toBe('8宇介受第1号');
    expect(html.html).toContain('居宅介護支援事業所 うきの里 御中');
    expect(html.html).toContain('熊本県宇城市松橋町松橋1-1');
    expect(html.html).toContain('（公印省略）');
  });
});
