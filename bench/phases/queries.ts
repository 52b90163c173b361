/**
 * Phase: read-model queries (issue 20, 5). Loads generated cases into a separate temporary SQLite database, or an
 * empty PostgreSQL database (same migrations and connection settings as the app), and times the db/ list queries (cases, tasks, offices, persons, dashboard) behind the inbox, the office progress list,
 * the supervisor dashboard and the case search. Prints EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) for each
 * statement.
 *
 * SQLite plan warnings that remain at 100,000 cases, and why they stay (every one sorts rows an index range has already
 * narrowed to one office's or one search's; none reads a table):
 * - officeProgressPage: three TEMP B-TREEs. 認定の進捗 merges two key sets (the followed clients' cases, read per client
 *   from cases_person_progress_idx, and the office's own filings from cases_office_progress_idx); UNION sorts each to
 *   drop a case that is in both, and the 申請日 order is a third sort. They sort the office's followed cases only
 *   (about 250 keys per generated office), read from the two covering indexes; no index can hand over one office's
 *   clients' cases in 申請日 order.
 * - listCases with a フリガナ prefix: the matching keys (one range of cases_insurer_kana_idx, about 2,900 for a common
 *   family name) are sorted by last update, since a prefix range is in kana order; then the page's 50 rows are sorted
 *   again after they are read by workflow_id. The count stops at COUNT_CAP.
 * - listCases with a stage (and the other filtered lists): the page's 50 keys come in index order; the outer query
 *   reads those rows by workflow_id and sorts the 50 again.
 * A SCAN of a co-routine or of a (subquery-N) reads rows the statement produced itself and is not reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateLatest, openDatabase } from '../../db/connection';
import * as casesQ from '../../db/cases';
import * as dashboardQ from '../../db/dashboard';
import * as officesQ from '../../db/offices';
import * as personsQ from '../../db/persons';
import * as tasksQ from '../../db/tasks';
import { DEMO_INSURER_NO, DEMO_OFFICES, seedDemoData } from '../../db/seeds/demo';
import { addMonths } from '../../domain/dates';
import { generateCases, GenerateOptions, GenerateResult } from '../lib/generate';

/** The list queries timed here, one namespace. */
const Q = { ...casesQ, ...dashboardQ, ...officesQ, ...personsQ, ...tasksQ };
import { nowMs, percentiles, Percentiles, round } from '../lib/stats';

export interface QueryFigure {
  group: 'inbox' | 'office' | 'dashboard' | 'search';
  name: string;
  p50: number;
  p95: number;
  max: number;
  n: number;
  /** the query failed (the figure is then missing) */
  error?: string;
}

export interface PlanLine {
  query: string;
  sql: string;
  plan: string[];
  /** plan lines that read a whole table (SCAN without an index) or sort in a temp b-tree */
  warnings: string[];
}

export interface QueryScaleResult {
  cases: number;
  openCases: number;
  load: GenerateResult;
  dbSizeMb: number;
  queries: QueryFigure[];
  /** page-level: all queries one page runs, in the order the page runs them */
  pages: QueryFigure[];
  worstP95: { name: string; p95: number };
}

export interface QueryBenchResult {
  /** the database the read model was on (PostgreSQL: a throwaway local cluster, default settings, fsync off) */
  database: 'sqlite' | 'postgres';
  scales: QueryScaleResult[];
  plans: PlanLine[];
  batchSizes: { batchSize: number; rowsPerSecond: number; cases: number; ms: number; error?: string }[];
}

interface Scenario {
  group: QueryFigure['group'];
  name: string;
  run: (i: number) => Promise<unknown>;
}

const OFFICE_NOS = [
  ...DEMO_OFFICES.map((o) => o.office_no as string),
  ...Array.from({ length: 56 }, (_, i) => `43702${String(i).padStart(5, '0')}`),
];

