/**
 * Read queries behind the back-office pages: inbox, case list and detail, persons, office views, dashboard, audit.
 * Every list is paged and read in the order of an index that ends in its sort key (20261125000200_list_order_indexes),
 * so a page costs its own rows, not the list's; paging counts stop at COUNT_CAP ("1000 件以上"). Text search uses
 * prefix ranges (`col >= q AND col < q || U+FFFF`) so it stays an index range scan on SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import type { CaseRow } from './read-model';

/** One page of a list. */
export interface Page<T> {
  rows: T[];
  /** rows in the list, or (totalCapped) a lower bound: counting stops after COUNT_CAP rows or the current page */
  total: number;
  /** there are more than `total` rows; the page shows "N 件以上" and no page count */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pages: number;
}

const MAX_PAGE_SIZE = 100;
const PREFIX_END = '\uffff';
/** Paged lists count their rows up to here (or to the end of the current page, if further); beyond, "N 件以上". */
export const COUNT_CAP = 1000;

function paging(page: number | undefined, pageSize: number | undefined) {
  const size = Math.min(Math.max(1, Math.floor(pageSize ?? 50)), MAX_PAGE_SIZE);
  const p = Math.max(1, Math.floor(page ?? 1));
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

async function countOf(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as
    { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** count(*) of a filter, reading at most cap + 1 rows: `select count(*) from (select 1 … limit cap + 1)`. */
async function countUpTo(db: Knex, q: Knex.QueryBuilder, cap: number): Promise<{ n: number; capped: boolean }> {
  const rows = q
    .clone()
    .clearSelect()
    .clearOrder()
    .select(db.raw('1 as one'))
    .limit(cap + 1);
  const row = (await db.from(rows.as('capped')).count({ n: '*' }).first()) as { n: number | string } | undefined;
  const n = Number(row?.n ?? 0);
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/**
 * One page: `filter` (the list's WHERE, without joins) is counted up to COUNT_CAP rows; `rows` reads the page, either
 * a query to which LIMIT / OFFSET are added or a function given them.
 */
async function pageOf<T>(
  db: Knex,
  filter: Knex.QueryBuilder,
  rows: Knex.QueryBuilder | ((limit: number, offset: number) => Promise<T[]>),
  page?: number,
  pageSize?: number,
): Promise<Page<T>> {
  const p = paging(page, pageSize);
  const cap = Math.max(COUNT_CAP, p.offset + p.pageSize);
  const read =
    typeof rows === 'function'
      ? rows(p.pageSize, p.offset)
      : (rows.clone().limit(p.pageSize).offset(p.offset) as Promise<T[]>);
  const [count, list] = await Promise.all([countUpTo(db, filter, cap), read]);
  const pages = count.capped
    ? Math.max(Math.ceil(count.n / p.pageSize), p.page + 1)
    : Math.max(1, Math.ceil(count.n / p.pageSize));
  return { rows: list, total: count.n, totalCapped: count.capped, page: p.page, pageSize: p.pageSize, pages };
}

/** 被保険者番号 (digits) or フリガナ: hiragana → katakana, full-width digits and spaces normalised. */
export function normaliseSearch(q: string): { kind: 'insured_no' | 'kana'; value: string } | null {
  const s = q
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
  if (!s) return null;
  if (/^\d+$/.test(s)) return { kind: 'insured_no', value: s };
  return { kind: 'kana', value: s };
}

function wherePrefix(q: Knex.QueryBuilder, column: string, value: string): void {
  q.where(column, '>=', value).andWhere(column, '<', value + PREFIX_END);
}

// ---------------------------------------------------------------- inbox (tasks)

/** Inbox tabs: 自分の担当 / 未割当 / すべて（未完了） / 完了. */
export type InboxTab = 'mine' | 'unassigned' | 'all' | 'completed';
export const INBOX_TABS: readonly InboxTab[] = ['mine', 'unassigned', 'all', 'completed'];

export interface TaskRow {
  id: string;
  workflow_id: string;
  /** the entry of the workflow's task table (e.g. CERTIFICATION_TASKS) */
  task_key: string | null;
  task_type: string;
  title: string;
  candidate_role: string;
  office_no: string | null;
  assignee_user_id: number | null;
  status: 'open' | 'completed' | 'cancelled';
  due_on: string | null;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
}

/** A task with its case and person, as the inbox lists it. */
export interface InboxRow extends TaskRow {
  assignee_name: string | null;
  insured_no: string | null;
  person_name: string | null;
  case_kind: string | null;
  application_no: string | null;
  application_type: string | null;
  stage: string | null;
  case_sla_state: string | null;
  case_due_on: string | null;
}

/** Whose tasks a municipal user sees: their role's, or (supervisor) every municipal role's. */
export interface InboxScope {
  /** null = every municipal role (supervisor) */
  candidateRole: string | null;
  userId: number;
}

function inboxBase(db: Knex, scope: InboxScope) {
  const q = db('tasks as t');
  if (scope.candidateRole) q.where('t.candidate_role', scope.candidateRole);
  else q.whereNot('t.candidate_role', 'office_staff');
  return q;
}

function withInboxTab(q: Knex.QueryBuilder, tab: InboxTab, userId: number) {
  if (tab === 'completed') return q.whereIn('t.status', ['completed', 'cancelled']);
  q.where('t.status', 'open');
  if (tab === 'mine') q.where('t.assignee_user_id', userId);
  if (tab === 'unassigned') q.whereNull('t.assignee_user_id');
  return q;
}

/**
 * The inbox: open tasks by due date (earliest first), or completed ones, newest first. Each tab's order is the tail of
 * one index (20261125000200_list_order_indexes) after its equality columns, so the page is read in order and the
 * joins run for the page's rows only.
 */
export async function listInbox(
  db: Knex,
  opts: InboxScope & { tab: InboxTab; page?: number; pageSize?: number },
): Promise<Page<InboxRow>> {
  const filter = withInboxTab(inboxBase(db, opts), opts.tab, opts.userId);
  const q = filter
    .clone()
    .leftJoin('cases as c', 'c.workflow_id', 't.workflow_id')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .leftJoin('users as u', 'u.id', 't.assignee_user_id')
    .select(
      't.*',
      'u.display_name as assignee_name',
      'c.insured_no',
      'p.name as person_name',
      'c.case_kind',
      'c.application_no',
      'c.application_type',
      'c.stage',
      'c.sla_state as case_sla_state',
      'c.due_on as case_due_on',
    );
  if (opts.tab === 'completed') q.orderBy([{ column: 't.completed_at', order: 'desc' }, { column: 't.id' }]);
  // Plain ascending order so the (status, [candidate_role,] [assignee_user_id,] due_on, created_at, id) indexes serve
  // the sort; undated tasks come first on SQLite and last on PostgreSQL (knex's `nulls` option drops the column on
  // SQLite).
  else q.orderBy([{ column: 't.due_on', order: 'asc' }, { column: 't.created_at' }, { column: 't.id' }]);
  return pageOf<InboxRow>(db, filter, q, opts.page, opts.pageSize);
}

/** A tab's count; past COUNT_CAP the label says "1000+" (capped) instead of counting every open task. */
export interface TabCount {
  n: number;
  capped: boolean;
}

/** Counts per open tab (for the tab labels), each up to COUNT_CAP. */
export async function inboxCounts(
  db: Knex,
  scope: InboxScope,
): Promise<Record<Exclude<InboxTab, 'completed'>, TabCount>> {
  const [mine, unassigned, all] = await Promise.all([
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'mine', scope.userId), COUNT_CAP),
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'unassigned', scope.userId), COUNT_CAP),
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'all', scope.userId), COUNT_CAP),
  ]);
  return { mine, unassigned, all };
}

