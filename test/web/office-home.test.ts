/**
 * The office home page (/office) pages both lists: 利用者 in フリガナ order and 認定の進捗 newest 申請日 first, 50 a page,
 * with counts; only persons the office may see appear (officeMayViewPerson), on any page; the self-refreshing version
 * (/office/state) is the page's and changes when what the page shows changes.
 */
import type { Knex } from 'knex';
import { accessFactsFor } from '../../db/offices';
import { recordProgress } from '../../db/read-model';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { officeMayViewPerson } from '../../domain/access';
import { addDays } from '../../domain/dates';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';

const UKINOSATO = '4370100011';
const SHIRANUI = '4370100037';
const today = TODAY;

/** Clients we add: "アオキ nnn" sorts before every demo person's kana. */
const no = (i: number) => `00005${String(i).padStart(5, '0')}`;
const kana = (i: number) => `アオキ ${String(i).padStart(3, '0')}`;

const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const clientNos = (html: string) => [...html.matchAll(/href="\/office\/persons\/(\d{10})"/g)].map((m) => m[1]);
const caseIds = (html: string) => [...html.matchAll(/href="\/office\/cases\/([^"]+)"/g)].map((m) => m[1]);
const versionOf = (html: string) => /data-live-version="([^"]*)"/.exec(html)![1];

