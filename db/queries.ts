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
  const row = (await q.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** count(*) of a filter, reading at most cap + 1 rows: `select count(*) from (select 1 … limit cap + 1)`. */
async function countUpTo(db: Knex, q: Knex.QueryBuilder, cap: number): Promise<{ n: number; capped: boolean }> {
  const rows = q.clone().clearSelect().clearOrder().select(db.raw('1 as one')).limit(cap + 1);
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
  const read = typeof rows === 'function' ? rows(p.pageSize, p.offset) : (rows.clone().limit(p.pageSize).offset(p.offset) as Promise<T[]>);
  const [count, list] = await Promise.all([countUpTo(db, filter, cap), read]);
  const pages = count.capped ? Math.max(Math.ceil(count.n / p.pageSize), p.page + 1) : Math.max(1, Math.ceil(count.n / p.pageSize));
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
export async function listInbox(db: Knex, opts: InboxScope & { tab: InboxTab; page?: number; pageSize?: number }): Promise<Page<InboxRow>> {
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
export async function inboxCounts(db: Knex, scope: InboxScope): Promise<Record<Exclude<InboxTab, 'completed'>, TabCount>> {
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
export async function tasksOfCase(db: Knex, workflowId: string): Promise<(TaskRow & { assignee_name: string | null })[]> {
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
export async function caseEvents(db: Knex, workflowId: string): Promise<(CaseEventRow & { actor_name: string | null; actor_role: string | null })[]> {
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
  return db('notices').where({ workflow_id: workflowId }).select('id', 'workflow_id', 'kind', 'title', 'created_at').orderBy('created_at');
}

export async function getNotice(db: Knex, id: string): Promise<(NoticeListRow & { html: string }) | undefined> {
  return db('notices').where({ id }).first();
}

/** Cases of one person, newest application first. */
export async function casesOfPerson(db: Knex, insuredNo: string): Promise<CaseRow[]> {
  return db('cases').where({ insured_no: insuredNo }).orderBy([{ column: 'created_at', order: 'desc' }]);
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
export async function listPersons(db: Knex, f: { insurerNo: string; q?: string; page?: number; pageSize?: number }): Promise<Page<PersonRow>> {
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
    .orderBy([{ column: 'a.start_date', order: 'desc' }, { column: 'a.id', order: 'desc' }]);
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
  return db('benefit_usages').where({ insured_no: insuredNo }).orderBy([{ column: 'used_on', order: 'desc' }, { column: 'id', order: 'desc' }]);
}

export async function getOffice(db: Knex, officeNo: string): Promise<{ office_no: string; name: string; kind: string } | undefined> {
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

/** Persons an office may be able to see: active 担当 assignments and persons with an open 代行申請 by the office. */
export async function officeCandidatePersons(db: Knex, officeNo: string, today: string): Promise<string[]> {
  const assigned = db('office_assignments')
    .where('office_no', officeNo)
    .where('start_date', '<=', today)
    .where((w) => w.whereNull('end_date').orWhere('end_date', '>=', today))
    .select('insured_no');
  const proxied = db('cases').where({ filed_by_office_no: officeNo, status: 'open' }).select('insured_no');
  const [a, p] = await Promise.all([assigned, proxied]);
  return [...new Set([...a, ...p].map((r: { insured_no: string }) => r.insured_no))];
}

/** The persons (by number), with their latest consent and every assignment, for officeMayViewPerson. */
export async function accessFactsFor(db: Knex, insuredNos: string[]) {
  if (insuredNos.length === 0) return new Map<string, { consent: ConsentRow | null; assignments: AssignmentRow[]; proxyOffices: string[] }>();
  const [consents, assignments, proxies] = await Promise.all([
    db('consents')
      .whereIn('insured_no', insuredNos)
      .whereIn('id', db('consents').whereIn('insured_no', insuredNos).groupBy('insured_no').max('id')),
    db('office_assignments').whereIn('insured_no', insuredNos),
    db('cases').whereIn('insured_no', insuredNos).where('status', 'open').whereNotNull('filed_by_office_no').select('insured_no', 'filed_by_office_no'),
  ]);
  const out = new Map<string, { consent: ConsentRow | null; assignments: AssignmentRow[]; proxyOffices: string[] }>();
  for (const n of insuredNos) out.set(n, { consent: null, assignments: [], proxyOffices: [] });
  for (const c of consents as ConsentRow[]) out.get(c.insured_no)!.consent = consentOut(c);
  for (const a of assignments as AssignmentRow[]) out.get(a.insured_no)!.assignments.push(a);
  for (const p of proxies as { insured_no: string; filed_by_office_no: string }[]) out.get(p.insured_no)!.proxyOffices.push(p.filed_by_office_no);
  return out;
}

export async function personsByNo(db: Knex, insuredNos: string[]): Promise<PersonRow[]> {
  if (insuredNos.length === 0) return [];
  return db('insured_persons').whereIn('insured_no', insuredNos).orderBy('kana');
}

/**
 * Certification cases an office follows: those of its visible persons and those it filed (代行), open ones plus any
 * applied on or after `since` (Kushiro shows progress for 5 months from the 申請日).
 */
export async function progressCasesOf(db: Knex, insuredNos: string[], since: string, officeNo?: string): Promise<CaseListRow[]> {
  if (insuredNos.length === 0 && !officeNo) return [];
  return db('cases as c')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where((w) => {
      if (officeNo) w.where('c.filed_by_office_no', officeNo);
      if (insuredNos.length) w.orWhereIn('c.insured_no', insuredNos);
    })
    .where('c.case_kind', 'certification')
    .where((w) => w.where('c.status', 'open').orWhere('c.applied_on', '>=', since))
    .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
    .orderBy([{ column: 'c.applied_on', order: 'desc' }, { column: 'c.workflow_id' }])
    .limit(500);
}

/** Tasks addressed to one office (e.g. 更新申請の勧奨), open first. */
export async function officeTasks(db: Knex, officeNo: string, status: 'open' | 'done'): Promise<(TaskRow & { insured_no: string | null; person_name: string | null })[]> {
  const q = db('tasks as t')
    .leftJoin('cases as c', 'c.workflow_id', 't.workflow_id')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where('t.office_no', officeNo)
    .select('t.*', 'c.insured_no', 'p.name as person_name');
  if (status === 'open') q.where('t.status', 'open').orderBy([{ column: 't.due_on', order: 'asc' }]);
  else q.whereIn('t.status', ['completed', 'cancelled']).orderBy('t.completed_at', 'desc').limit(100);
  return q;
}

/** A value that changes whenever anything an office sees changes (for the self-refreshing page). */
export async function officeVersion(db: Knex, officeNo: string, insuredNos: string[]): Promise<string> {
  const cases = db('cases').where((w) => {
    w.where('filed_by_office_no', officeNo);
    if (insuredNos.length) w.orWhereIn('insured_no', insuredNos);
  });
  const [c, t] = await Promise.all([
    cases.max({ m: 'updated_at' }).count({ n: '*' }).first() as Promise<{ m: string | null; n: number | string }>,
    db('tasks')
      .where('office_no', officeNo)
      .max({ m: 'created_at' })
      .max({ d: 'completed_at' })
      .count({ n: '*' })
      .first() as Promise<{ m: string | null; d: string | null; n: number | string }>,
  ]);
  return [c?.m ?? '', c?.n ?? 0, t?.m ?? '', t?.d ?? '', t?.n ?? 0, insuredNos.length].join('|');
}

// ---------------------------------------------------------------- dashboard

/**
 * Open certification cases per stage and per SLA state, counted in one pass over cases_open_stage_sla_idx (the
 * index alone): one group per (stage, SLA state) pair, summed both ways here.
 */
export async function openCaseCounts(db: Knex, insurerNo: string): Promise<{ byStage: { stage: string; n: number }[]; bySla: Record<string, number> }> {
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
export async function listAudit(db: Knex, f: { target?: string; page?: number; pageSize?: number }): Promise<Page<AuditRow>> {
  const q = db('audit_log').select('*').orderBy('id', 'desc');
  if (f.target) {
    if (f.target.endsWith(':')) wherePrefix(q, 'target', f.target);
    else q.where('target', f.target);
  }
  return pageOf<AuditRow>(db, q, q, f.page, f.pageSize);
}

/** The decided certification case whose validity ends on `validTo` (the one a renewal replaces), if kaigo-flow decided it. */
export async function certificationCaseEndingOn(db: Knex, insuredNo: string, validTo: string): Promise<{ workflow_id: string; application_no: string; insurer_no: string } | undefined> {
  return db('cases')
    .where({ insured_no: insuredNo, case_kind: 'certification', valid_to: validTo })
    .whereIn('outcome', ['certified', 'deemed_renewal'])
    .orderBy('updated_at', 'desc')
    .first('workflow_id', 'application_no', 'insurer_no');
}