export async function getTask(db: Knex, id: string): Promise<TaskRow | undefined> {
  return db('tasks').where({ id }).first();
}

/** Tasks of one case (open first, then by creation), with the assignee's name. */
export async function tasksOfCase(
  db: Knex,
  workflowId: string,
): Promise<(TaskRow & { assignee_name: string | null })[]> {
  return db('tasks as t')
    .leftJoin('users as u', 'u.id', 't.assignee_user_id')
    .where('t.workflow_id', workflowId)
    .select('t.*', 'u.display_name as assignee_name')
    .orderByRaw("case when t.status = 'open' then 0 else 1 end")
    .orderBy('t.created_at');
}

// ---------------------------------------------------------------- cases

/** A case row with its person's name and kana. */
export interface CaseListRow extends CaseRow {
  person_name: string | null;
  person_kana: string | null;
}

export interface CaseFilter {
  insurerNo: string;
  today: string;
  stage?: string;
  applicationType?: string;
  caseKind?: string;
  /** open and past the 法定期限 (due_on < today) */
  overdue?: boolean;
  status?: 'open' | 'closed';
  q?: string;
  page?: number;
  pageSize?: number;
}

/**
 * 案件一覧: filters on stage, 申請区分, overdue and a 被保険者番号 / フリガナ prefix; newest activity first. The page's
 * keys come from an index alone (cases_insurer_*_updated / cases_open_due / cases_person_updated / cases_insurer_kana),
 * then only those rows are read and joined to the person.
 */
