import type { Knex } from 'knex';

// 基幹システムからの取込: each uploaded file (kept for the workflow's activities to read: too large for a payload),
// its progress and its row errors; and the history of person fields an import changed (the register keeps every
// previous value).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('register_imports', (t) => {
    t.string('id', 64).primary();
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('file_name').notNullable();
    t.text('content').notNullable();
    t.string('kind', 16); // persons / copay / burden_limit, once the header is read
    t.string('status', 16).notNullable(); // validating / applying / done / failed
    t.text('failure');
    t.integer('total_rows').notNullable().defaultTo(0);
    t.integer('valid_rows').notNullable().defaultTo(0);
    t.integer('invalid_rows').notNullable().defaultTo(0);
    t.integer('applied_rows').notNullable().defaultTo(0);
    t.integer('changed_rows').notNullable().defaultTo(0);
    t.string('uploaded_by');
    t.string('uploaded_at').notNullable();
    t.string('finished_at');
    t.index(['insurer_no', 'uploaded_at']);
  });
  await knex.schema.createTable('register_import_errors', (t) => {
    t.increments('id');
    t.string('import_id', 64).notNullable().references('register_imports.id');
    t.integer('line').notNullable();
    t.string('column_name');
    t.text('message').notNullable();
    t.index(['import_id', 'line']);
  });
  await knex.schema.createTable('register_person_changes', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.string('insured_no', 10).notNullable();
    t.string('field', 32).notNullable();
    t.text('before');
    t.text('after');
    t.text('reason');
    t.string('source', 16).notNullable();
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.index(['insurer_no', 'insured_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('register_person_changes');
  await knex.schema.dropTableIfExists('register_import_errors');
  await knex.schema.dropTableIfExists('register_imports');
}
