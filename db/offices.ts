/**
 * Care offices and what they may see: the access facts of a person (for officeMayViewPerson), the office's 利用者 and
 * 認定の進捗 lists in SQL (office_client_access), its tasks and the version stamp of its self-refreshing page.
 * An office sees persons through consent and an active 担当事業所登録 (domain/access.ts), never through what it filed.
 */
import type { Knex } from 'knex';
import { type Page, paging } from './paging';
import type { InsurerOnline, RegistrationFacts } from '../domain/access';
import { type AssignmentRow, type ConsentRow, consentOut, type PersonRow } from './persons';
import type { CaseRow } from './read-model';
import type { TaskRow } from './tasks';

export async function getOffice(
  db: Knex,
  officeNo: string,
): Promise<{ office_no: string; name: string; kind: string } | undefined> {
  return db('offices').where({ office_no: officeNo }).first('office_no', 'name', 'kind');
}

/** A person's registrations as domain/access.ts reads them. */
export interface RegistrationFactRow {
  office_no: string;
  insured_no: string;
  status: RegistrationFacts['status'];
  effective_on: string | null;
  ended_on: string | null;
  lapses_on: string | null;
}

export type AccessFacts = {
  consent: ConsentRow | null;
  assignments: AssignmentRow[];
  registrations: RegistrationFacts[];
  insurer: InsurerOnline | null;
};

export const registrationFacts = (r: RegistrationFactRow): RegistrationFacts => ({
  officeNo: r.office_no,
  status: r.status,
  effectiveOn: r.effective_on,
  endedOn: r.ended_on,
  lapsesOn: r.lapses_on,
});

/**
 * The persons (by number), with their latest consent, registrations, assignments (history only) and their insurer's
 * 利用開始日 and data-migration flag, for officeMayViewPerson (one-person checks).
 */
export async function accessFactsFor(db: Knex, insuredNos: string[]): Promise<Map<string, AccessFacts>> {
  const out = new Map<string, AccessFacts>();
  if (insuredNos.length === 0) return out;
  const [consents, assignments, registrations, insurers] = await Promise.all([
    db('consents')
      .whereIn('insured_no', insuredNos)
      .whereIn('id', db('consents').whereIn('insured_no', insuredNos).groupBy('insured_no').max('id')),
    db('office_assignments').whereIn('insured_no', insuredNos),
    db('office_registrations')
      .whereIn('insured_no', insuredNos)
      .select('office_no', 'insured_no', 'status', 'effective_on', 'ended_on', 'lapses_on'),
    db('insured_persons as p')
      .join('insurers as i', 'i.insurer_no', 'p.insurer_no')
      .whereIn('p.insured_no', insuredNos)
      .select('p.insured_no', 'i.online_start_on', 'i.data_migrated'),
  ]);
  for (const n of insuredNos) out.set(n, { consent: null, assignments: [], registrations: [], insurer: null });
  for (const c of consents as ConsentRow[]) out.get(c.insured_no)!.consent = consentOut(c);
  for (const a of assignments as AssignmentRow[]) out.get(a.insured_no)!.assignments.push(a);
  for (const r of registrations as RegistrationFactRow[])
    out.get(r.insured_no)!.registrations.push(registrationFacts(r));
  for (const i of insurers as { insured_no: string; online_start_on: string | null; data_migrated: unknown }[])
    out.get(i.insured_no)!.insurer = { startOn: i.online_start_on, dataMigrated: Boolean(i.data_migrated) };
  return out;
}

/**
 * The office_client_access rows that let an office see a person today: officeMayViewPerson (domain/access.ts) in SQL.
 * The person's latest 本人同意 is granted and not withdrawn by today, the row is an active registration in effect
 * today (not ended, not lapsed), and the person's insurer is online (利用開始日 passed, data migration complete). The
 * rows carry kana, consent and dates (kept by triggers, migration 20261205010000), so this is one range of
 * office_client_access_office_idx in kana order. test/db/office-visibility.test.ts checks it against
 * officeMayViewPerson on random facts.
 */
function officeAccessToday(db: Knex, officeNo: string, today: string) {
  return db('office_client_access as a')
    .where('a.office_no', officeNo)
    .where('a.consent_granted', true)
    .where((w) => w.whereNull('a.consent_revoked_on').orWhere('a.consent_revoked_on', '>', today))
    .where('a.effective_on', '<=', today)
    .where((w) => w.whereNull('a.ended_on').orWhere('a.ended_on', '>', today))
    .where((w) => w.whereNull('a.lapses_on').orWhere('a.lapses_on', '>', today))
    .whereIn(
      'a.insurer_no',
      db('insurers').where('data_migrated', true).where('online_start_on', '<=', today).select('insurer_no'),
    );
}