export async function listCases(db: Knex, f: CaseFilter): Promise<Page<CaseListRow>> {
  const filter = db('cases as c').where('c.insurer_no', f.insurerNo);
  if (f.stage) filter.where('c.stage', f.stage);
  if (f.applicationType) filter.where('c.application_type', f.applicationType);
  if (f.caseKind) filter.where('c.case_kind', f.caseKind);
  if (f.status) filter.where('c.status', f.status);
  if (f.overdue) filter.where('c.status', 'open').where('c.due_on', '<', f.today);
  const search = f.q ? normaliseSearch(f.q) : null;
  // Both searches are one index range on the case rows: 被保険者番号 on cases_person_updated_idx, the person's フリガナ
  // (cases.person_kana, kept equal to insured_persons.kana) on cases_insurer_kana_idx, which also holds every filter
  // column; only the matching keys are sorted, then the page's rows are read.
  if (search) wherePrefix(filter, search.kind === 'insured_no' ? 'c.insured_no' : 'c.person_kana', search.value);
  const order: { column: string; order?: 'asc' | 'desc' }[] = f.overdue
    ? [{ column: 'c.due_on' }, { column: 'c.workflow_id' }]
    : [{ column: 'c.updated_at', order: 'desc' }, { column: 'c.workflow_id' }];
  const rows = (limit: number, offset: number): Promise<CaseListRow[]> =>
    db('cases as c')
      .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
      .whereIn('c.workflow_id', filter.clone().select('c.workflow_id').orderBy(order).limit(limit).offset(offset))
      .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
      .orderBy(order);
  return pageOf<CaseListRow>(db, filter, rows, f.page, f.pageSize);
}

export async function getCase(db: Knex, workflowId: string): Promise<CaseListRow | undefined> {
  return db('cases as c')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where('c.workflow_id', workflowId)
    .first('c.*', 'p.name as person_name', 'p.kana as person_kana');
}

export interface CaseEventRow {
  workflow_id: string;
  seq: number;
  event_type: string;
  actor: string | null;
  occurred_at: string;
  payload_json: string | null;
}

/** 業務履歴 of one case, in workflow order, with the actor's display name when the actor is a login. */
export async function caseEvents(
  db: Knex,
  workflowId: string,
): Promise<(CaseEventRow & { actor_name: string | null; actor_role: string | null })[]> {
  return db('case_events as e')
    .leftJoin('users as u', 'u.login_id', 'e.actor')
    .where('e.workflow_id', workflowId)
    .select('e.*', 'u.display_name as actor_name', 'u.role as actor_role')
    .orderBy('e.seq');
}

