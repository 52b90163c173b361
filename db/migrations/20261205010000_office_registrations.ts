import type { Knex } from 'knex';
import { down as dropOldAccess, up as createOldAccess } from './20261125000500_office_client_access';

// Issue 15: an office sees a person only through an ACTIVE 担当事業所登録 with the person's 本人同意 in force and the
// person's insurer online (domain/access.ts officeMayViewPerson); 担当 assignments from 居宅届 and the office's own
// open cases (代行申請) no longer open anyone.
//
// - insurers: 利用開始日, データ移行完了, and the months without 給付実績 after which a registration lapses.
// - office_registrations: one row per request (pending → active / returned; active → ended), with how the office
//   identified the person (never the 個人番号), who asked and when, who decided. lapses_on is written with the row
//   (domain/registration/rules.ts lapseDate) so SQL and the pure rule read the same date.
// - consents: who took it (user) and who withdrew it.
// - office_client_access is rebuilt (the 20261125000500 version is taken down and put back by down()): one row per
//   active registration, with kana, consent and the certification summary copied in by triggers as before, and the
//   insurer so the lists can require it to be online.

const INDEXES: [name: string, table: string, columns: string][] = [
  [
    'office_client_access_office_idx',
    'office_client_access',
    'office_no, kana, insured_no, consent_granted, consent_revoked_on, insurer_no, effective_on, ended_on, lapses_on, id, open_certifications, last_applied_on',
  ],
  ['office_client_access_person_idx', 'office_client_access', 'insured_no'],
  // the rest as the 20261125000500 version had them (its down() drops them)
  [
    'cases_person_progress_idx',
    'cases',
    'insured_no, case_kind, status, applied_on, workflow_id, updated_at, last_seq',
  ],
  [
    'cases_office_progress_idx',
    'cases',
    'filed_by_office_no, case_kind, status, applied_on, workflow_id, updated_at, last_seq',
  ],
  ['tasks_office_status_due_idx', 'tasks', 'office_no, status, due_on'],
  ['tasks_office_completed_idx', 'tasks', 'office_no, completed_at, status, created_at'],
  ['consents_person_latest_idx', 'consents', 'insured_no, id, granted, revoked_on'],
  [
    'insured_persons_list_idx',
    'insured_persons',
    'insured_no, name, kana, care_level, cert_valid_from, cert_valid_to, status',
  ],
];
/** Indexes the old down() puts back that the old up() had superseded. */
const SUPERSEDED: [name: string, table: string, columns: string][] = [
  ['cases_filed_by_office_no_updated_at_index', 'cases', 'filed_by_office_no, updated_at'],
  ['tasks_office_no_status_index', 'tasks', 'office_no, status'],
  ['consents_insured_no_index', 'consents', 'insured_no'],
];

const kana = (no: string) => `(select kana from insured_persons where insured_no = ${no})`;
const consentGranted = (no: string) =>
  `(select granted from consents where insured_no = ${no} order by id desc limit 1)`;
const consentRevokedOn = (no: string) =>
  `(select revoked_on from consents where insured_no = ${no} order by id desc limit 1)`;
const openCertifications = (no: string) =>
  `(select count(*) from cases where insured_no = ${no} and case_kind = 'certification' and status = 'open')`;
const lastAppliedOn = (no: string) =>
  `(select max(applied_on) from cases where insured_no = ${no} and case_kind = 'certification')`;
const personFacts = (no: string) =>
  `${kana(no)}, ${consentGranted(no)}, ${consentRevokedOn(no)}, ${openCertifications(no)}, ${lastAppliedOn(no)}`;

const COLUMNS =
  'office_no, insured_no, insurer_no, registration_id, effective_on, ended_on, lapses_on, kana, consent_granted, consent_revoked_on, open_certifications, last_applied_on';
const fromRegistration = (r: string) =>
  `insert into office_client_access (${COLUMNS}) select ${r}.office_no, ${r}.insured_no, ${r}.insurer_no, ${r}.id, ${r}.effective_on, ${r}.ended_on, ${r}.lapses_on, ${personFacts(`${r}.insured_no`)} where ${r}.status = 'active' and ${r}.effective_on is not null`;