async function prepare(db: Knex, today: string): Promise<Omit<GenerateOptions, 'batchSize'>> {
  await migrateLatest(db);
  await seedDemoData(db, { today, passwordRounds: 4 });
  const extra = OFFICE_NOS.filter((n) => !DEMO_OFFICES.some((o) => o.office_no === n));
  await db('offices').insert(
    extra.map((office_no, i) => ({
      office_no,
      insurer_no: DEMO_INSURER_NO,
      name: `居宅介護支援事業所 ${i + 1}`,
      kind: 'home_care_support',
    })),
  );
  const users: { id: number; role: string }[] = await db('users').select('id', 'role');
  const usersByRole: Record<string, number[]> = {};
  for (const u of users) (usersByRole[u.role] ??= []).push(u.id);
  return { insurerNo: DEMO_INSURER_NO, today, officeNos: OFFICE_NOS, usersByRole };
}

function scenarios(db: Knex, today: string, usersByRole: Record<string, number[]>): Scenario[] {
  const since = addMonths(today, -5); // Kushiro: offices follow cases for 5 months from the 申請日 (as the page)
  const surveyor = usersByRole.surveyor?.[0] ?? 1;
  const intake = usersByRole.intake?.[0] ?? 1;
  const supervisor = usersByRole.supervisor?.[0] ?? 1;
  const kana = ['サトウ', 'スズキ', 'タナカ', 'ヤマモト', 'ウキ', 'シラヌイ', 'ハセガワ', 'モリ'];
  const office = (i: number) => OFFICE_NOS[i % OFFICE_NOS.length];
  return [
    // inbox (自分の担当 / 未割当 / すべて / 完了, with tab counts)
    {
      group: 'inbox',
      name: 'listInbox surveyor all p1',
      run: () =>
        Q.listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: 'surveyor', userId: surveyor, tab: 'all' }),
    },
    {
      group: 'inbox',
      name: 'listInbox intake mine p1',
      run: () => Q.listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: 'intake', userId: intake, tab: 'mine' }),
    },
    {
      group: 'inbox',
      name: 'listInbox supervisor unassigned p3',
      run: () =>
        Q.listInbox(db, {
          insurerNo: DEMO_INSURER_NO,
          candidateRole: null,
          userId: supervisor,
          tab: 'unassigned',
          page: 3,
        }),
    },
    {
      group: 'inbox',
      name: 'listInbox supervisor all p1',
      run: () => Q.listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: null, userId: supervisor, tab: 'all' }),
    },
    {
      group: 'inbox',
      name: 'listInbox supervisor completed p1',
      run: () =>
        Q.listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: null, userId: supervisor, tab: 'completed' }),
    },
    {
      group: 'inbox',
      name: 'listInbox intake completed p1',
      run: () =>
        Q.listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: 'intake', userId: intake, tab: 'completed' }),
    },
    {
      group: 'inbox',
      name: 'inboxCounts intake',
      run: () => Q.inboxCounts(db, { insurerNo: DEMO_INSURER_NO, candidateRole: 'intake', userId: intake }),
    },
    {
      group: 'inbox',
      name: 'inboxCounts supervisor',
      run: () => Q.inboxCounts(db, { insurerNo: DEMO_INSURER_NO, candidateRole: null, userId: supervisor }),
    },
    // office progress page (/office, web/routes/office/pages.ts home): one page of each list (利用者 in kana order,
    // 認定の進捗 newest first) with their counts and version stamps, and the task stamp, as the handler runs them
    {
      group: 'office',
      name: 'office progress page',
      run: async (i) => {
        const o = office(i);
        const clients = await Q.officeClientsPage(db, { officeNo: o, today, pageSize: 50 });
        const progress = await Q.officeProgressPage(db, { officeNo: o, today, since, pageSize: 50 });
        Q.officeVersionOf(today, clients, progress, await Q.officeTaskStamp(db, o));
      },
    },
    {
      group: 'office',
      name: 'officeClientsPage p1',
      run: (i) => Q.officeClientsPage(db, { officeNo: office(i), today, pageSize: 50 }),
    },
    {
      group: 'office',
      name: 'officeClientsPage p5',
      run: (i) => Q.officeClientsPage(db, { officeNo: office(i), today, page: 5, pageSize: 50 }),
    },
    {
      group: 'office',
      name: 'officeProgressPage p1',
      run: (i) => Q.officeProgressPage(db, { officeNo: office(i), today, since, pageSize: 50 }),
    },
    {
      group: 'office',
      name: 'officeProgressPage p3',
      run: (i) => Q.officeProgressPage(db, { officeNo: office(i), today, since, page: 3, pageSize: 50 }),
    },
    {
      group: 'office',
      name: 'officeVersion (/office/state)',
      run: (i) => Q.officeVersion(db, office(i), today, since),
    },
    // お知らせ・依頼 (/office/tasks): open and recently completed tasks addressed to the office
    { group: 'office', name: 'officeTasks open', run: (i) => Q.officeTasks(db, office(i), 'open') },
    { group: 'office', name: 'officeTasks done', run: (i) => Q.officeTasks(db, office(i), 'done') },
    // supervisor dashboard
    { group: 'dashboard', name: 'openCaseCounts (stage, SLA)', run: () => Q.openCaseCounts(db, DEMO_INSURER_NO) },
    { group: 'dashboard', name: 'overdueCount', run: () => Q.overdueCount(db, DEMO_INSURER_NO, today) },
    { group: 'dashboard', name: 'overdueCases 20', run: () => Q.overdueCases(db, DEMO_INSURER_NO, today, 20) },
    {
      group: 'dashboard',
      name: 'pendingPostponementCount',
      run: () => Q.pendingPostponementCount(db, DEMO_INSURER_NO),
    },
    {
      group: 'dashboard',
      name: 'averageDaysToDecision',
      run: () => Q.averageDaysToDecision(db, DEMO_INSURER_NO, addMonths(today, -12)),
    },
    { group: 'dashboard', name: 'oldestOpenCases 10', run: () => Q.oldestOpenCases(db, DEMO_INSURER_NO, 10) },
    // case search / list
    {
      group: 'search',
      name: 'listCases kana prefix',
      run: (i) => Q.listCases(db, { insurerNo: DEMO_INSURER_NO, today, q: kana[i % kana.length] }),
    },
    {
      group: 'search',
      name: 'listCases insured_no prefix',
      run: (i) => Q.listCases(db, { insurerNo: DEMO_INSURER_NO, today, q: `90000${String(i % 90).padStart(2, '0')}` }),
    },
    {
      group: 'search',
      name: 'listCases stage=investigating',
      run: () => Q.listCases(db, { insurerNo: DEMO_INSURER_NO, today, stage: 'investigating' }),
    },
    {
      group: 'search',
      name: 'listCases overdue',
      run: () => Q.listCases(db, { insurerNo: DEMO_INSURER_NO, today, overdue: true }),
    },
    { group: 'search', name: 'listCases all p1', run: () => Q.listCases(db, { insurerNo: DEMO_INSURER_NO, today }) },
    {
      group: 'search',
      name: 'listPersons kana prefix',
      run: (i) => Q.listPersons(db, { insurerNo: DEMO_INSURER_NO, q: kana[i % kana.length] }),
    },
  ];
}

