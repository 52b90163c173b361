import type { Knex } from 'knex';

// Issue 16, the 国保連 outbox and the 給付制限 register:
// - outbox.insurer_no: the insurer a queued record belongs to (every export is per insurer); filled from the payload
//   of the rows already queued.
// - kokuhoren_batches: one export a day per insurer (受給者異動連絡票 file), its CSV kept as written so a re-download
//   is byte-identical; kokuhoren_records: the records of each batch (with their key, to find what a later record
//   corrects), and which outbox row each came from.
// - register_benefit_restrictions: 給付制限 (支払方法変更, 保険給付の一時差止, 給付額減額) with its period; each change a
//   new row with who, when and why, the replaced row pointing to it (superseded_by), like register_certificates.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('insurer_no', 6);
    t.index(['insurer_no', 'kind', 'sent_at']);
  });
  const rows: { id: string; payload_json: string }[] = await knex('outbox').select('id', 'payload_json');
  for (const row of rows) {
    let insurerNo: unknown = null;
    try {
      insurerNo = (JSON.parse(row.payload_json) as { insurerNo?: unknown }).insurerNo;
    } catch {
      insurerNo = null;
    }
    if (typeof insurerNo === 'string') await knex('outbox').where({ id: row.id }).update({ insurer_no: insurerNo });
  }

  await knex.schema.createTable('kokuhoren_batches', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('batch_date', 10).notNullable();
    t.integer('record_count').notNullable();
    t.integer('correction_count').notNullable();
    t.text('content').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('created_by').notNullable();
    t.string('created_at').notNullable();
    t.unique(['insurer_no', 'batch_date']);
  });
  await knex.schema.createTable('kokuhoren_records', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable();
    t.integer('batch_id').notNullable().references('kokuhoren_batches.id');
    t.integer('seq').notNullable();
    t.string('outbox_id').notNullable();
    t.string('insured_no', 10).notNullable();
    t.string('record_key', 64).notNullable();
    t.string('correction', 1).notNullable();
    t.text('record_json').notNullable();
    t.unique(['batch_id', 'seq']);
    t.index(['insurer_no', 'record_key']);
    t.index(['insurer_no', 'insured_no']);
  });
  await knex.schema.createTable('register_benefit_restrictions', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('kind', 24).notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_to', 10);
    t.boolean('voided').notNullable().defaultTo(false);
    t.text('reason');
    t.string('source', 16).notNullable();
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.integer('superseded_by');
    t.index(['insurer_no', 'insured_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('register_benefit_restrictions');
  await knex.schema.dropTableIfExists('kokuhoren_records');
  await knex.schema.dropTableIfExists('kokuhoren_batches');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['insurer_no', 'kind', 'sent_at']);
    t.dropColumn('insurer_no');
  });
}
