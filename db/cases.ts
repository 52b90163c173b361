/**
 * Cases: the 案件一覧 (filters and search over the insurer's cases), one case, its 業務履歴 and a person's cases. Every
 * query takes the user's insurer; a case of another insurer is not found.
 */
import type { Knex } from 'knex';
import { matchesFirst, type Page, pageOf, normaliseSearch, searchPageOf, wherePersonMatches } from './paging';
import type { CaseRow } from './read-model';
import { whereCaseOfInsurer } from './scope';

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
 * 案件一覧: filters on stage, 申請区分, overdue and a search (被保険者番号 digits, 氏名 or フリガナ); newest activity first. The page's
 * keys come from an index alone (cases_insurer_*_updated / cases_open_due / cases_person_updated),
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
  // The matching persons are one range of person_search_keys' primary key; their cases come by cases_person_updated_idx.
  const matches = search ? wherePersonMatches(filter, 'c.insured_no', f.insurerNo, search.value) : null;
  const order: { column: string; order?: 'asc' | 'desc' }[] = f.overdue
    ? [{ column: 'c.due_on' }, { column: 'c.workflow_id' }]
    : [{ column: 'c.updated_at', order: 'desc' }, { column: 'c.workflow_id' }];
  // few: a search's matches, read whole (searchPageOf), sorted from the set m; only the sort columns, so that
  // cases_person_updated_idx alone yields them
  const keys = (limit: number, offset: number, few: boolean) =>
    (few
      ? matchesFirst(db, filter, ['c.workflow_id', f.overdue ? 'c.due_on' : 'c.updated_at'])
          .select('m.workflow_id')
          .orderBy(order.map((o) => ({ ...o, column: o.column.replace('c.', 'm.') })))
      : filter.clone().select('c.workflow_id').orderBy(order)
    )
      .limit(limit)
      .offset(offset);
  const rows = (limit: number, offset: number, few = false): Promise<CaseListRow[]> =>
    db('cases as c')
      .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
      .whereIn('c.workflow_id', keys(limit, offset, few))
      .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
      .orderBy(order);
  return matches
    ? searchPageOf<CaseListRow>(db, filter, matches, rows, f.page, f.pageSize)
    : pageOf<CaseListRow>(db, filter, rows, f.page, f.pageSize);
}

/** A case of the insurer (undefined for another insurer's). */
export async function getCase(db: Knex, insurerNo: string, workflowId: string): Promise<CaseListRow | undefined> {
  return db('cases as c')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where({ 'c.workflow_id': workflowId, 'c.insurer_no': insurerNo })
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
  insurerNo: string,
  workflowId: string,
): Promise<(CaseEventRow & { actor_name: string | null; actor_role: string | null })[]> {
  return whereCaseOfInsurer(db('case_events as e'), 'e.workflow_id', insurerNo)
    .leftJoin('users as u', 'u.login_id', 'e.actor')
    .where('e.workflow_id', workflowId)
    .select('e.*', 'u.display_name as actor_name', 'u.role as actor_role')
    .orderBy('e.seq');
}

/** Cases of one person, newest application first. */
export async function casesOfPerson(db: Knex, insurerNo: string, insuredNo: string): Promise<CaseRow[]> {
  return db('cases')
    .where({ insured_no: insuredNo, insurer_no: insurerNo })
    .orderBy([{ column: 'created_at', order: 'desc' }]);
}

/**
 * The insurer's open certification cases, `limit` at a time in workflow ID order after `after` (keyset paging, so a
 * settings change can reach every open case in batches however many there are).
 */
export async function openCertificationCaseIds(
  db: Knex,
  insurerNo: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const q = db('cases')
    .where({ insurer_no: insurerNo, case_kind: 'certification', status: 'open' })
    .orderBy('workflow_id')
    .limit(limit)
    .select('workflow_id');
  if (after !== null) q.andWhere('workflow_id', '>', after);
  return ((await q) as { workflow_id: string }[]).map((r) => r.workflow_id);
}