const consentOf = (no: string) =>
  `update office_client_access set consent_granted = ${consentGranted(no)}, consent_revoked_on = ${consentRevokedOn(no)} where insured_no = ${no}`;
const certificationsOf = (no: string) =>
  `update office_client_access set open_certifications = ${openCertifications(no)}, last_applied_on = ${lastAppliedOn(no)} where insured_no = ${no}`;
const CERTIFICATION_CHANGE = (distinct: string) =>
  ['status', 'applied_on', 'case_kind', 'insured_no'].map((c) => `old.${c} ${distinct} new.${c}`).join(' or ');
const kanaOf = (r: string) => `update office_client_access set kana = ${r}.kana where insured_no = ${r}.insured_no`;

const SQLITE_TRIGGERS: [name: string, sql: string][] = [
  ['office_registrations_insert_access', `after insert on office_registrations begin ${fromRegistration('new')}; end`],
  [
    'office_registrations_update_access',
    `after update on office_registrations begin delete from office_client_access where registration_id = old.id; ${fromRegistration('new')}; end`,
  ],
  [
    'office_registrations_delete_access',
    `after delete on office_registrations begin delete from office_client_access where registration_id = old.id; end`,
  ],
  [
    'cases_insert_certifications',
    `after insert on cases when new.case_kind = 'certification' begin ${certificationsOf('new.insured_no')}; end`,
  ],
  [
    'cases_update_certifications',
    `after update of status, applied_on, case_kind, insured_no on cases when ${CERTIFICATION_CHANGE('is not')}
     begin ${certificationsOf('old.insured_no')}; ${certificationsOf('new.insured_no')}; end`,
  ],
  [
    'cases_delete_certifications',
    `after delete on cases when old.case_kind = 'certification' begin ${certificationsOf('old.insured_no')}; end`,
  ],
  ['consents_insert_access', `after insert on consents begin ${consentOf('new.insured_no')}; end`],
  [
    'consents_update_access',
    `after update on consents begin ${consentOf('old.insured_no')}; ${consentOf('new.insured_no')}; end`,
  ],
  ['consents_delete_access', `after delete on consents begin ${consentOf('old.insured_no')}; end`],
  ['insured_persons_insert_access', `after insert on insured_persons begin ${kanaOf('new')}; end`],
  [
    'insured_persons_update_access',
    `after update of kana on insured_persons when old.kana is not new.kana begin ${kanaOf('new')}; end`,
  ],
];

const PG_FUNCTIONS: [name: string, body: string][] = [
  [
    'office_access_from_registration',
    `if tg_op <> 'INSERT' then delete from office_client_access where registration_id = old.id; end if;
     if tg_op <> 'DELETE' then ${fromRegistration('new')}; end if;`,
  ],
  [
    'office_access_certifications',
    `if tg_op <> 'INSERT' then ${certificationsOf('old.insured_no')}; end if;
     if tg_op <> 'DELETE' then ${certificationsOf('new.insured_no')}; end if;`,
  ],
  [
    'office_access_from_consent',
    `if tg_op <> 'INSERT' then ${consentOf('old.insured_no')}; end if;
     if tg_op <> 'DELETE' then ${consentOf('new.insured_no')}; end if;`,
  ],
  ['office_access_from_person', `${kanaOf('new')};`],
];

