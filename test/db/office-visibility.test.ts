/**
 * The office lists' SQL visibility (db/offices.ts officeClientsPage / officeProgressPage over office_client_access,
 * kept by triggers) agrees with domain/access.ts officeMayViewPerson on random facts: persons with several consents
 * (granted or not, withdrawn on a date around today), 担当事業所登録 of several offices (pending, active, returned, ended;
 * effective, ended and lapsing around today), cases open or closed (some filed by an office: they must open nothing),
 * the insurer online or not, written in any order and then changed (withdrawal, new consent, registration approved,
 * ended or removed, case closed, kana changed, consent removed, the insurer's 利用開始日 moved).
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { accessFactsFor, officeClientsPage, officeProgressPage } from '../../db/offices';
import { recordProgress } from '../../db/read-model';
import { DEMO_INSURER_NO, DEMO_OFFICES } from '../../db/seeds/demo';
import { mayView } from '../../web/services/office';
import { addDays } from '../../domain/dates';
import { databases, insertInsurerAndOffices, insertOfficeUser } from './databases';

const TODAY = '2026-11-25';
const OFFICES = DEMO_OFFICES.slice(0, 3).map((o) => o.office_no);
/** Shared family names and equal kana, so the order's tie-break (被保険者番号) matters. */
const KANAS = ['アベ ハナ', 'アベ ハナ', 'アベ キヨ', 'イトウ タロウ', 'ウキ トメ', 'サトウ ミツ', 'サトウ ハナ'];
/** Days around today, so every boundary (start = today, end = today, withdrawn today / tomorrow) comes up. */
const day = fc.integer({ min: -3, max: 3 }).map((n) => addDays(TODAY, n));
const office = fc.integer({ min: 0, max: OFFICES.length - 1 });

const person = fc.record({
  kana: fc.constantFrom(...KANAS),
  consents: fc.array(fc.record({ granted: fc.boolean(), revokedOn: fc.option(day, { nil: null }) }), { maxLength: 3 }),
  registrations: fc.array(
    fc.record({
      office,
      status: fc.constantFrom('pending', 'active', 'returned', 'ended'),
      effective: day,
      ended: fc.option(day, { nil: null }),
      lapses: fc.option(day, { nil: null }),
    }),
    { maxLength: 3 },
  ),
  cases: fc.array(
    fc.record({
      filedBy: fc.option(office, { nil: null }),
      open: fc.boolean(),
      kind: fc.constantFrom('certification', 'plan_notification'),
      appliedOn: day,
    }),
    { maxLength: 2 },
  ),
});
type Person = typeof person extends fc.Arbitrary<infer P> ? P : never;

const change = (n: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('revoke' as const), person: fc.nat(n - 1), on: day }),
    fc.record({ kind: fc.constant('consent' as const), person: fc.nat(n - 1), granted: fc.boolean() }),
    fc.record({ kind: fc.constant('endRegistration' as const), person: fc.nat(n - 1), on: day }),
    fc.record({ kind: fc.constant('approveRegistration' as const), person: fc.nat(n - 1), on: day }),
    fc.record({ kind: fc.constant('deleteRegistration' as const), person: fc.nat(n - 1) }),
    fc.record({
      kind: fc.constant('insurerStart' as const),
      on: fc.option(day, { nil: null }),
      migrated: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('closeCase' as const), person: fc.nat(n - 1) }),
    fc.record({ kind: fc.constant('kana' as const), person: fc.nat(n - 1), kana: fc.constantFrom(...KANAS) }),
    fc.record({ kind: fc.constant('deleteConsent' as const), person: fc.nat(n - 1) }),
  );
type Change = typeof change extends (n: number) => fc.Arbitrary<infer C> ? C : never;

const scenario = fc.array(person, { minLength: 1, maxLength: 8 }).chain((persons) =>
  fc.record({
    persons: fc.constant(persons),
    /** which facts go in first: the triggers must not depend on it */
    order: fc.constantFrom(
      ['consents', 'registrations', 'cases'],
      ['cases', 'registrations', 'consents'],
      ['registrations', 'cases', 'consents'],
    ),
    changes: fc.array(change(persons.length), { maxLength: 6 }),
  }),
);