/** A page of an office list with a stamp of the whole list (any page): it changes when what the list shows changes. */
export interface OfficeListPage<T> extends Page<T> {
  stamp: string;
}

/** Reads one page of keys with the list's totals (window aggregates); past the last page, the totals of page 1. */
async function officePage<R extends { total: number | string }>(
  read: (limit: number, offset: number) => Promise<R[]>,
  page?: number,
  pageSize?: number,
): Promise<{ rows: R[]; totals: R | undefined; page: number; pageSize: number; total: number; pages: number }> {
  const p = paging(page, pageSize);
  const rows = await read(p.pageSize, p.offset);
  const totals = rows[0] ?? (p.offset > 0 ? (await read(1, 0))[0] : undefined);
  const total = Number(totals?.total ?? 0);
  return { rows, totals, page: p.page, pageSize: p.pageSize, total, pages: Math.max(1, Math.ceil(total / p.pageSize)) };
}

/** A client as the office's list shows them. */
export type OfficeClientRow = Pick<
  PersonRow,
  'insured_no' | 'name' | 'kana' | 'care_level' | 'cert_valid_from' | 'cert_valid_to' | 'status'
>;

/**
 * 利用者: the persons an office may see today, in フリガナ order, one page, in one statement. The page's keys are read
 * in index order (grouped by person: two registrations of one office are one client) and stop at the page's end; the
 * totals pass over the same index range counts the persons and stamps the set (the sum of its office_client_access
 * ids: a row added, removed or replaced by a trigger changes it). The persons' columns come from
 * insured_persons_list_idx alone.
 */
export async function officeClientsPage(
  db: Knex,
  f: { officeNo: string; today: string; page?: number; pageSize?: number },
): Promise<OfficeListPage<OfficeClientRow>> {
  type Row = OfficeClientRow & { total: number | string; revs: number | string | null };
  const persons = () => officeAccessToday(db, f.officeNo, f.today).groupBy('a.kana', 'a.insured_no');
  const totals = db
    .from(persons().select(db.raw('sum(a.id) as rev')).as('v'))
    .select(db.raw('count(*) as total'), db.raw('sum(v.rev) as revs'));
  const read = (limit: number, offset: number): Promise<Row[]> =>
    db
      .from(
        persons()
          .select('a.kana', 'a.insured_no')
          .orderBy([{ column: 'a.kana' }, { column: 'a.insured_no' }])
          .limit(limit)
          .offset(offset)
          .as('k'),
      )
      .join('insured_persons as p', 'p.insured_no', 'k.insured_no')
      .crossJoin(db.raw('? as t', [totals]))
      .select(
        'p.insured_no',
        'p.name',
        'p.kana',
        'p.care_level',
        'p.cert_valid_from',
        'p.cert_valid_to',
        'p.status',
        't.total',
        't.revs',
      )
      .orderBy([{ column: 'k.kana' }, { column: 'k.insured_no' }]);
  const r = await officePage(read, f.page, f.pageSize);
  return {
    rows: r.rows.map(({ total: _t, revs: _r, ...p }) => p),
    total: r.total,
    totalCapped: false,
    page: r.page,
    pageSize: r.pageSize,
    pages: r.pages,
    stamp: `${r.total}:${r.totals?.revs ?? 0}`,
  };
}

/** The case columns the office's progress list shows (web/views/case.ts kushiroProgress), with the person's name. */
const PROGRESS_COLUMNS = [
  'c.workflow_id',
  'c.case_kind',
  'c.insured_no',
  'c.application_no',
  'c.application_type',
  'c.applied_on',
  'c.filed_by_office_no',
  'c.stage',
  'c.status',
  'c.outcome',
  'c.final_level',
  'c.valid_from',
  'c.valid_to',
  'c.summary_json',
] as const;
export type OfficeProgressRow = Pick<
  CaseRow,
  (typeof PROGRESS_COLUMNS)[number] extends `c.${infer K}` ? K & keyof CaseRow : never
> & {
  person_name: string | null;
};

/**
 * 認定の進捗: certification cases an office follows, newest 申請日 first, one page: those of the persons it may see
 * today (its own 代行申請 for anyone else are hidden: filing opens nothing), open ones plus any applied on or after
 * `since` (Kushiro shows progress for 5 months from the 申請日). The keys come from cases_person_progress_idx per
 * visible person; count, newest update and the sum of last_seq (every recorded step raises it) stamp the whole list.
 */
