import type { Knex } from 'knex';

// 次期認定: a renewal decided before the current certification expires is kept beside it (next_*) and becomes the
// current one on its start date (domain/certification/in-force.ts; issue 18).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('insured_persons', (t) => {
    t.string('next_care_level');
    t.string('next_cert_valid_from', 10);
    t.string('next_cert_valid_to', 10);
    t.string('next_certified_on', 10);
    t.text('next_board_opinion');
    t.text('next_service_type_restriction');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('insured_persons', (t) => {
    t.dropColumn('next_care_level');
    t.dropColumn('next_cert_valid_from');
    t.dropColumn('next_cert_valid_to');
    t.dropColumn('next_certified_on');
    t.dropColumn('next_board_opinion');
    t.dropColumn('next_service_type_restriction');
  });
}
