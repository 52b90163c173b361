/**
 * Issue 15, need to know between municipal roles:
 * - a 居宅届 is readable only with the 居宅届 permission (plan.review: 給付係, 係長) through every route: its review page
 *   and notices, the case page, the notice page, the workflow history page, and a person's case list;
 * - the 主治医意見書's medical findings only for roles with opinion.medical (認定係, 審査会事務局, 係長), while the dates
 *   stay visible to every municipal role.
 * Route × role, each expectation able to fail both ways.
 */
import type { Knex } from 'knex';
import { appOf, loginAs, tempDb } from './helpers';
import { buildWorld, SUBJECTS, worldServices } from './hostile/fixtures';

const S = SUBJECTS[0]; // 宇城 太郎, with a certification case and a 居宅届 (filed by うきの里)
const PLAN_WF = `plan-${S.insurerNo}-${S.filingNo}`;
const PLAN_NOTICE = `${PLAN_WF}:accepted-1`;

/** role login → may read 居宅届 / may read the opinion's medical findings */
const ROLES: [string, { plan: boolean; medical: boolean }][] = [
  ['nintei', { plan: false, medical: true }],
  ['chosa', { plan: false, medical: false }],
  ['shinsakai', { plan: false, medical: true }],
  ['kyufu', { plan: true, medical: false }],
  ['kakaricho', { plan: true, medical: true }],
];

describe('need to know between municipal roles', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
    // the opinion of the certification case arrived, with its 認知症自立度 (a medical finding)
    await db('case_events').insert({
      workflow_id: S.workflowId,
      seq: 2,
      event_type: 'opinion_received',
      actor: 'nintei',
      occurred_at: '2026-11-24T01:00:00.000Z',
      payload_json: JSON.stringify({ receivedOn: '2026-11-24', dementia: 'IIb' }),
    });
  });
  afterAll(async () => cleanup());

  const PLAN_ROUTES = [
    `/cases/${PLAN_WF}`,
    `/cases/${PLAN_WF}/history`,
    `/notices/${encodeURIComponent(PLAN_NOTICE)}`,
    `/plan-notifications/${S.filingNo}`,
    `/plan-notifications/${S.filingNo}/notices/accepted-1`,
  ];

  describe.each(ROLES)('%s', (login, may) => {
    it.each(PLAN_ROUTES)(`居宅届 through %s: ${may.plan ? '200' : '403'}`, async (route) => {
      const agent = await loginAs(app, login);
      const res = await agent.get(route);
      expect(res.status).toBe(may.plan ? 200 : 403);
      if (!may.plan) expect(res.text).not.toContain('受理通知');
    });

    it(`the person page ${may.plan ? 'lists' : 'does not list'} the 居宅届`, async () => {
      const agent = await loginAs(app, login);
      const res = await agent.get(`/persons/${S.insuredNo}`).expect(200);
      expect(res.text.includes(PLAN_WF)).toBe(may.plan);
      expect(res.text).toContain(S.workflowId); // the certification case is listed for everyone
    });

    it(`the case page ${may.medical ? 'shows' : 'withholds'} the opinion's findings; its date is shown`, async () => {
      const agent = await loginAs(app, login);
      const res = await agent.get(`/cases/${S.workflowId}`).expect(200);
      expect(res.text).toContain('主治医意見書を受領しました');
      expect(res.text).toContain('受領日: 令和8年11月24日');
      expect(res.text.includes('認知症自立度: Ⅱb')).toBe(may.medical);
    });
  });
});