describe('office home: paged clients and progress', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  /** clients うきの里 may see, in list order */
  let visible: string[];
  const hidden: string[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const person = (i: number) => ({
      insured_no: no(i),
      insurer_no: DEMO_INSURER_NO,
      name: `青木 ${i}`,
      kana: kana(i),
      birth_date: '1940-01-01',
      sex: '2',
      updated_at: `${today}T00:00:00Z`,
    });
    const consent = (i: number, revokedOn: string | null = null) => ({
      insured_no: no(i),
      granted: true,
      granted_on: '2026-01-01',
      channel: 'municipality',
      revoked_on: revokedOn,
    });
    const staff = await db('users').where({ login_id: 'ukinosato' }).first('id');
    const assign = (i: number, officeNo: string, endDate: string | null = null) => ({
      insured_no: no(i),
      insurer_no: DEMO_INSURER_NO,
      office_no: officeNo,
      status: endDate ? 'ended' : 'active',
      method: 'insured_card',
      requested_by_user_id: staff.id,
      requested_at: '2026-01-01T00:00:00Z',
      effective_on: '2026-01-01',
      ended_on: endDate,
    });
    await db('insured_persons').insert(Array.from({ length: 80 }, (_, k) => person(k + 1)));
    // 1–60: うきの里's consenting clients
    await db('consents').insert(Array.from({ length: 60 }, (_, k) => consent(k + 1)));
    await db('office_registrations').insert(Array.from({ length: 60 }, (_, k) => assign(k + 1, UKINOSATO)));
    // never shown to うきの里: 61–65 assigned but never asked; 66–70 consent withdrawn yesterday;
    // 71–75 しらぬい's consenting clients; 76 registration ended yesterday; 77 no consent, うきの里 filed for them
    for (let i = 61; i <= 77; i++) hidden.push(no(i));
    await db('office_registrations').insert([61, 62, 63, 64, 65, 66, 67, 68, 69, 70].map((i) => assign(i, UKINOSATO)));
    await db('consents').insert([66, 67, 68, 69, 70].map((i) => consent(i, addDays(today, -1))));
    await db('consents').insert([71, 72, 73, 74, 75, 76].map((i) => consent(i)));
    await db('office_registrations').insert([71, 72, 73, 74, 75].map((i) => assign(i, SHIRANUI)));
    await db('office_registrations').insert(assign(76, UKINOSATO, addDays(today, -1)));
    // one open certification case per visible client, applied on successive days (1 newest), and the 代行申請 for 77
    for (let i = 1; i <= 60; i++) {
      await insertCase(db, {
        workflowId: `cert-432130-P${String(i).padStart(3, '0')}`,
        insuredNo: no(i),
        appliedOn: addDays(today, -i),
        dueOn: addDays(today, 30 - i),
      });
    }
    await insertCase(db, {
      workflowId: 'cert-432130-P077',
      insuredNo: no(77),
      appliedOn: addDays(today, -70),
      dueOn: addDays(today, -40),
      filedByOfficeNo: UKINOSATO,
    });
    // a case of しらぬい's client: never in うきの里's progress
    await insertCase(db, {
      workflowId: 'cert-432130-P071',
      insuredNo: no(71),
      appliedOn: today,
      dueOn: addDays(today, 30),
    });

    // what officeMayViewPerson says, over every person in the database
    const all: { insured_no: string; kana: string }[] = await db('insured_persons').select('insured_no', 'kana');
    const facts = await accessFactsFor(
      db,
      all.map((p) => p.insured_no),
    );
    visible = all
      .filter((p) => {
        const f = facts.get(p.insured_no)!;
        return officeMayViewPerson({
          officeNo: UKINOSATO,
          today,
          consent: f.consent ? { granted: f.consent.granted, revokedOn: f.consent.revoked_on } : null,
          registrations: f.registrations,
          insurer: f.insurer,
        });
      })
      .sort((a, b) => (a.kana === b.kana ? (a.insured_no < b.insured_no ? -1 : 1) : a.kana < b.kana ? -1 : 1))
      .map((p) => p.insured_no);
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('shows 50 clients in フリガナ order with the count, and page 2 the next ones', async () => {
    expect(visible.slice(0, 60)).toEqual(Array.from({ length: 60 }, (_, k) => no(k + 1)));
    const office = await loginAs(app, 'ukinosato');
    const p1 = await office.get('/office').expect(200);
    expect(clientNos(p1.text)).toEqual(visible.slice(0, 50));
    expect(p1.text).toContain(`利用者 <span class="tabs__count">${visible.length}人</span>`);
    expect(p1.text).toContain(`${visible.length} 件中 1–50 件`);
    expect(decode(p1.text)).toContain('href="/office?clients=2#clients" rel="next"');

    const p2 = await office.get('/office?clients=2').expect(200);
    expect(clientNos(p2.text)).toEqual(visible.slice(50, 100));
    expect(p2.text).toContain(`${visible.length} 件中 51–${visible.length} 件`);
    expect(decode(p2.text)).toContain('href="/office#clients" rel="prev"');
    // paging the clients leaves the progress list on its first page
    expect(caseIds(p2.text)).toEqual(caseIds(p1.text));
  });

  it("never shows another office's, unconsented, withdrawn or ended clients, on any page", async () => {
    const office = await loginAs(app, 'ukinosato');
    for (const path of ['/office', '/office?clients=2', '/office?clients=3']) {
      const page = await office.get(path).expect(200);
      expect([path, clientNos(page.text).filter((n) => hidden.includes(n))]).toEqual([path, []]);
    }
    const shiranui = await loginAs(app, 'shiranui');
    const theirs = await shiranui.get('/office').expect(200);
    expect(clientNos(theirs.text)).toEqual(expect.arrayContaining([no(71), no(72), no(73), no(74), no(75)]));
    expect(
      clientNos(theirs.text).filter(
        (n) => n.startsWith('00005') && !['71', '72', '73', '74', '75'].includes(n.slice(-2)),
      ),
    ).toEqual([]);
  });

  it('pages the progress list newest 申請日 first, without its 代行申請 of an unconsented person or other offices', async () => {
    const office = await loginAs(app, 'ukinosato');
    const p1 = await office.get('/office').expect(200);
    const expected = Array.from({ length: 60 }, (_, k) => `cert-432130-P${String(k + 1).padStart(3, '0')}`);
    expect(caseIds(p1.text)).toEqual(expected.slice(0, 50));
    expect(p1.text).toContain('認定の進捗 <span class="tabs__count">60件</span>');
    const p2 = await office.get('/office?clients=2&cases=2').expect(200);
    expect(caseIds(p2.text)).toEqual(expected.slice(50));
    expect(p2.text).toContain('60 件中 51–60 件');
    expect(p2.text).not.toContain('cert-432130-P077'); // filed by the office, person not registered: opens nothing
    expect(clientNos(p2.text)).toEqual(visible.slice(50, 100)); // the clients stay on page 2
    expect(decode(p2.text)).toContain('href="/office?clients=2#progress" rel="prev"');
    expect(p2.text).not.toContain('cert-432130-P071');
    expect(clientNos(p2.text)).not.toContain(no(77));
  });

  it('the page carries the version /office/state returns; it changes with a case, a task, and the visible set', async () => {
    const office = await loginAs(app, 'ukinosato');
    const state = async () =>
      (await office.get('/office/state').set('Accept', 'application/json').expect(200)).body.version as string;
    const v0 = await state();
    expect(versionOf((await office.get('/office?clients=2&cases=2').expect(200)).text)).toBe(v0);

    // a step recorded on a case on page 2 of the progress
    await recordProgress(db, {
      workflowId: 'cert-432130-P055',
      seq: 2,
      occurredAt: `${today}T03:00:00.000Z`,
      case: { stage: 'investigating' },
    });
    const v1 = await state();
    expect(v1).not.toBe(v0);
    expect(versionOf((await office.get('/office').expect(200)).text)).toBe(v1);

    // a task for the office
    await db('tasks').insert({
      id: 'renewal-y:office',
      workflow_id: 'cert-432130-P001',
      task_type: 'renewal',
      title: '更新申請の勧奨',
      candidate_role: 'office_staff',
      office_no: UKINOSATO,
      status: 'open',
      due_on: today,
      created_at: `${today}T04:00:00Z`,
    });
    const v2 = await state();
    expect(v2).not.toBe(v1);

    // a client withdraws consent (the 認定係 records it): one client fewer
    const intake = await loginAs(app, 'nintei');
    const page = await intake.get(`/persons/${no(60)}`).expect(200);
    await intake
      .post(`/persons/${no(60)}/consent/revoke`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(302);
    const v3 = await state();
    expect(v3).not.toBe(v2);
    const after = await office.get('/office?clients=2').expect(200);
    expect(clientNos(after.text)).not.toContain(no(60));
    expect(after.text).toContain(`利用者 <span class="tabs__count">${visible.length - 1}人</span>`);

    // nothing changed: the same version
    expect(await state()).toBe(v3);
  });
});
