import type { Knex } from 'knex';

// 資料提供申請 (domain/documents/disclosure.ts): an office asks for paper copies of a person's 認定調査票 and 主治医意見書;
// the city grants or refuses it (reasons kept as codes) and issues the copy from the same records.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('disclosure_requests', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.string('office_no', 10).notNullable();
    // as the office typed them: a number that matches nobody is kept too (the city refuses it)
    t.string('insured_no', 10).notNullable();
    t.string('birth_date', 10).notNullable();
    t.boolean('want_survey').notNullable();
    t.boolean('want_opinion').notNullable();
    t.string('purpose', 200);
    t.string('requested_by', 64).notNullable();
    t.string('requested_at').notNullable();
    t.string('status', 16).notNullable(); // requested / granted / refused
    // the case the decision was made on (the person's latest decided certification case), null when none matched
    t.string('workflow_id');
    t.text('reasons_json'); // refusal codes
    t.string('note', 500);
    t.boolean('issued_survey');
    t.boolean('issued_opinion');
    t.string('decided_by', 64);
    t.string('decided_at');
    t.string('copy_issued_at');
    t.index(['insurer_no', 'status', 'requested_at']);
    t.index(['office_no', 'requested_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('disclosure_requests');
}
