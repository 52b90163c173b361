/**
 * Issue 15, the person's own view (/me): identity check by ① 被保険者番号 + 保険者番号 + 生年月日 or ② マイナンバーカード
 * (the CardReader port), a separate 本人 session, throttled like login, audited; read-only, own data only; one answer
 * for every failed check (hostile: another person's number with one's own birth date, a wrong 保険者番号, a deceased
 * or unknown person).
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { FixedCardReader } from '../../lib/card-reader';
import { createServices } from '../../web/services';
import { SELF_IDENTITY_REFUSAL } from '../../web/services/self-view';
import { appOf, csrfOf, insertCase, loginAs, tempDb, TODAY } from './helpers';

const SELF = '0000100006'; // 不知火 ミツ: 要介護4, 負担割合 2割, 負担限度額 第3段階②
const OTHER = '0000100001'; // 宇城 太郎

describe('/me: the person’s own view', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let self: { birth_date: string; name: string; address: string; sex: '1' | '2' };

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    self = await db('insured_persons').where({ insured_no: SELF }).first('birth_date', 'name', 'address', 'sex');
    const reader = new FixedCardReader({
      own: { name: self.name, address: self.address, birthDate: self.birth_date, sex: self.sex },
      stranger: { name: '知らない 人', address: '熊本県宇城市', birthDate: '1940-01-01', sex: '1' },
    });
    app = appOf(
      createServices({
        db,
        temporal: null,
        config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
        today: () => TODAY,
        cardReader: reader,
      }),
    );
  });
  afterAll(async () => cleanup());

  async function check(agent: ReturnType<typeof request.agent>, fields: Record<string, string>) {
    const form = await agent.get('/me').expect(200);
    return agent
      .post('/me/identify')
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...fields });
  }
  const byCard = (insuredNo: string, birthDate: string, insurerNo = '432130') => ({
    method: 'insured_card',
    insuredNo,
    insurerNo,
    birthDate,
  });
  const errorOf = (html: string) => /id="identity-error">([^<]*)</.exec(html)?.[1] ?? '';

  it('shows the identity form to anyone not identified (staff logins included)', async () => {
    const anon = await request(app).get('/me').expect(200);
    expect(anon.text).toContain('本人確認の方法');
    const staff = await loginAs(app, 'kyufu');
    const page = await staff.get('/me').expect(200);
    expect(page.text).toContain('本人確認の方法');
    expect(page.text).not.toContain('不知火 ミツ');
  });

  it('① own number + insurer + birth date: the own applications, result and certificates, audited', async () => {
    const agent = request.agent(app);
    const res = await check(agent, byCard(SELF, self.birth_date));
    expect(res.status).toBe(303);
    const page = await agent.get('/me').expect(200);
    expect(page.text).toContain('不知火 ミツ');
    expect(page.text).toContain('要介護4');
    expect(page.text).toContain('2割');
    expect(page.text).toContain('第3段階②');
    expect(page.text).not.toMatch(/宇城 太郎|0000100001/);
    const audit = await db('audit_log')
      .where({ target: `person:${SELF}` })
      .whereIn('action', ['self.identify', 'self.view']);
    expect(audit.map((a) => a.action).sort()).toEqual(['self.identify', 'self.view']);
  });

  it('shows the stage of the own open application in words (a helper named like the field once hid it)', async () => {
    await insertCase(db, {
      workflowId: 'cert-432130-ME-STAGE',
      insuredNo: SELF,
      appliedOn: '2026-11-20',
      dueOn: '2026-12-20',
      stage: 'investigating',
      type: 'level_change',
    });
    const agent = request.agent(app);
    expect((await check(agent, byCard(SELF, self.birth_date))).status).toBe(303);
    const page = await agent.get('/me').expect(200);
    expect(page.text).toMatch(/<td>調査・意見書（決定の目安 令和8年12月20日）<\/td>/);
  });

  it('② a card read through the CardReader identifies the same way; an unknown card does not', async () => {
    const agent = request.agent(app);
    expect((await check(agent, { method: 'my_number_card', readingId: 'own' })).status).toBe(303);
    expect((await agent.get('/me').expect(200)).text).toContain('第3段階②');
    const stranger = await check(request.agent(app), { method: 'my_number_card', readingId: 'stranger' });
    expect(stranger.status).toBe(400);
    expect(errorOf(stranger.text)).toBe(SELF_IDENTITY_REFUSAL);
  });

  it('hostile checks all read the same and open nothing', async () => {
    await db('insured_persons').where({ insured_no: '0000100003' }).update({ status: 'deceased' });
    const dead = await db('insured_persons').where({ insured_no: '0000100003' }).first('birth_date');
    const attempts = [
      byCard(OTHER, self.birth_date), // another person's number with one's own birth date
      byCard(SELF, self.birth_date, '439999'), // a wrong 保険者番号
      byCard('0000199999', self.birth_date), // unknown
      byCard('0000100003', dead.birth_date), // deceased, right birth date
    ];
    const answers: string[] = [];
    for (const a of attempts) {
      const agent = request.agent(app);
      const res = await check(agent, a);
      expect(res.status).toBe(400);
      answers.push(errorOf(res.text));
      expect(res.text).not.toMatch(/宇城 太郎|小川 一郎|死亡|転出|不知火 ミツ/);
      // still not identified
      expect((await agent.get('/me').expect(200)).text).toContain('本人確認の方法');
    }
    expect(new Set(answers)).toEqual(new Set([SELF_IDENTITY_REFUSAL]));
    const failed = await db('audit_log').where({ action: 'self.identify.failed' });
    expect(failed.length).toBeGreaterThanOrEqual(attempts.length);
  });

  it('identified as oneself, a later failed check for another number does not show the other', async () => {
    const agent = request.agent(app);
    expect((await check(agent, byCard(SELF, self.birth_date))).status).toBe(303);
    expect((await check(agent, byCard(OTHER, self.birth_date))).status).toBe(400);
    const page = await agent.get('/me').expect(200);
    expect(page.text).toContain('不知火 ミツ');
    expect(page.text).not.toContain('宇城 太郎');
  });

  it('a 本人 session is not a staff login: staff pages send it to the login page', async () => {
    const agent = request.agent(app);
    expect((await check(agent, byCard(SELF, self.birth_date))).status).toBe(303);
    for (const path of ['/tasks', `/persons/${SELF}`, '/office', '/cases']) {
      const res = await agent.get(path);
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/login/);
    }
  });

  it('is throttled like login: after 5 failures for a number even the right birth date is refused', async () => {
    const agent = request.agent(app);
    for (let i = 0; i < 5; i++) expect((await check(agent, byCard('0000100008', '1900-01-01'))).status).toBe(400);
    const p = await db('insured_persons').where({ insured_no: '0000100008' }).first('birth_date');
    const res = await check(agent, byCard('0000100008', p.birth_date));
    expect(res.status).toBe(400);
    expect(errorOf(res.text)).toContain('一時的にご利用いただけません');
    expect((await agent.get('/me').expect(200)).text).toContain('本人確認の方法');
    expect(await db('audit_log').where({ action: 'self.identify.locked' })).toHaveLength(1);
  });
});