/** Which scenarios make up one page load (for the page-level figures). */
const PAGES: { group: QueryFigure['group']; name: string; parts: string[] }[] = [
  {
    group: 'inbox',
    name: 'PAGE inbox (list + tab counts)',
    parts: ['listInbox surveyor all p1', 'inboxCounts intake'],
  },
  { group: 'office', name: 'PAGE office progress list', parts: ['office progress page'] },
  // (until 2026-11-25 the office page figure also included officeTasks open, which that page never ran)
  { group: 'office', name: 'PAGE office tasks', parts: ['officeTasks open', 'officeTasks done'] },
  {
    group: 'dashboard',
    name: 'PAGE supervisor dashboard',
    parts: [
      'openCaseCounts (stage, SLA)',
      'overdueCount',
      'overdueCases 20',
      'pendingPostponementCount',
      'averageDaysToDecision',
      'oldestOpenCases 10',
    ],
  },
  { group: 'search', name: 'PAGE case search (kana)', parts: ['listCases kana prefix'] },
];

async function timeScenarios(
  list: Scenario[],
  iterations: number,
  errors: Map<string, string>,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const s of list) {
    const samples: number[] = [];
    try {
      for (let i = 0; i < 3; i++) await s.run(i); // warm the page cache and knex
      // A slow query gets at most ~10 s of samples (and at least 5), so one bad query cannot stall the run.
      const budgetEnd = nowMs() + 10_000;
      for (let i = 0; i < iterations && (i < 5 || nowMs() < budgetEnd); i++) {
        const t0 = nowMs();
        await s.run(i);
        samples.push(nowMs() - t0);
      }
    } catch (err) {
      errors.set(s.name, shortError(err));
      samples.length = 0;
    }
    out.set(s.name, samples);
  }
  return out;
}

