import type { Knex } from 'knex';

// Issue 18, notices that can be mailed in a window envelope:
// - insured_persons.postal_code, insurers.postal_code: the 郵便番号 of the addressee and the sender ('869-0592').
// - insurers.section: the section that sends the notices (問い合わせ先); insurers.document_prefix: its 文書番号 記号.
// - notice_numbers: one 文書番号 per notice, sequential per insurer, series (notice kind) and 会計年度
//   (domain/notices/document-number.ts); the primary key on the notice makes a second issue of it reuse its number,
//   the unique key makes two writers unable to give one number twice. notices.document_no repeats it for lists.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('insured_persons', (t) => {
    t.string('postal_code', 8);
  });
  await knex.schema.alterTable('insurers', (t) => {
    t.string('postal_code', 8);
    t.string('section');
    t.string('document_prefix', 16);
  });
  await knex.schema.alterTable('notices', (t) => {
    t.string('document_no', 40);
  });
  await knex.schema.createTable('notice_numbers', (t) => {
    t.string('notice_id').primary();
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('series', 32).notNullable();
    t.integer('fiscal_year').notNullable();
    t.integer('seq').notNullable();
    t.string('document_no', 40).notNullable();
    t.string('issued_on', 10).notNullable();
    t.string('created_at').notNullable();
    t.unique(['insurer_no', 'series', 'fiscal_year', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notice_numbers');
  await knex.schema.alterTable('notices', (t) => t.dropColumn('document_no'));
  await knex.schema.alterTable('insurers', (t) => {
    t.dropColumn('document_prefix');
    t.dropColumn('section');
    t.dropColumn('postal_code');
  });
  await knex.schema.alterTable('insured_persons', (t) => t.dropColumn('postal_code'));
}