export interface NoticeListRow {
  id: string;
  workflow_id: string;
  kind: string;
  title: string;
  created_at: string;
}

/** Notices of one case (without the HTML). */
export async function noticesOfCase(db: Knex, workflowId: string): Promise<NoticeListRow[]> {
  return db('notices')
    .where({ workflow_id: workflowId })
    .select('id', 'workflow_id', 'kind', 'title', 'created_at')
    .orderBy('created_at');
}

export async function getNotice(db: Knex, id: string): Promise<(NoticeListRow & { html: string }) | undefined> {
  return db('notices').where({ id }).first();
}

/** Cases of one person, newest application first. */
export async function casesOfPerson(db: Knex, insuredNo: string): Promise<CaseRow[]> {
  return db('cases')
    .where({ insured_no: insuredNo })
    .orderBy([{ column: 'created_at', order: 'desc' }]);
}

// ---------------------------------------------------------------- persons

export interface PersonRow {
  insured_no: string;
  insurer_no: string;
  name: string;
  kana: string;
  birth_date: string;
  sex: string;
  address: string | null;
  phone: string | null;
  insured_category: number;
  status: string;
  care_level: string | null;
  cert_valid_from: string | null;
  cert_valid_to: string | null;
  certified_on: string | null;
  board_opinion: string | null;
  service_type_restriction: string | null;
  copay_ratio: number | null;
  copay_valid_from: string | null;
  copay_valid_to: string | null;
  burden_limit_stage: string | null;
  burden_limit_valid_to: string | null;
  plan_office_no: string | null;
  plan_notified_on: string | null;
  updated_at: string;
}

/** 被保険者一覧: フリガナ order, optional 被保険者番号 / フリガナ prefix. */
export async function listPersons(
  db: Knex,
  f: { insurerNo: string; q?: string; page?: number; pageSize?: number },
): Promise<Page<PersonRow>> {
  const q = db('insured_persons').where('insurer_no', f.insurerNo).select('*');
  const search = f.q ? normaliseSearch(f.q) : null;
  if (search) wherePrefix(q, search.kind === 'insured_no' ? 'insured_no' : 'kana', search.value);
  q.orderBy([{ column: search?.kind === 'insured_no' ? 'insured_no' : 'kana' }, { column: 'insured_no' }]);
  return pageOf<PersonRow>(db, q, q, f.page, f.pageSize);
}

export async function getPerson(db: Knex, insuredNo: string): Promise<PersonRow | undefined> {
  return db('insured_persons').where({ insured_no: insuredNo }).first();
}

export interface ConsentRow {
  id: number;
  insured_no: string;
  granted: boolean;
  granted_on: string;
  channel: string;
  obtained_by_office_no: string | null;
  revoked_on: string | null;
  source_workflow_id: string | null;
}

function consentOut(r: ConsentRow | undefined): ConsentRow | null {
  return r ? { ...r, granted: Boolean(r.granted) } : null;
}

/** The person's latest 本人同意 record (null when never asked). */
export async function currentConsent(db: Knex, insuredNo: string): Promise<ConsentRow | null> {
  return consentOut(await db('consents').where({ insured_no: insuredNo }).orderBy('id', 'desc').first());
}

export interface AssignmentRow {
  id: number;
  insured_no: string;
  office_no: string;
  office_name: string | null;
  office_kind: string | null;
  start_date: string;
  end_date: string | null;
}

