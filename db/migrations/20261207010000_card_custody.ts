import type { Knex } from 'knex';

// Issue 15: the facilities' マイナンバーカード預かり管理簿 (domain/custody/rules.ts). The 個人番号 is never stored: the
// person is named by 被保険者番号 and insurer.
// - card_custody_agreements: a resident's card the office keeps, who deposited it (本人/家族/後見人 and name), under
//   which 同意書・預かり証 (its reference and date), from when to when. At most one open agreement per office and person.
// - card_handlers: the staff accounts the office administrator named to handle cards (granted, and withdrawn).
// - card_custody_movements: each take-out (time, staff, purpose from a fixed list + free text, expected return) and its
//   return (time, staff). At most one take-out without a return per agreement, so two take-outs cannot race.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('card_custody_agreements', (t) => {
    t.increments('id');
    t.string('office_no', 10).notNullable();
    t.string('insurer_no', 6).notNullable();
    t.string('insured_no', 10).notNullable();
    t.string('depositor_kind', 16).notNullable(); // self / family / guardian
    t.string('depositor_name', 100).notNullable();
    t.string('agreement_ref', 100).notNullable();
    t.string('agreed_on', 10).notNullable();
    t.string('started_on', 10).notNullable();
    t.string('ended_on', 10);
    t.integer('created_by_user_id').notNullable();
    t.string('created_at').notNullable();
    t.integer('ended_by_user_id');
    t.string('ended_at');
    t.index(['office_no', 'insurer_no', 'ended_on']);
  });
  await knex.raw(
    'create unique index card_custody_agreements_open_idx on card_custody_agreements (office_no, insured_no) where ended_on is null',
  );
  await knex.schema.createTable('card_handlers', (t) => {
    t.increments('id');
    t.string('office_no', 10).notNullable();
    t.integer('user_id').notNullable();
    t.integer('granted_by_user_id').notNullable();
    t.string('granted_at').notNullable();
    t.integer('revoked_by_user_id');
    t.string('revoked_at');
    t.index(['office_no', 'user_id']);
  });
  await knex.raw(
    'create unique index card_handlers_current_idx on card_handlers (office_no, user_id) where revoked_at is null',
  );
  await knex.schema.createTable('card_custody_movements', (t) => {
    t.increments('id');
    t.integer('agreement_id').notNullable().references('id').inTable('card_custody_agreements');
    t.string('office_no', 10).notNullable();
    t.string('insurer_no', 6).notNullable();
    t.string('taken_out_at').notNullable();
    t.integer('taken_out_by_user_id').notNullable();
    t.string('purpose', 32).notNullable();
    t.string('purpose_note', 200);
    t.string('expected_return_at').notNullable();
    t.string('returned_at');
    t.integer('returned_by_user_id');
    t.index(['agreement_id', 'taken_out_at']);
    t.index(['office_no', 'insurer_no', 'returned_at']);
  });
  await knex.raw(
    'create unique index card_custody_movements_open_idx on card_custody_movements (agreement_id) where returned_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('card_custody_movements');
  await knex.schema.dropTableIfExists('card_handlers');
  await knex.schema.dropTableIfExists('card_custody_agreements');
}
