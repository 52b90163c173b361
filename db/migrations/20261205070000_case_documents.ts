import type { Knex } from 'knex';

// 認定調査票 and 主治医意見書 as structured records (domain/documents): one current record per case and kind, its item
// values as JSON, and every completed version kept apart, so a corrected record never loses what was read before.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_documents', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.string('workflow_id').notNullable();
    t.string('doc_kind', 16).notNullable(); // survey / opinion
    t.string('form_version', 16).notNullable();
    t.string('status', 16).notNullable(); // draft / completed
    t.integer('version').notNullable().defaultTo(0); // completed versions so far
    t.text('values_json').notNullable();
    t.string('source', 16); // opinion: paper / online / intake
    t.string('updated_by', 64).notNullable();
    t.string('updated_at').notNullable();
    t.string('completed_by', 64);
    t.string('completed_at');
    // when the completed record's values reached the case (its survey or opinion Update); null until then
    t.string('fed_at');
    t.unique(['workflow_id', 'doc_kind']);
    t.index(['insurer_no', 'workflow_id']);
  });
  await knex.schema.createTable('case_document_versions', (t) => {
    t.increments('id');
    t.integer('document_id').notNullable().references('id').inTable('case_documents');
    t.integer('version').notNullable();
    t.string('form_version', 16).notNullable();
    t.text('values_json').notNullable();
    t.string('completed_by', 64).notNullable();
    t.string('completed_at').notNullable();
    t.unique(['document_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_document_versions');
  await knex.schema.dropTableIfExists('case_documents');
}