/** 担当事業所 history of one person, latest first. */
export async function assignmentsOfPerson(db: Knex, insuredNo: string): Promise<AssignmentRow[]> {
  return db('office_assignments as a')
    .leftJoin('offices as o', 'o.office_no', 'a.office_no')
    .where('a.insured_no', insuredNo)
    .select('a.*', 'o.name as office_name', 'o.kind as office_kind')
    .orderBy([
      { column: 'a.start_date', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ]);
}

export interface BenefitUsageRow {
  id: number;
  insured_no: string;
  kind: 'home_modification' | 'welfare_equipment';
  used_on: string;
  amount_yen: number;
  description: string | null;
}

export async function benefitUsagesOfPerson(db: Knex, insuredNo: string): Promise<BenefitUsageRow[]> {
  return db('benefit_usages')
    .where({ insured_no: insuredNo })
    .orderBy([
      { column: 'used_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

export async function getOffice(
  db: Knex,
  officeNo: string,
): Promise<{ office_no: string; name: string; kind: string } | undefined> {
  return db('offices').where({ office_no: officeNo }).first('office_no', 'name', 'kind');
}

// ---------------------------------------------------------------- care office scope

/** Open cases an office filed on someone's behalf (代行): they make the person visible while pending. */
export async function pendingProxyOfficeNos(db: Knex, insuredNo: string): Promise<string[]> {
  const rows = await db('cases')
    .where({ insured_no: insuredNo, status: 'open' })
    .whereNotNull('filed_by_office_no')
    .distinct('filed_by_office_no');
  return rows.map((r: { filed_by_office_no: string }) => r.filed_by_office_no);
}

/** The persons (by number), with their latest consent and every assignment, for officeMayViewPerson (one-person checks). */
export async function accessFactsFor(db: Knex, insuredNos: string[]) {
  if (insuredNos.length === 0)
    return new Map<string, { consent: ConsentRow | null; assignments: AssignmentRow[]; proxyOffices: string[] }>();
  const [consents, assignments, proxies] = await Promise.all([
    db('consents')
      .whereIn('insured_no', insuredNos)
      .whereIn('id', db('consents').whereIn('insured_no', insuredNos).groupBy('insured_no').max('id')),
    db('office_assignments').whereIn('insured_no', insuredNos),
    db('cases')
      .whereIn('insured_no', insuredNos)
      .where('status', 'open')
      .whereNotNull('filed_by_office_no')
      .select('insured_no', 'filed_by_office_no'),
  ]);
  const out = new Map<string, { consent: ConsentRow | null; assignments: AssignmentRow[]; proxyOffices: string[] }>();
  for (const n of insuredNos) out.set(n, { consent: null, assignments: [], proxyOffices: [] });
  for (const c of consents as ConsentRow[]) out.get(c.insured_no)!.consent = consentOut(c);
  for (const a of assignments as AssignmentRow[]) out.get(a.insured_no)!.assignments.push(a);
  for (const p of proxies as { insured_no: string; filed_by_office_no: string }[])
    out.get(p.insured_no)!.proxyOffices.push(p.filed_by_office_no);
  return out;
}

/**
 * The office_client_access rows that let an office see a person today: officeMayViewPerson (domain/access.ts) in SQL.
 * The person's latest 本人同意 is granted and not withdrawn by today, and the row is a 担当 assignment covering today or
 * an open case the office filed (代行申請). The rows carry the person's kana and consent (kept by triggers, migration
 * 20261125000500), so this is one range of office_client_access_office_idx in kana order, read from the index alone.
 * test/db/office-visibility.test.ts checks it against officeMayViewPerson on random facts.
 */
function officeAccessToday(db: Knex, officeNo: string, today: string) {
  return db('office_client_access as a')
    .where('a.office_no', officeNo)
    .where('a.consent_granted', true)
    .where((w) => w.whereNull('a.consent_revoked_on').orWhere('a.consent_revoked_on', '>', today))
    .where((w) =>
      w
        .whereNotNull('a.workflow_id')
        .orWhere((x) =>
          x
            .where('a.start_date', '<=', today)
            .where((y) => y.whereNull('a.end_date').orWhere('a.end_date', '>=', today)),
        ),
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
 * in index order (grouped by person: an assignment and a 代行申請 are one client) and stop at the page's end; the
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
 * today and those it filed itself (代行申請, shown even without the person's consent), open ones plus any applied on or
 * after `since` (Kushiro shows progress for 5 months from the 申請日). The keys come from two covering indexes
 * (cases_person_progress_idx per visible person, cases_office_progress_idx for the office's filings); count, newest
 * update and the sum of last_seq (every recorded step raises it) stamp the whole list.
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
  const keysOf = followed(db('cases as c').whereIn('c.insured_no', visible)).union(
    followed(db('cases as c').where('c.filed_by_office_no', f.officeNo)),
  );
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

// ---------------------------------------------------------------- dashboard

/**
 * Open certification cases per stage and per SLA state, counted in one pass over cases_open_stage_sla_idx (the
 * index alone): one group per (stage, SLA state) pair, summed both ways here.
 */
export async function openCaseCounts(
  db: Knex,
  insurerNo: string,
): Promise<{ byStage: { stage: string; n: number }[]; bySla: Record<string, number> }> {
  const rows = (await db('cases')
    .where({ status: 'open', insurer_no: insurerNo, case_kind: 'certification' })
    .groupBy('stage', 'sla_state')
    .select('stage', 'sla_state')
    .count({ n: '*' })) as { stage: string; sla_state: string | null; n: number | string }[];
  const byStage = new Map<string, number>();
  const bySla: Record<string, number> = {};
  for (const r of rows) {
    byStage.set(r.stage, (byStage.get(r.stage) ?? 0) + Number(r.n));
    bySla[r.sla_state ?? 'none'] = (bySla[r.sla_state ?? 'none'] ?? 0) + Number(r.n);
  }
  return { byStage: [...byStage].map(([stage, n]) => ({ stage, n })), bySla };
}

function overdueQuery(db: Knex, insurerNo: string, today: string) {
  return db('cases as c')
    .where('c.status', 'open')
    .where('c.due_on', '<', today)
    .where('c.insurer_no', insurerNo)
    .where('c.case_kind', 'certification');
}

/** Open cases past the 30-day 法定期限. */
export async function overdueCount(db: Knex, insurerNo: string, today: string): Promise<number> {
  return countOf(overdueQuery(db, insurerNo, today));
}

/** Open cases past the 法定期限, oldest deadline first (for the CSV; limit for the page). */
export async function overdueCases(db: Knex, insurerNo: string, today: string, limit?: number): Promise<CaseListRow[]> {
  const q = overdueQuery(db, insurerNo, today)
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
    .orderBy([{ column: 'c.due_on' }, { column: 'c.workflow_id' }]);
  if (limit) q.limit(limit);
  return q;
}

/** Open 延期通知 tasks (the notice has not been issued yet): task_type starting with 'postpone', as an index range. */
export async function pendingPostponementCount(db: Knex): Promise<number> {
  const q = db('tasks').where('status', 'open');
  wherePrefix(q, 'task_type', 'postpone');
  return countOf(q);
}

/**
 * 決定までの平均日数: average days from 申請日 to 処分 of the certification cases decided on or after `since` (the
 * dashboard: the last 12 months), from decision_stats (one row per insurer and decision day, kept by the read-model
 * writer): at most 366 rows, however many cases were decided.
 */
export async function averageDaysToDecision(db: Knex, insurerNo: string, since: string): Promise<number | null> {
  const row = (await db('decision_stats')
    .where('insurer_no', insurerNo)
    .where('decided_on', '>=', since)
    .sum({ days: 'total_days' })
    .sum({ n: 'cases' })
    .first()) as { days: number | string | null; n: number | string | null } | undefined;
  const n = Number(row?.n ?? 0);
  return n > 0 ? Math.round((Number(row!.days) / n) * 10) / 10 : null;
}

/** The oldest open applications. */
export async function oldestOpenCases(db: Knex, insurerNo: string, limit = 10): Promise<CaseListRow[]> {
  return db('cases as c')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where('c.status', 'open')
    .where('c.insurer_no', insurerNo)
    .where('c.case_kind', 'certification')
    .whereNotNull('c.applied_on')
    .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
    .orderBy([{ column: 'c.applied_on' }, { column: 'c.workflow_id' }])
    .limit(limit);
}

// ---------------------------------------------------------------- audit

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  login_id: string | null;
  action: string;
  target: string | null;
  detail_json: string | null;
  ip: string | null;
}

/** 監査ログ, newest first; `target` matches exactly or as a prefix ending in ':' ("person:" lists every person view). */
export async function listAudit(
  db: Knex,
  f: { target?: string; page?: number; pageSize?: number },
): Promise<Page<AuditRow>> {
  const q = db('audit_log').select('*').orderBy('id', 'desc');
  if (f.target) {
    if (f.target.endsWith(':')) wherePrefix(q, 'target', f.target);
    else q.where('target', f.target);
  }
  return pageOf<AuditRow>(db, q, q, f.page, f.pageSize);
}

/** The decided certification case whose validity ends on `validTo` (the one a renewal replaces), if kaigo-flow decided it. */
export async function certificationCaseEndingOn(
  db: Knex,
  insuredNo: string,
  validTo: string,
): Promise<{ workflow_id: string; application_no: string; insurer_no: string } | undefined> {
  return db('cases')
    .where({ insured_no: insuredNo, case_kind: 'certification', valid_to: validTo })
    .whereIn('outcome', ['certified', 'deemed_renewal'])
    .orderBy('updated_at', 'desc')
    .first('workflow_id', 'application_no', 'insurer_no');
}

/** A certification that is due for a 更新勧奨: the person's current one, decided in kaigo-flow, with no renewal filed. */
export interface RenewalDueRow {
  insured_no: string;
  care_level: string;
  cert_valid_to: string;
  plan_office_no: string | null;
  application_no: string;
  filed_by_office_no: string | null;
}

/**
 * Active persons whose current certification expires from `from` to `to` (inclusive), with the kaigo-flow case that
 * decided it. A person with a later application (更新 or 区分変更, filed after the certification began and not
 * withdrawn) needs no reminder. Ordered by expiry, at most `limit`.
 */
export async function renewalsDue(
  db: Knex,
  insurerNo: string,
  from: string,
  to: string,
  limit: number,
): Promise<RenewalDueRow[]> {
  // The deciding case is the one certificationCaseEndingOn finds, so the watch's ID is the one a renewal filing signals.
  const decidingCase = db('cases as d')
    .select('d.workflow_id')
    .whereRaw('d.insured_no = p.insured_no and d.valid_to = p.cert_valid_to')
    .where('d.case_kind', 'certification')
    .whereIn('d.outcome', ['certified', 'deemed_renewal'])
    .orderBy('d.updated_at', 'desc')
    .limit(1);
  return db('insured_persons as p')
    .join('cases as c', (j) => j.on('c.workflow_id', '=', db.raw('(?)', [decidingCase])))
    .where({ 'p.insurer_no': insurerNo, 'p.status': 'active' })
    .whereBetween('p.cert_valid_to', [from, to])
    .whereNotExists(function () {
      this.select(db.raw('1'))
        .from('cases as later')
        .whereRaw('later.insured_no = p.insured_no')
        .where('later.case_kind', 'certification')
        .whereRaw('later.applied_on > p.cert_valid_from')
        .where((w) => w.whereNull('later.outcome').orWhereNot('later.outcome', 'withdrawn'));
    })
    .orderBy('p.cert_valid_to')
    .orderBy('p.insured_no')
    .limit(limit)
    .select(
      'p.insured_no',
      'p.care_level',
      'p.cert_valid_to',
      'p.plan_office_no',
      'c.application_no',
      'c.filed_by_office_no',
    );
}