const insuredNo = (i: number) => `00009${String(i).padStart(5, '0')}`;

async function clear(db: Knex): Promise<void> {
  for (const t of [
    'consents',
    'office_registrations',
    'tasks',
    'case_events',
    'cases',
    'decision_stats',
    'insured_persons',
  ])
    await db(t).del();
}

async function load(db: Knex, persons: Person[], order: readonly string[], userId: number): Promise<void> {
  await db('insured_persons').insert(
    persons.map((p, i) => ({
      insured_no: insuredNo(i),
      insurer_no: DEMO_INSURER_NO,
      name: `利用者 ${i}`,
      kana: p.kana,
      birth_date: '1940-01-01',
      sex: '2',
      updated_at: `${TODAY}T00:00:00Z`,
    })),
  );
  for (const kind of order) {
    for (const [i, p] of persons.entries()) {
      if (kind === 'consents') {
        for (const c of p.consents)
          await db('consents').insert({
            insured_no: insuredNo(i),
            granted: c.granted,
            granted_on: addDays(TODAY, -30),
            channel: 'municipality',
            revoked_on: c.revokedOn,
          });
      } else if (kind === 'registrations') {
        for (const r of p.registrations)
          await db('office_registrations').insert({
            insured_no: insuredNo(i),
            insurer_no: DEMO_INSURER_NO,
            office_no: OFFICES[r.office],
            status: r.status,
            method: 'insured_card',
            requested_by_user_id: userId,
            requested_at: `${TODAY}T00:00:00Z`,
            effective_on: r.status === 'pending' || r.status === 'returned' ? null : r.effective,
            ended_on: r.ended,
            lapses_on: r.lapses,
          });
      } else {
        for (const [k, c] of p.cases.entries()) {
          await recordProgress(db, {
            workflowId: `case-${i}-${k}`,
            seq: 1,
            occurredAt: `${c.appliedOn}T01:00:00.000Z`,
            case: {
              case_kind: c.kind,
              insurer_no: DEMO_INSURER_NO,
              insured_no: insuredNo(i),
              application_type: 'new',
              applied_on: c.appliedOn,
              filed_by_office_no: c.filedBy == null ? null : OFFICES[c.filedBy],
              stage: c.open ? 'received' : 'withdrawn',
              status: c.open ? 'open' : 'closed',
            },
          });
        }
      }
    }
  }
}

/** Changes as the other writers make them: SQL on the source tables, cases through the read-model writer. */
async function apply(db: Knex, c: Change): Promise<void> {
  const no = 'person' in c ? insuredNo(c.person) : '';
  const latest = (t: string) => db(t).where({ insured_no: no }).orderBy('id', 'desc').first('id');
  switch (c.kind) {
    case 'revoke': {
      const row = await latest('consents');
      if (row) await db('consents').where({ id: row.id }).update({ revoked_on: c.on });
      return;
    }
    case 'consent':
      await db('consents').insert({ insured_no: no, granted: c.granted, granted_on: TODAY, channel: 'office_proxy' });
      return;
    case 'endRegistration': {
      const row = await latest('office_registrations');
      if (row) await db('office_registrations').where({ id: row.id }).update({ status: 'ended', ended_on: c.on });
      return;
    }
    case 'approveRegistration': {
      const row = await db('office_registrations').where({ insured_no: no, status: 'pending' }).first('id');
      if (row) await db('office_registrations').where({ id: row.id }).update({ status: 'active', effective_on: c.on });
      return;
    }
    case 'deleteRegistration': {
      const row = await latest('office_registrations');
      if (row) await db('office_registrations').where({ id: row.id }).del();
      return;
    }
    case 'insurerStart':
      await db('insurers')
        .where({ insurer_no: DEMO_INSURER_NO })
        .update({ online_start_on: c.on, data_migrated: c.migrated });
      return;
    case 'closeCase': {
      const row = await db('cases').where({ insured_no: no, status: 'open' }).first('workflow_id', 'last_seq');
      if (row)
        await recordProgress(db, {
          workflowId: row.workflow_id,
          seq: row.last_seq + 1,
          occurredAt: `${TODAY}T02:00:00.000Z`,
          case: { stage: 'withdrawn', status: 'closed' },
        });
      return;
    }
    case 'kana':
      await db('insured_persons').where({ insured_no: no }).update({ kana: c.kana });
      return;
    case 'deleteConsent': {
      const row = await latest('consents');
      if (row) await db('consents').where({ id: row.id }).del();
      return;
    }
  }
}

