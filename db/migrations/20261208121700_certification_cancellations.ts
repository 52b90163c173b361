import type { Knex } from 'knex';

// 認定取消 (issue 18): one row per 取消 with the request ID the 認定係's form chose (a second submit finds it), the
// certification as it was (level, period, 認定日) and what became of it (new last day, or void), a next certification
// voided with it, who/when/why, and the 認定取消通知書 as issued. insured_persons.cert_cancelled_on marks the current
// certification as ended by a 取消 (its 申出日), for the person pages and the offices.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certification_cancellations', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('request_id', 40).notNullable();
    t.string('requested_on', 10).notNullable();
    t.text('reason').notNullable();
    t.string('care_level', 16).notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_to_before', 10).notNullable();
    t.string('valid_to_after', 10);
    t.string('certified_on', 10);
    t.text('voided_next_json');
    t.text('notice_html').notNullable();
    t.string('recorded_by').notNullable();
    t.string('recorded_at').notNullable();
    t.unique(['insurer_no', 'request_id']);
    t.index(['insurer_no', 'insured_no']);
  });
  await knex.schema.alterTable('insured_persons', (t) => {
    t.string('cert_cancelled_on', 10);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('insured_persons', (t) => {
    t.dropColumn('cert_cancelled_on');
  });
  await knex.schema.dropTableIfExists('certification_cancellations');
}