const PG_TRIGGERS: [name: string, table: string, sql: string][] = [
  [
    'office_registrations_access',
    'office_registrations',
    'after insert or update or delete on office_registrations for each row execute function office_access_from_registration()',
  ],
  [
    'cases_insert_certifications',
    'cases',
    `after insert on cases for each row when (new.case_kind = 'certification') execute function office_access_certifications()`,
  ],
  [
    'cases_update_certifications',
    'cases',
    `after update of status, applied_on, case_kind, insured_no on cases for each row when (${CERTIFICATION_CHANGE('is distinct from')})
     execute function office_access_certifications()`,
  ],
  [
    'cases_delete_certifications',
    'cases',
    `after delete on cases for each row when (old.case_kind = 'certification') execute function office_access_certifications()`,
  ],
  [
    'consents_access',
    'consents',
    'after insert or update or delete on consents for each row execute function office_access_from_consent()',
  ],
  [
    'insured_persons_access',
    'insured_persons',
    'after insert or update of kana on insured_persons for each row execute function office_access_from_person()',
  ],
];

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  await dropOldAccess(knex);
  for (const [name] of SUPERSEDED) await knex.raw(`drop index ${name}`);

  await knex.schema.alterTable('insurers', (t) => {
    t.string('online_start_on', 10); // 利用開始日 (null: not decided)
    t.boolean('data_migrated').notNullable().defaultTo(false); // データ移行完了
    t.integer('registration_lapse_months').notNullable().defaultTo(6);
  });
  await knex.schema.alterTable('consents', (t) => {
    t.integer('taken_by_user_id'); // users.id (no foreign key: SQLite would rebuild the table to add one)
    t.integer('revoked_by_user_id');
  });
  await knex.schema.createTable('office_registrations', (t) => {
    t.increments('id');
    t.string('office_no', 10).notNullable().references('offices.office_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('status').notNullable(); // pending / active / returned / ended
    t.string('method').notNullable(); // insured_card / my_number_card
    t.integer('requested_by_user_id').notNullable().references('users.id');
    t.string('requested_at').notNullable();
    t.string('effective_on', 10);
    t.string('last_served_on', 10); // latest 給付実績 or renewal
    t.string('lapses_on', 10);
    t.string('ended_on', 10);
    t.integer('decided_by_user_id').references('users.id');
    t.string('decided_at');
    t.string('return_reason');
    t.index(['insurer_no', 'status', 'requested_at']);
    t.index(['office_no', 'status']);
    t.index(['insured_no']);
  });
  await knex.schema.createTable('office_client_access', (t) => {
    t.increments('id');
    t.string('office_no', 10).notNullable();
    t.string('insured_no', 10).notNullable();
    t.string('insurer_no', 6).notNullable();
    t.integer('registration_id').notNullable().unique();
    t.string('kana');
    t.string('effective_on', 10).notNullable();
    t.string('ended_on', 10);
    t.string('lapses_on', 10);
    t.boolean('consent_granted'); // null: never asked
    t.string('consent_revoked_on', 10);
    t.integer('open_certifications').notNullable().defaultTo(0);
    t.string('last_applied_on', 10);
  });
  for (const [name, table, columns] of INDEXES) await knex.raw(`create index ${name} on ${table} (${columns})`);
  if (isPg(knex)) {
    for (const [name, body] of PG_FUNCTIONS)
      await knex.raw(
        `create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`,
      );
    for (const [name, , sql] of PG_TRIGGERS) await knex.raw(`create trigger ${name} ${sql}`);
  } else {
    for (const [name, sql] of SQLITE_TRIGGERS) await knex.raw(`create trigger ${name} ${sql}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPg(knex)) {
    for (const [name, table] of PG_TRIGGERS) await knex.raw(`drop trigger ${name} on ${table}`);
    for (const [name] of PG_FUNCTIONS) await knex.raw(`drop function ${name}()`);
  } else {
    for (const [name] of SQLITE_TRIGGERS) await knex.raw(`drop trigger ${name}`);
  }
  for (const [name] of [...INDEXES].reverse()) await knex.raw(`drop index if exists ${name}`);
  await knex.schema.dropTable('office_client_access');
  await knex.schema.dropTable('office_registrations');
  await knex.schema.alterTable('consents', (t) => {
    t.dropColumn('taken_by_user_id');
    t.dropColumn('revoked_by_user_id');
  });
  await knex.schema.alterTable('insurers', (t) => {
    t.dropColumn('online_start_on');
    t.dropColumn('data_migrated');
    t.dropColumn('registration_lapse_months');
  });
  for (const [name, table, columns] of SUPERSEDED) await knex.raw(`create index ${name} on ${table} (${columns})`);
  await createOldAccess(knex);
}
