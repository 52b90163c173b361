import type { Knex } from 'knex';

// tasks.task_key: the task's entry in its workflow's task table (e.g. 'survey-visit', 'postponement'), so the web
// offers a task's forms from the contract instead of parsing the key out of the task ID.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.string('task_key');
  });
  // Earlier rows: the key after `${workflow_id}:`, numbered 延期通知 (postponement-2) to their shared key.
  await knex('tasks').update({ task_key: knex.raw('substr(id, length(workflow_id) + 2)') });
  await knex('tasks').where('task_key', 'like', 'postponement-%').update({ task_key: 'postponement' });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('task_key');
  });
}
