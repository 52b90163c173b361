import type { Knex } from 'knex';

// Indexes matched to each list's WHERE + ORDER BY in db/ (cases.ts, tasks.ts, offices.ts) (issue 6 item 4: p95 ≤ 10 ms at 100,000 cases on
// SQLite). SQLite reads rows in index order, and stops at the LIMIT, only when the leading equality columns of the
// index match the WHERE and the remaining columns match the ORDER BY exactly, tie-breaker and direction included, so
// each paged list has its own index ending in its sort key. Mixed directions (`updated_at desc, workflow_id`) need DESC
// index columns, which knex's index builder cannot declare: those are plain CREATE INDEX statements, the same on SQLite
// and PostgreSQL. Indexes that a new one here makes redundant (same leading columns) are dropped; down() restores them.

/** The open-task indexes are partial; the inbox's `t.status = ?` with 'open' matches this on SQLite and PostgreSQL. */
const OPEN = "status = 'open'";

const CREATE: [name: string, table: string, columns: string, where?: string][] = [
  // inbox, open tabs (partial: only open tasks, a few % of all): per role すべて (role), 自分の担当 / 未割当 (role,
  // assignee); supervisor (every municipal role: the role is a filter on the index, not a key); due_on, created_at, id
  ['tasks_open_role_due_idx', 'tasks', 'candidate_role, due_on, created_at, id', OPEN],
  ['tasks_open_role_assignee_due_idx', 'tasks', 'candidate_role, assignee_user_id, due_on, created_at, id', OPEN],
  ['tasks_open_due_idx', 'tasks', 'due_on, created_at, id, candidate_role', OPEN],
  ['tasks_open_assignee_due_idx', 'tasks', 'assignee_user_id, due_on, created_at, id, candidate_role', OPEN],
  // inbox 完了 tab: newest first (open tasks have no completed_at and sort last on SQLite); status and role in the
  // index so the capped count reads no table rows
  ['tasks_role_completed_idx', 'tasks', 'candidate_role, completed_at desc, id, status'],
  ['tasks_completed_idx', 'tasks', 'completed_at desc, id, status, candidate_role'],
  // 案件一覧: newest activity first, unfiltered, by stage, by 申請区分
  ['cases_insurer_updated_desc_idx', 'cases', 'insurer_no, updated_at desc, workflow_id'],
  ['cases_insurer_stage_updated_idx', 'cases', 'insurer_no, stage, updated_at desc, workflow_id'],
  ['cases_insurer_type_updated_idx', 'cases', 'insurer_no, application_type, updated_at desc, workflow_id'],
  // 案件一覧 by 被保険者番号 / フリガナ: the page's keys from the index alone (cases of the matching persons)
  ['cases_person_updated_idx', 'cases', 'insured_no, insurer_no, updated_at, workflow_id'],
  // 法定期限超過 (case list, dashboard count and top 20): open, by deadline
  ['cases_open_due_idx', 'cases', 'status, insurer_no, due_on, workflow_id, case_kind'],
  // dashboard: open cases per stage and per SLA state, oldest open applications
  ['cases_open_stage_idx', 'cases', 'status, insurer_no, case_kind, stage'],
  ['cases_open_sla_idx', 'cases', 'status, insurer_no, case_kind, sla_state'],
  ['cases_open_applied_idx', 'cases', 'status, insurer_no, case_kind, applied_on, workflow_id'],
  // dashboard 決定までの平均日数 over a recent window: covering (no table reads)
  ['cases_closed_updated_idx', 'cases', 'status, insurer_no, case_kind, updated_at, applied_on, final_level'],
  // フリガナ search (case list, 被保険者一覧) yields 被保険者番号 without reading the person rows, in list order
  ['insured_persons_insurer_kana_no_idx', 'insured_persons', 'insurer_no, kana, insured_no'],
  // office progress: the office's current 担当 persons without reading the assignment rows
  ['office_assignments_office_current_idx', 'office_assignments', 'office_no, end_date, start_date, insured_no'],
];

/** Superseded by the indexes above (same leading columns, or a sort they no longer serve). */
const DROP: [name: string, table: string, columns: string][] = [
  ['tasks_status_candidate_role_due_on_index', 'tasks', 'status, candidate_role, due_on'],
  ['tasks_role_status_completed_idx', 'tasks', 'candidate_role, status, completed_at'],
  ['cases_insurer_updated_idx', 'cases', 'insurer_no, updated_at'],
  ['cases_stage_updated_idx', 'cases', 'stage, updated_at'],
  ['cases_type_updated_idx', 'cases', 'application_type, updated_at'],
  ['cases_insured_no_index', 'cases', 'insured_no'],
  ['insured_persons_insurer_no_kana_index', 'insured_persons', 'insurer_no, kana'],
  ['office_assignments_office_no_end_date_index', 'office_assignments', 'office_no, end_date'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [name, table, columns, where] of CREATE)
    await knex.raw(`create index ${name} on ${table} (${columns})${where ? ` where ${where}` : ''}`);
  for (const [name] of DROP) await knex.raw(`drop index ${name}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, table, columns] of DROP) await knex.raw(`create index ${name} on ${table} (${columns})`);
  for (const [name] of [...CREATE].reverse()) await knex.raw(`drop index ${name}`);
}
