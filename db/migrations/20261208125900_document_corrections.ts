import type { Knex } from 'knex';

// 認定調査票の訂正: each corrected item of a completed record, with the value it held before, the reason, who and when;
// the corrected record itself is the next completed version (case_document_versions).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_document_corrections', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.integer('document_id').notNullable().references('id').inTable('case_documents');
    t.integer('version').notNullable(); // the completed version the correction made
    t.string('item_key', 32).notNullable();
    t.text('previous_json').notNullable(); // { value, note } before
    t.text('value_json').notNullable(); // { value, note } after
    t.text('reason').notNullable();
    t.string('corrected_by', 64).notNullable();
    t.string('corrected_at').notNullable();
    t.index(['insurer_no', 'document_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_document_corrections');
}
