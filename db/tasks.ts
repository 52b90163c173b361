/**
 * Human tasks: the municipal inbox (tabs, counts, claim and release) and the tasks of a case. Every query takes the
 * user's insurer; tasks belong to it through their case. Office tasks are in offices.ts.
 */
import type { Knex } from 'knex';
import { countUpTo, COUNT_CAP, type Page, pageOf } from './paging';
import { whereCaseOfInsurer, whereCaseOfInsurerProbe } from './scope';

/** Inbox tabs: 自分の担当 / 未割当 / すべて（未完了） / 完了. */
/** todo: mine and my role's unassigned, where a user's work is (the inbox opens there). */
export type InboxTab = 'todo' | 'mine' | 'unassigned' | 'all' | 'completed';
export const INBOX_TABS: readonly InboxTab[] = ['todo', 'mine', 'unassigned', 'all', 'completed'];

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
  /** the user's insurer: tasks of other insurers' cases are never listed */
  insurerNo: string;
  /** null = every municipal role (supervisor) */
  candidateRole: string | null;
  userId: number;
}

function inboxBase(db: Knex, scope: InboxScope, tab?: InboxTab) {
  const q = db('tasks as t');
  if (scope.candidateRole) q.where('t.candidate_role', scope.candidateRole);
  else q.whereNot('t.candidate_role', 'office_staff');
  // the supervisor's 完了 tab reads tasks_completed_idx from its start: probe each task's case (see scope.ts)
  if (!scope.candidateRole && tab === 'completed') return whereCaseOfInsurerProbe(q, 't.workflow_id', scope.insurerNo);
  return whereCaseOfInsurer(q, 't.workflow_id', scope.insurerNo);
}

function withInboxTab(q: Knex.QueryBuilder, tab: InboxTab, userId: number) {
  // completed_at is set with either status; saying so lets PostgreSQL start its DESC index after the open tasks' NULLs
  if (tab === 'completed') return q.whereIn('t.status', ['completed', 'cancelled']).whereNotNull('t.completed_at');
  q.where('t.status', 'open');
  if (tab === 'todo') q.where((w) => w.where('t.assignee_user_id', userId).orWhereNull('t.assignee_user_id'));
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
  const filter = withInboxTab(inboxBase(db, opts, opts.tab), opts.tab, opts.userId);
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
  const [todo, mine, unassigned, all] = await Promise.all([
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'todo', scope.userId), COUNT_CAP),
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'mine', scope.userId), COUNT_CAP),
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'unassigned', scope.userId), COUNT_CAP),
    countUpTo(db, withInboxTab(inboxBase(db, scope), 'all', scope.userId), COUNT_CAP),
  ]);
  return { todo, mine, unassigned, all };
}

/** A task of one of the insurer's cases (undefined for another insurer's). */
export async function getTask(db: Knex, insurerNo: string, id: string): Promise<TaskRow | undefined> {
  return whereCaseOfInsurer(db('tasks as t').where('t.id', id), 't.workflow_id', insurerNo).first('t.*');
}

/** Tasks of one case (open first, then by creation), with the assignee's name. */
export async function tasksOfCase(
  db: Knex,
  insurerNo: string,
  workflowId: string,
): Promise<(TaskRow & { assignee_name: string | null })[]> {
  return whereCaseOfInsurer(db('tasks as t'), 't.workflow_id', insurerNo)
    .leftJoin('users as u', 'u.id', 't.assignee_user_id')
    .where('t.workflow_id', workflowId)
    .select('t.*', 'u.display_name as assignee_name')
    .orderByRaw("case when t.status = 'open' then 0 else 1 end")
    .orderBy('t.created_at');
}

/** 担当する: sets the assignee when the task is open, of the insurer's case, and nobody holds it. */
export async function claimTask(db: Knex, insurerNo: string, taskId: string, userId: number): Promise<boolean> {
  const q = db('tasks').where({ id: taskId, status: 'open' }).whereNull('assignee_user_id');
  const n = await whereCaseOfInsurer(q, 'tasks.workflow_id', insurerNo).update({ assignee_user_id: userId });
  return n > 0;
}

/** 担当を外す: clears the assignee; `onlyIfHeldBy` restricts it to the current holder (null = anyone, supervisors). */
export async function releaseTask(
  db: Knex,
  insurerNo: string,
  taskId: string,
  onlyIfHeldBy: number | null,
): Promise<boolean> {
  const q = db('tasks').where({ id: taskId, status: 'open' }).whereNotNull('assignee_user_id');
  if (onlyIfHeldBy != null) q.where('assignee_user_id', onlyIfHeldBy);
  return (await whereCaseOfInsurer(q, 'tasks.workflow_id', insurerNo).update({ assignee_user_id: null })) > 0;
}
