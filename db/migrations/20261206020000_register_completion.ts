import type { Knex } from 'knex';

// Issue 16, the rest of the register:
// - register_service_records: 給付実績 as the core system receives it from the 国保連 (which office served whom in
//   which month), one row per (person, office, month), so an import of the same file twice adds nothing; the office's
//   active registration takes the month as its last 給付実績 (db/register-imports.ts).
// - insured_persons.lost_on: 資格喪失日 (the status column says why: deceased / moved_out / excluded);
//   insured_persons.benefit_restriction: 給付制限 as printed on the 被保険者証 (field F), null for none.
// - register_card_surrenders: a person who applies hands in the 被保険者証 and gets a 資格者証 (one row a hand-in).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('insured_persons', (t) => {
    t.string('lost_on', 10);
    t.text('benefit_restriction');
  });
  await knex.schema.createTable('register_card_surrenders', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('surrendered_on', 10).notNullable();
    t.string('application_no', 40);
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.unique(['insurer_no', 'insured_no', 'surrendered_on']);
  });
  await knex.schema.createTable('register_service_records', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('office_no', 10).notNullable();
    t.string('service_month', 7).notNullable(); // YYYY-MM
    t.string('source', 16).notNullable();
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.unique(['insurer_no', 'insured_no', 'office_no', 'service_month']);
    t.index(['insurer_no', 'office_no', 'service_month']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('register_card_surrenders');
  await knex.schema.dropTableIfExists('register_service_records');
  await knex.schema.alterTable('insured_persons', (t) => {
    t.dropColumn('lost_on');
    t.dropColumn('benefit_restriction');
  });
}