/** Every page of a list, `pageSize` rows at a time. */
async function allPages<T>(
  read: (page: number) => Promise<{ rows: T[]; pages: number; total: number }>,
): Promise<{ rows: T[]; total: number }> {
  const first = await read(1);
  const rows = [...first.rows];
  for (let p = 2; p <= first.pages; p++) rows.push(...(await read(p)).rows);
  return { rows, total: first.total };
}

const byKanaThenNo = (a: { kana: string; insured_no: string }, b: { kana: string; insured_no: string }) =>
  a.kana < b.kana ? -1 : a.kana > b.kana ? 1 : a.insured_no < b.insured_no ? -1 : a.insured_no > b.insured_no ? 1 : 0;

/** The lists of every office on several days against officeMayViewPerson over the facts as stored. */
async function check(db: Knex, n: number): Promise<void> {
  const nos = Array.from({ length: n }, (_, i) => insuredNo(i));
  const facts = await accessFactsFor(db, nos);
  const persons: { insured_no: string; kana: string }[] = await db('insured_persons')
    .whereIn('insured_no', nos)
    .select('insured_no', 'kana');
  const cases: {
    workflow_id: string;
    insured_no: string;
    case_kind: string;
    status: string;
    applied_on: string;
    filed_by_office_no: string | null;
  }[] = await db('cases')
    .whereIn('insured_no', nos)
    .select('workflow_id', 'insured_no', 'case_kind', 'status', 'applied_on', 'filed_by_office_no');
  for (const today of [addDays(TODAY, -1), TODAY, addDays(TODAY, 2)]) {
    const since = addDays(today, -1);
    for (const officeNo of OFFICES) {
      const visible = (no: string) => mayView(officeNo, today, facts.get(no));
      const expectedClients = persons.filter((p) => visible(p.insured_no)).sort(byKanaThenNo);
      const clients = await allPages((page) => officeClientsPage(db, { officeNo, today, page, pageSize: 2 }));
      expect([officeNo, today, clients.rows.map((r) => [r.insured_no, r.kana])]).toEqual([
        officeNo,
        today,
        expectedClients.map((p) => [p.insured_no, p.kana]),
      ]);
      expect(clients.total).toBe(expectedClients.length);

      const expectedCases = cases
        .filter((c) => c.case_kind === 'certification' && (c.status === 'open' || c.applied_on >= since))
        // the office's own filings open nothing: only cases of persons it may see
        .filter((c) => visible(c.insured_no))
        .sort((a, b) =>
          a.applied_on !== b.applied_on
            ? a.applied_on > b.applied_on
              ? -1
              : 1
            : a.workflow_id < b.workflow_id
              ? -1
              : 1,
        )
        .map((c) => c.workflow_id);
      const progress = await allPages((page) => officeProgressPage(db, { officeNo, today, since, page, pageSize: 2 }));
      expect([officeNo, today, progress.rows.map((r) => r.workflow_id)]).toEqual([officeNo, today, expectedCases]);
      expect(progress.total).toBe(expectedCases.length);
    }
  }
}

for (const [name, open] of databases('visibility')) {
  describe(`office visibility in SQL = officeMayViewPerson (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    let userId: number;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insertInsurerAndOffices(db);
      userId = await insertOfficeUser(db, OFFICES[0]);
    });
    afterAll(async () => cleanup());

    it('agrees on random facts, written in any order and then changed', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ persons, order, changes }) => {
          await clear(db);
          await db('insurers')
            .where({ insurer_no: DEMO_INSURER_NO })
            .update({ online_start_on: addDays(TODAY, -30), data_migrated: true });
          expect(await db('office_client_access').count({ n: '*' }).first()).toEqual({
            n: name === 'sqlite' ? 0 : '0',
          });
          await load(db, persons, order, userId);
          await check(db, persons.length);
          for (const c of changes) await apply(db, c);
          await check(db, persons.length);
        }),
        { numRuns: name === 'sqlite' ? 60 : 25 },
      );
    });
  });
}
