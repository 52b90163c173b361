import type { Knex } from 'knex';

// cases.deadline_breach: a 処分 after the 30-day due date with no 延期通知 on file (介護保険法27条11項), recorded
// on the case so the case page shows it and the supervisor's dashboard counts it (issue 18).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('deadline_breach');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('deadline_breach');
  });
}
