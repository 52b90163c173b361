import type { Knex } from 'knex';

// 案件一覧 search by フリガナ prefix at 100,000 cases. Reading the matching persons' cases one person at a time costs a
// random index lookup per case (thousands for a common family name); with the person's kana on the case row, the
// matching cases are one contiguous range of cases_insurer_kana_idx, read without touching the table.
//
// cases.person_kana is written by the read-model writer at every step (db/read-model.ts) and kept equal to
// insured_persons.kana by the triggers below whenever a person is added or their kana changes, whoever writes it.

/** Every column listCases filters on, so a kana search with filters and its capped count read the index alone. */
const INDEX = [
  'cases_insurer_kana_idx',
  'cases',
  'insurer_no, person_kana, updated_at, workflow_id, stage, application_type, case_kind, status, due_on',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('person_kana');
  });
  await knex.raw(
    'update cases set person_kana = (select kana from insured_persons p where p.insured_no = cases.insured_no)',
  );
  await knex.raw(`create index ${INDEX[0]} on ${INDEX[1]} (${INDEX[2]})`);

  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      create function cases_person_kana_sync() returns trigger language plpgsql as $$
      begin
        update cases set person_kana = new.kana where insured_no = new.insured_no and person_kana is distinct from new.kana;
        return null;
      end $$`);
    await knex.raw(`create trigger insured_persons_kana_to_cases after insert or update of kana on insured_persons
      for each row execute function cases_person_kana_sync()`);
  } else {
    await knex.raw(`create trigger insured_persons_insert_kana_to_cases after insert on insured_persons begin
        update cases set person_kana = new.kana where insured_no = new.insured_no;
      end`);
    await knex.raw(`create trigger insured_persons_update_kana_to_cases after update of kana on insured_persons
      when old.kana is not new.kana begin
        update cases set person_kana = new.kana where insured_no = new.insured_no;
      end`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('drop trigger insured_persons_kana_to_cases on insured_persons');
    await knex.raw('drop function cases_person_kana_sync()');
  } else {
    await knex.raw('drop trigger insured_persons_update_kana_to_cases');
    await knex.raw('drop trigger insured_persons_insert_kana_to_cases');
  }
  await knex.raw(`drop index ${INDEX[0]}`);
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('person_kana');
  });
}
