/**
 * What the read-model writer derives for the lists: decision figures (cases.decided_on / days_to_decision and the
 * decision_stats day totals behind 決定までの平均日数), the person's kana on each case (フリガナ search), and the
 * migrations' backfill of both from rows written before them. SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { listCases } from '../../db/cases';
import { averageDaysToDecision } from '../../db/dashboard';
import { normaliseSearch } from '../../db/paging';
import { type ProgressRecord, recordProgress } from '../../db/read-model';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const TODAY = '2026-11-25';
const SINCE = '2025-11-25';

/** The steps of one certification case as the workflow records them, up to the result notice. */
function certificationSteps(
  workflowId: string,
  insuredNo: string,
  appliedOn: string,
  decidedOn: string,
  insurerNo = DEMO_INSURER_NO,
): ProgressRecord[] {
  const at = (d: string) => `${d}T01:00:00.000Z`;
  return [
    {
      workflowId,
      seq: 1,
      occurredAt: at(appliedOn),
      case: {
        case_kind: 'certification',
        insurer_no: insurerNo,
        insured_no: insuredNo,
        application_type: 'new',
        applied_on: appliedOn,
        stage: 'received',
        status: 'open',
        summary: { decidedOn: null },
      },
      event: { type: 'received' },
    },
    {
      workflowId,
      seq: 2,
      occurredAt: at(decidedOn),
      case: { final_level: 'care_2' },
      event: { type: 'secondary_judged' },
    },
    {
      workflowId,
      seq: 3,
      occurredAt: at(decidedOn),
      case: { stage: 'decided', outcome: 'certified', final_level: 'care_2', summary: { decidedOn } },
      event: { type: 'decided', payload: { decidedOn } },
    },
    {
      workflowId,
      seq: 4,
      occurredAt: at(decidedOn),
      case: { stage: 'notified', status: 'closed', summary: { decidedOn } },
      event: { type: 'notified' },
    },
  ];
}

async function addPerson(db: Knex, insuredNo: string, kana: string): Promise<void> {
  await db('insured_persons').insert({
    insured_no: insuredNo,
    insurer_no: DEMO_INSURER_NO,
    name: `氏名 ${insuredNo}`,
    kana,
    birth_date: '1940-01-01',
    sex: '1',
    updated_at: `${TODAY}T00:00:00Z`,
  });
}

/** 案件一覧's フリガナ search written plainly: the cases of persons whose kana (spaces ignored) or given name starts so. */
async function kanaSearchReference(db: Knex, q: string): Promise<string[]> {
  const s = normaliseSearch(q)!;
  const persons: { insured_no: string; kana: string }[] = await db('insured_persons')
    .where('insurer_no', DEMO_INSURER_NO)
    .select('insured_no', 'kana');
  const matching = persons
    .filter((p) => [p.kana.replace(/ /g, ''), p.kana.split(' ').slice(1).join('')].some((k) => k.startsWith(s.value)))
    .map((p) => p.insured_no);
  const rows: { workflow_id: string }[] = await db('cases as c')
    .where('c.insurer_no', DEMO_INSURER_NO)
    .whereIn('c.insured_no', matching)
    .orderBy([{ column: 'c.updated_at', order: 'desc' }, { column: 'c.workflow_id' }])
    .select('c.workflow_id');
  return rows.map((r) => r.workflow_id);
}

async function allCasePages(db: Knex, q: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const p = await listCases(db, { insurerNo: DEMO_INSURER_NO, today: TODAY, q, page, pageSize: 3 });
    ids.push(...p.rows.map((r) => r.workflow_id));
    total = p.total;
    if (page >= p.pages) break;
  }
  return { ids, total };
}