export async function officeProgressPage(
  db: Knex,
  f: { officeNo: string; today: string; since: string; page?: number; pageSize?: number },
): Promise<OfficeListPage<OfficeProgressRow>> {
  type Row = OfficeProgressRow & { total: number | string; max_updated: string | null; seqs: number | string };
  const followed = (q: Knex.QueryBuilder) =>
    q
      .where('c.case_kind', 'certification')
      .where((w) => w.where('c.status', 'open').orWhere('c.applied_on', '>=', f.since))
      .select('c.workflow_id', 'c.applied_on', 'c.updated_at', 'c.last_seq');
  // clients who have a followed case at all (the rows know their open certifications and latest 申請日)
  const visible = officeAccessToday(db, f.officeNo, f.today)
    .where((w) => w.where('a.open_certifications', '>', 0).orWhere('a.last_applied_on', '>=', f.since))
    .select('a.insured_no');
  // The office's own filings (代行申請) of persons it may not see are not listed: a filing opens nothing (issue 15).
  const keysOf = followed(db('cases as c').whereIn('c.insured_no', visible));
  const order = [{ column: 'k.applied_on', order: 'desc' as const }, { column: 'k.workflow_id' }];
  const read = (limit: number, offset: number): Promise<Row[]> => {
    const keys = db
      .from(keysOf.as('u'))
      .select(
        'u.workflow_id',
        'u.applied_on',
        db.raw('count(*) over () as total'),
        db.raw('max(u.updated_at) over () as max_updated'),
        db.raw('sum(u.last_seq) over () as seqs'),
      )
      .orderBy([{ column: 'u.applied_on', order: 'desc' }, { column: 'u.workflow_id' }])
      .limit(limit)
      .offset(offset);
    return db
      .from(keys.as('k'))
      .join('cases as c', 'c.workflow_id', 'k.workflow_id')
      .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
      .select(...PROGRESS_COLUMNS, 'p.name as person_name', 'k.total', 'k.max_updated', 'k.seqs')
      .orderBy(order);
  };
  const r = await officePage(read, f.page, f.pageSize);
  return {
    rows: r.rows.map(({ total: _t, max_updated: _m, seqs: _s, ...c }) => c),
    total: r.total,
    totalCapped: false,
    page: r.page,
    pageSize: r.pageSize,
    pages: r.pages,
    stamp: `${r.total}:${r.totals?.max_updated ?? ''}:${r.totals?.seqs ?? 0}`,
  };
}

/** Tasks addressed to an office: how many, the newest, the last completed (from tasks_office_completed_idx alone). */
export async function officeTaskStamp(db: Knex, officeNo: string): Promise<string> {
  const t = (await db('tasks')
    .where('office_no', officeNo)
    .count({ n: '*' })
    .max({ m: 'created_at' })
    .max({ d: 'completed_at' })
    .first()) as { n: number | string; m: string | null; d: string | null } | undefined;
  return `${t?.n ?? 0}:${t?.m ?? ''}:${t?.d ?? ''}`;
}

/**
 * The office page's version (for the self-refreshing page): it changes when a followed case changes or one is added
 * or drops out, when the visible persons change, when a task arrives or is completed, and when the day changes
 * (visibility and the 更新 badges depend on the date).
 */
export function officeVersionOf(
  today: string,
  clients: OfficeListPage<unknown>,
  progress: OfficeListPage<unknown>,
  taskStamp: string,
): string {
  return [today, clients.stamp, progress.stamp, taskStamp].join('|');
}

/** The same version as the page computes, from one-row pages (/office/state, polled by the open page). */
export async function officeVersion(db: Knex, officeNo: string, today: string, since: string): Promise<string> {
  const clients = await officeClientsPage(db, { officeNo, today, pageSize: 1 });
  const progress = await officeProgressPage(db, { officeNo, today, since, pageSize: 1 });
  return officeVersionOf(today, clients, progress, await officeTaskStamp(db, officeNo));
}

/** Tasks addressed to one office (e.g. 更新申請の勧奨), open first. */
export async function officeTasks(
  db: Knex,
  officeNo: string,
  status: 'open' | 'done',
): Promise<(TaskRow & { insured_no: string | null; person_name: string | null })[]> {
  const q = db('tasks as t')
    .leftJoin('cases as c', 'c.workflow_id', 't.workflow_id')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where('t.office_no', officeNo)
    .select('t.*', 'c.insured_no', 'p.name as person_name');
  if (status === 'open') q.where('t.status', 'open').orderBy([{ column: 't.due_on', order: 'asc' }]);
  else q.whereIn('t.status', ['completed', 'cancelled']).orderBy('t.completed_at', 'desc').limit(100);
  return q;
}
