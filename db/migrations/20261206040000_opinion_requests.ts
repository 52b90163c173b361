import type { Knex } from 'knex';

// 主治医意見書依頼 as the medical institution's inbox sees it: one row per case, written with the workflow's
// opinion_requested step (db/read-model), routed to a registered 医療機関 (offices.office_no) when the application names
// one. The status follows the opinion: requested → submitted (online) → returned (with a reason) → submitted → received
// (the 認定係's check, or a paper opinion recorded). 'intake' rows are opinions the applicant brought: no request.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('opinion_requests', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.string('workflow_id').notNullable().unique();
    t.string('insured_no', 10).notNullable();
    t.string('institution_no', 10); // null: the named clinic is not registered (paper route only)
    t.string('doctor_name', 100);
    t.string('clinic', 200);
    t.string('requested_on').notNullable();
    t.string('status', 16).notNullable(); // requested / submitted / returned / received
    t.string('return_reason', 500);
    t.string('returned_by', 64);
    t.string('returned_at');
    t.string('submitted_by', 64);
    t.string('submitted_at');
    t.string('received_at');
    t.string('updated_at').notNullable();
    t.index(['institution_no', 'status']);
    t.index(['insurer_no', 'insured_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('opinion_requests');
}