/** knex puts the whole SQL in front of the driver message; keep the message. */
export function shortError(err: unknown): string {
  const m = (err as Error).message ?? String(err);
  const i = m.lastIndexOf(' - ');
  return (i >= 0 ? m.slice(i + 3) : m).slice(0, 200);
}

function figure(group: QueryFigure['group'], name: string, p: Percentiles): QueryFigure {
  return { group, name, p50: p.p50, p95: p.p95, max: p.max, n: p.n };
}

const isPostgres = (db: Knex) => (db.client as { dialect?: string }).dialect === 'postgresql';

/** The plan of one statement as knex sent it: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (text) on PostgreSQL. */
async function planOf(db: Knex, sql: string, bindings: readonly unknown[]): Promise<string[]> {
  if (!isPostgres(db)) {
    const rows: { id: number; parent: number; detail: string }[] = await db.raw(
      `EXPLAIN QUERY PLAN ${sql}`,
      bindings as Knex.RawBinding[],
    );
    return rows.map((r) => r.detail);
  }
  // The statement as sent (placeholders $1…), on a connection of the pool, so knex does not rewrite it.
  const native = /\$\d/.test(sql)
    ? sql
    : (db.client as { positionBindings: (s: string) => string }).positionBindings(sql);
  const conn = (await db.client.acquireConnection()) as {
    query: (q: { text: string; values: unknown[] }) => Promise<{ rows: Record<string, string>[] }>;
  };
  try {
    const res = await conn.query({ text: `EXPLAIN ${native}`, values: [...bindings] });
    return res.rows.map((r) => r['QUERY PLAN']);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of every statement a scenario sends. */
async function explain(db: Knex, list: Scenario[]): Promise<PlanLine[]> {
  const plans: PlanLine[] = [];
  for (const s of list) {
    const seen: { sql: string; bindings: readonly unknown[] }[] = [];
    const listener = (q: { sql: string; bindings?: readonly unknown[] }) =>
      seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    db.on('query', listener);
    try {
      await s.run(0);
    } catch {
      // a failing query is reported with its timings; its plan is still shown below when SQLite can plan it
    } finally {
      db.removeListener('query', listener);
    }
    for (const q of seen) {
      let plan: string[];
      try {
        plan = await planOf(db, q.sql, q.bindings);
      } catch (err) {
        plan = [`ERROR ${shortError(err)}`];
      }
      if (isPostgres(db)) {
        // PostgreSQL: a sequential scan of a table, or a sort node (a Sort Key line belongs to its sort node)
        const warnings = plan.filter((l) => /Seq Scan on /.test(l) || /^\s*(->\s+)?(Incremental )?Sort\s+\(/.test(l));
        plans.push({ query: s.name, sql: q.sql, plan, warnings });
        continue;
      }
      // A SCAN of a co-routine or materialised subquery reads rows the statement produced itself, not a table.
      const subqueries = new Set(plan.map((l) => /^(?:CO-ROUTINE|MATERIALIZE) (.+)$/.exec(l)?.[1]).filter(Boolean));
      const tableScan = (l: string) => {
        const m = /^SCAN (\S+)/.exec(l);
        return (
          m != null &&
          !subqueries.has(m[1]) &&
          !/^\(subquery-\d+\)$/.test(m[1]) &&
          !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(l)
        );
      };
      const warnings = plan.filter((l) => tableScan(l) || /TEMP B-TREE/.test(l));
      plans.push({ query: s.name, sql: q.sql, plan, warnings });
    }
  }
  return plans;
}

/** Insert throughput of read-model rows at different batch sizes (rows per INSERT), on a throwaway database. */
async function batchSizeSweep(
  dir: string,
  today: string,
  cases: number,
  sizes: number[],
): Promise<QueryBenchResult['batchSizes']> {
  const out: QueryBenchResult['batchSizes'] = [];
  for (const batchSize of sizes) {
    const file = path.join(dir, `batch-${batchSize}.sqlite3`);
    const db = openDatabase(`sqlite://${file}`);
    try {
      const base = await prepare(db, today);
      const res = await generateCases(db, 0, cases, { ...base, batchSize });
      out.push({ batchSize, cases, ms: res.ms, rowsPerSecond: Math.round(res.rows / (res.ms / 1000)) });
    } catch (err) {
      out.push({ batchSize, cases, ms: NaN, rowsPerSecond: NaN, error: shortError(err) });
    } finally {
      await db.destroy();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }
  }
  return out;
}

export async function runQueryBench(opts: {
  dir: string;
  /** PostgreSQL: the URL of an empty database to load (default: a temporary SQLite file in dir) */
  postgresUrl?: string;
  today: string;
  scales: number[];
  iterations: number;
  batchSize: number;
  batchSweep: number[] | null;
  log: (line: string) => void;
}): Promise<QueryBenchResult> {
  const file = path.join(opts.dir, 'readmodel-bench.sqlite3');
  const pg = opts.postgresUrl !== undefined;
  const db = openDatabase(pg ? opts.postgresUrl! : `sqlite://${file}`);
  const result: QueryBenchResult = { database: pg ? 'postgres' : 'sqlite', scales: [], plans: [], batchSizes: [] };
  const label = pg ? 'queries (PostgreSQL)' : 'queries (SQLite)';
  try {
    const base = await prepare(db, opts.today);
    const list = scenarios(db, opts.today, base.usersByRole);
    let loaded = 0;
    let openTotal = 0;
    for (const target of opts.scales) {
      opts.log(`${label}: generating cases ${loaded}..${target} (batch ${opts.batchSize} rows/INSERT)`);
      const load = await generateCases(db, loaded, target, { ...base, batchSize: opts.batchSize });
      loaded = target;
      openTotal += load.openCases;
      // PostgreSQL: as autovacuum would, so index-only scans can skip the heap (its visibility map)
      await db.raw(pg ? 'VACUUM ANALYZE' : 'ANALYZE');
      const errors = new Map<string, string>();
      const samples = await timeScenarios(list, opts.iterations, errors);
      const queries = list.map((s) => ({
        ...figure(s.group, s.name, percentiles(samples.get(s.name)!)),
        ...(errors.has(s.name) ? { error: errors.get(s.name) } : {}),
      }));
      const pages = PAGES.map((p) => {
        const failed = p.parts.filter((part) => errors.has(part));
        if (failed.length) return { ...figure(p.group, p.name, percentiles([])), error: `fails: ${failed.join(', ')}` };
        const n = Math.min(...p.parts.map((part) => samples.get(part)!.length));
        const sums = Array.from({ length: n }, (_, i) => p.parts.reduce((a, part) => a + samples.get(part)![i], 0));
        return figure(p.group, p.name, percentiles(sums));
      });
      const ok = queries.filter((q) => !q.error);
      const worst = ok.reduce((w, q) => (q.p95 > w.p95 ? q : w), ok[0] ?? { name: '-', p95: NaN });
      for (const [name, e] of errors) opts.log(`${label}: ${name} FAILED: ${e.slice(0, 160)}`);
      const size = pg
        ? Number(
            ((await db.raw('select pg_database_size(current_database()) as n')) as { rows: { n: string }[] }).rows[0].n,
          )
        : fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
      result.scales.push({
        cases: target,
        openCases: openTotal,
        load,
        dbSizeMb: round(size / 1024 ** 2, 1),
        queries,
        pages,
        worstP95: { name: worst.name, p95: worst.p95 },
      });
      opts.log(`${label}: ${target} cases: slowest p95 ${worst.p95} ms (${worst.name})`);
    }
    result.plans = await explain(db, list);
  } finally {
    await db.destroy();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  if (opts.batchSweep && !pg)
    result.batchSizes = await batchSizeSweep(opts.dir, opts.today, Math.min(opts.scales[0], 5000), opts.batchSweep);
  return result;
}
