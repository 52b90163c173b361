import type { Knex } from 'knex';

// Indexes for the back-office lists (db/ (cases.ts, tasks.ts, offices.ts)): case list order and filters, the completed inbox tab,
// oldest-open and 延期通知 counts on the dashboard.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.index(['insurer_no', 'updated_at'], 'cases_insurer_updated_idx');
    t.index(['stage', 'updated_at'], 'cases_stage_updated_idx');
    t.index(['status', 'applied_on'], 'cases_status_applied_idx');
    t.index(['application_type', 'updated_at'], 'cases_type_updated_idx');
  });
  await knex.schema.alterTable('tasks', (t) => {
    t.index(['candidate_role', 'status', 'completed_at'], 'tasks_role_status_completed_idx');
    t.index(['status', 'task_type'], 'tasks_status_type_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex([], 'tasks_status_type_idx');
    t.dropIndex([], 'tasks_role_status_completed_idx');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex([], 'cases_type_updated_idx');
    t.dropIndex([], 'cases_status_applied_idx');
    t.dropIndex([], 'cases_stage_updated_idx');
    t.dropIndex([], 'cases_insurer_updated_idx');
  });
}
