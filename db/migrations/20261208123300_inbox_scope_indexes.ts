import type { Knex } from 'knex';

// Issue 20: the inbox went from about 3 ms to 90 ms at 100,000 cases when its insurer scope became an EXISTS on cases
// for each task (db/scope.ts). Each counted or listed task then cost a read of its task row (for workflow_id) and of its
// case row (for insurer_no): the open-task indexes lacked workflow_id and the cases primary key is not covering. With
// workflow_id at the end of the inbox's task indexes and a (workflow_id, insurer_no) index on cases, the capped counts
// and the page read index entries only. The supervisor's 完了 tab count (`not candidate_role = ?`, no index key) scanned
// the task table; tasks_completed_idx now covers it, so it scans that index instead.
//
// PostgreSQL misestimated the search keys' prefix range (`search_key >= 'サトウ' and < 'サトウ\uffff'`: one row for
// 2,070): both bounds fall in one histogram bucket of the default 100, and the scalar interpolation of multi-byte
// strings inside a bucket makes the range nearly empty. A 1,000-entry histogram puts a common prefix across buckets
// (estimate 1,800 for 2,070, and 1,000 for 1,000 on a 被保険者番号 prefix, at 100,000 cases).

/** The open-task indexes are partial, as in 20261125000200_list_order_indexes. */
const OPEN = "status = 'open'";

const INDEXES: [name: string, before: string, after: string, where?: string][] = [
  [
    'tasks_open_role_due_idx',
    'candidate_role, due_on, created_at, id',
    'candidate_role, due_on, created_at, id, workflow_id',
    OPEN,
  ],
  [
    'tasks_open_role_assignee_due_idx',
    'candidate_role, assignee_user_id, due_on, created_at, id',
    'candidate_role, assignee_user_id, due_on, created_at, id, workflow_id',
    OPEN,
  ],
  [
    'tasks_open_due_idx',
    'due_on, created_at, id, candidate_role',
    'due_on, created_at, id, candidate_role, workflow_id',
    OPEN,
  ],
  [
    'tasks_open_assignee_due_idx',
    'assignee_user_id, due_on, created_at, id, candidate_role',
    'assignee_user_id, due_on, created_at, id, candidate_role, workflow_id',
    OPEN,
  ],
  [
    'tasks_role_completed_idx',
    'candidate_role, completed_at desc, id, status',
    'candidate_role, completed_at desc, id, status, workflow_id',
  ],
  [
    'tasks_completed_idx',
    'completed_at desc, id, status, candidate_role',
    'completed_at desc, id, status, candidate_role, workflow_id',
  ],
];

const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

async function rebuild(knex: Knex, which: 'before' | 'after'): Promise<void> {
  for (const [name, before, after, where] of INDEXES) {
    await knex.raw(`drop index ${name}`);
    await knex.raw(
      `create index ${name} on tasks (${which === 'before' ? before : after})${where ? ` where ${where}` : ''}`,
    );
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index cases_scope_idx on cases (workflow_id, insurer_no)');
  await rebuild(knex, 'after');
  if (isPostgres(knex)) {
    await knex.raw('alter table person_search_keys alter column search_key set statistics 1000');
    await knex.raw('analyze person_search_keys');
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) await knex.raw('alter table person_search_keys alter column search_key set statistics -1');
  await rebuild(knex, 'before');
  await knex.raw('drop index cases_scope_idx');
}
