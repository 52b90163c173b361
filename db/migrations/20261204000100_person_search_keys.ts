import type { Knex } from 'knex';

// What people type into 被保険者一覧 and 案件一覧: a kanji family name (松橋), a given name in kana (ハナ), the last or
// middle digits of a 被保険者番号 (100002). A B-tree reads prefixes only, so each person gets search keys whose
// prefixes are those: every suffix of the 被保険者番号 (a prefix of a suffix is a contains match, a whole suffix a
// suffix match) and, for 氏名 and フリガナ, the whole without spaces and the words after the first. A search is then
// one range on the primary key (insurer_no, search_key, insured_no), on SQLite and PostgreSQL alike.
//
// Triggers keep the keys whoever writes insured_persons (the seed, tests and the bench insert rows directly).

/** Positions 1..20 (a 被保険者番号 has 10 digits; the margin costs nothing). */
const POSITIONS = Array.from({ length: 20 }, (_, i) => `select ${i + 1} as i`).join(' union all ');

/** The keys of the rows `p` (a table alias, or `new` in a trigger) as a select of (insurer_no, search_key, insured_no). */
function keysOf(p: string, from: string, sqlite: boolean): string {
  // words are split at the ASCII space and at the full-width one (U+3000), which people type as often
  const words = (col: string) => {
    const spaced = `replace(${p}.${col}, '\u3000', ' ')`;
    const at = sqlite ? `instr(${spaced}, ' ')` : `strpos(${spaced}, ' ')`;
    return [`replace(${spaced}, ' ', '')`, `trim(substr(${spaced}, ${at} + 1))`];
  };
  const digits =
    `select ${p}.insurer_no as insurer_no, substr(${p}.insured_no, n.i) as search_key, ${p}.insured_no as insured_no ` +
    `from ${from ? `${from}, ` : ''}(${POSITIONS}) n where n.i <= length(${p}.insured_no)`;
  const text = [...words('name'), ...words('kana')].map(
    (w) => `select ${p}.insurer_no, ${w}, ${p}.insured_no${from ? ` from ${from}` : ''}`,
  );
  return `select distinct * from (${[digits, ...text].join(' union ')}) k where search_key <> ''`;
}

const COLUMNS = 'person_search_keys (insurer_no, search_key, insured_no)';

export async function up(knex: Knex): Promise<void> {
  const sqlite = knex.client.config.client !== 'pg';
  await knex.schema.createTable('person_search_keys', (t) => {
    t.string('insurer_no').notNullable();
    t.string('search_key').notNullable();
    t.string('insured_no').notNullable();
    t.primary(['insurer_no', 'search_key', 'insured_no']);
  });
  await knex.raw('create index person_search_keys_person_idx on person_search_keys (insured_no)');
  await knex.raw(`insert into ${COLUMNS} ${keysOf('p', 'insured_persons p', sqlite)}`);

  if (sqlite) {
    const add = `insert or ignore into ${COLUMNS} ${keysOf('new', '', true)};`;
    const drop = 'delete from person_search_keys where insured_no = old.insured_no;';
    await knex.raw(`create trigger insured_persons_search_insert after insert on insured_persons begin ${add} end`);
    await knex.raw(`create trigger insured_persons_search_update after update of insured_no, insurer_no, name, kana
      on insured_persons begin ${drop} ${add} end`);
    await knex.raw(`create trigger insured_persons_search_delete after delete on insured_persons begin ${drop} end`);
  } else {
    await knex.raw(`
      create function person_search_keys_sync() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then delete from person_search_keys where insured_no = old.insured_no; end if;
        if tg_op <> 'DELETE' then
          insert into ${COLUMNS} ${keysOf('new', '', false)} on conflict do nothing;
        end if;
        return null;
      end $$`);
    await knex.raw(`create trigger insured_persons_search_keys
      after insert or delete or update of insured_no, insurer_no, name, kana on insured_persons
      for each row execute function person_search_keys_sync()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('drop trigger insured_persons_search_keys on insured_persons');
    await knex.raw('drop function person_search_keys_sync()');
  } else {
    for (const t of ['insert', 'update', 'delete']) await knex.raw(`drop trigger insured_persons_search_${t}`);
  }
  await knex.schema.dropTable('person_search_keys');
}