for (const [name, open] of databases('figures')) {
  describe(`read-model figures (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insertInsurerAndOffices(db);
      await db('insurers').insert({ insurer_no: '432000', name: '他市', prefecture: '熊本県' });
      for (const [no, kana] of [
        ['0000200001', 'サトウ ハナ'],
        ['0000200002', 'サトウ キヨ'],
        ['0000200003', 'スズキ タロウ'],
        ['0000200004', 'サトミ トメ'],
        ['0000200005', 'タナカ ミツ'],
      ])
        await addPerson(db, no, kana);
    });
    afterAll(async () => cleanup());

    it('averages days from 申請日 to 処分 over the window, each decision counted once however often a step is re-run', async () => {
      const a = certificationSteps('cert-fig-A', '0000200001', '2026-09-01', '2026-10-06'); // 35 days
      const b = certificationSteps('cert-fig-B', '0000200002', '2026-10-01', '2026-10-21'); // 20 days
      const old = certificationSteps('cert-fig-OLD', '0000200003', '2025-09-01', '2025-10-01'); // decided before the window
      const other = certificationSteps('cert-fig-X', '0000200004', '2026-10-01', '2026-10-02', '432000'); // another insurer
      for (const step of [...a, ...b, ...old, ...other]) await recordProgress(db, step);
      // activity retries and replays: every step again, the decision step three times, in any order
      for (const step of [...b, ...a, a[2], a[2], ...b.reverse()]) await recordProgress(db, step);
      // withdrawn after the 二次判定: a level but no decision, so not counted
      const w = certificationSteps('cert-fig-W', '0000200005', '2026-10-01', '2026-10-10').slice(0, 2);
      for (const step of w) await recordProgress(db, step);
      await recordProgress(db, {
        workflowId: 'cert-fig-W',
        seq: 3,
        occurredAt: '2026-10-11T01:00:00.000Z',
        case: { stage: 'withdrawn', status: 'closed', outcome: 'withdrawn', summary: { decidedOn: null } },
      });

      expect(await averageDaysToDecision(db, DEMO_INSURER_NO, SINCE)).toBe(27.5);
      expect(await averageDaysToDecision(db, DEMO_INSURER_NO, '2026-10-07')).toBe(20); // B only
      expect(await averageDaysToDecision(db, DEMO_INSURER_NO, '2026-10-22')).toBeNull();
      expect(await averageDaysToDecision(db, '432000', SINCE)).toBe(1);
      const rows = await db('cases')
        .whereIn('workflow_id', ['cert-fig-A', 'cert-fig-B', 'cert-fig-W'])
        .orderBy('workflow_id')
        .select('workflow_id', 'decided_on', 'days_to_decision');
      expect(rows).toEqual([
        { workflow_id: 'cert-fig-A', decided_on: '2026-10-06', days_to_decision: 35 },
        { workflow_id: 'cert-fig-B', decided_on: '2026-10-21', days_to_decision: 20 },
        { workflow_id: 'cert-fig-W', decided_on: null, days_to_decision: null },
      ]);
      const stats = await db('decision_stats')
        .where('insurer_no', DEMO_INSURER_NO)
        .orderBy('decided_on')
        .select('decided_on', 'cases', 'total_days');
      expect(stats).toEqual([
        { decided_on: '2025-10-01', cases: 1, total_days: 30 },
        { decided_on: '2026-10-06', cases: 1, total_days: 35 },
        { decided_on: '2026-10-21', cases: 1, total_days: 20 },
      ]);
    });

    it('finds cases by フリガナ prefix as the person search did, following a change of the person’s kana', async () => {
      for (const [i, no] of ['0000200001', '0000200002', '0000200004', '0000200001'].entries()) {
        await recordProgress(db, {
          workflowId: `cert-kana-${i}`,
          seq: 1,
          occurredAt: `2026-11-${String(10 + i).padStart(2, '0')}T01:00:00.000Z`,
          case: {
            case_kind: 'certification',
            insurer_no: DEMO_INSURER_NO,
            insured_no: no,
            applied_on: '2026-11-10',
            stage: 'received',
            status: 'open',
          },
        });
      }
      for (const q of ['サトウ', 'さとう', 'ｻﾄｳ', 'サト', 'サトウ ハ', 'スズキ', 'タ', 'ア']) {
        const got = await allCasePages(db, q);
        const want = await kanaSearchReference(db, q);
        expect([q, got.ids]).toEqual([q, want]);
        expect(got.total).toBe(want.length);
      }
      expect((await allCasePages(db, 'サトウ')).ids).toEqual([
        'cert-kana-3',
        'cert-kana-1',
        'cert-kana-0',
        'cert-fig-B',
        'cert-fig-A',
      ]);

      // 佐藤 ハナ becomes 佐藤 → 鈴木 (written outside the read-model writer): the search follows at once
      await db('insured_persons').where({ insured_no: '0000200001' }).update({ kana: 'スズキ ハナ' });
      expect((await allCasePages(db, 'サトウ')).ids).toEqual(['cert-kana-1', 'cert-fig-B']);
      expect((await allCasePages(db, 'スズキ')).ids).toEqual(await kanaSearchReference(db, 'スズキ'));
      expect((await allCasePages(db, 'スズキ ハ')).ids).toEqual(['cert-kana-3', 'cert-kana-0', 'cert-fig-A']);
      // a case recorded before its person exists gets the kana when the person is added
      await recordProgress(db, {
        workflowId: 'cert-kana-early',
        seq: 1,
        occurredAt: '2026-11-20T01:00:00.000Z',
        case: {
          case_kind: 'certification',
          insurer_no: DEMO_INSURER_NO,
          insured_no: '0000200009',
          applied_on: '2026-11-20',
          stage: 'received',
          status: 'open',
        },
      });
      await addPerson(db, '0000200009', 'ミスミ マサオ');
      expect((await allCasePages(db, 'ミスミ')).ids).toEqual(['cert-kana-early']);
    });

    it('the migrations fill the new columns and tables from rows written before them', async () => {
      const { db: fresh, cleanup: done } = await open({ migrate: false });
      try {
        // up to the list-order indexes (20261125000200), then rows as the old writer left them
        for (let i = 0; i < 3; i++) await fresh.migrate.up();
        await insertInsurerAndOffices(fresh);
        await addPerson(fresh, '0000300001', 'ウキ ハナ');
        await addPerson(fresh, '0000300002', 'ウキ タロウ');
        await fresh('consents').insert({
          insured_no: '0000300001',
          granted: true,
          granted_on: '2026-01-01',
          channel: 'municipality',
        });
        await fresh('office_assignments').insert({
          insured_no: '0000300001',
          office_no: '4370100011',
          start_date: '2026-01-01',
          end_date: null,
        });
        const base = {
          case_kind: 'certification',
          insurer_no: DEMO_INSURER_NO,
          stage: 'notified',
          status: 'closed',
          outcome: 'certified',
          final_level: 'care_1',
          last_seq: 4,
          created_at: '2026-09-01T00:00:00Z',
        };
        await fresh('cases').insert([
          {
            ...base,
            workflow_id: 'old-1',
            insured_no: '0000300001',
            applied_on: '2026-09-01',
            summary_json: JSON.stringify({ decidedOn: '2026-09-29' }),
            updated_at: '2026-10-02T00:00:00Z',
          },
          {
            ...base,
            workflow_id: 'old-2',
            insured_no: '0000300002',
            applied_on: '2026-09-10',
            summary_json: null,
            updated_at: '2026-10-10T05:00:00Z',
          },
          {
            ...base,
            workflow_id: 'old-3',
            insured_no: '0000300002',
            applied_on: '2026-11-01',
            stage: 'investigating',
            status: 'open',
            outcome: null,
            final_level: null,
            filed_by_office_no: '4370100037',
            summary_json: '{}',
            updated_at: '2026-11-02T00:00:00Z',
          },
        ]);
        await fresh.migrate.latest();

        expect(
          await fresh('cases')
            .orderBy('workflow_id')
            .select('workflow_id', 'decided_on', 'days_to_decision', 'person_kana'),
        ).toEqual([
          { workflow_id: 'old-1', decided_on: '2026-09-29', days_to_decision: 28, person_kana: 'ウキ ハナ' },
          { workflow_id: 'old-2', decided_on: '2026-10-10', days_to_decision: 30, person_kana: 'ウキ タロウ' },
          { workflow_id: 'old-3', decided_on: null, days_to_decision: null, person_kana: 'ウキ タロウ' },
        ]);
        expect(await averageDaysToDecision(fresh, DEMO_INSURER_NO, SINCE)).toBe(29);
        // Since 20261205010000 only an active 担当事業所登録 opens a person: the assignment from an accepted 居宅届 and
        // the open 代行申請 written before it open nobody, and no registration exists until an office makes one.
        const access = await fresh('office_client_access').select('office_no', 'insured_no');
        expect(access).toEqual([]);
        expect(await fresh('office_assignments').where({ insured_no: '0000300001' })).toHaveLength(1);
      } finally {
        await done();
      }
    });
  });
}
