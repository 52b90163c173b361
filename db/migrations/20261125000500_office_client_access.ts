import type { Knex } from 'knex';

// The office progress page (利用者・認定の進捗) a page at a time. An office may see a person when the person's latest
// 本人同意 is granted and not withdrawn by today AND the office has a 担当 assignment covering today or an open 代行申請
// for them (domain/access.ts officeMayViewPerson). Those facts live in three tables written by different code
// (consents and office_assignments by activities, cases by the read-model writer); checking them person by person
// costs several random index lookups per client (an office has hundreds).
//
// office_client_access holds one row per fact that can let an office see a person (an office_assignments row, or an
// open case the office filed), with the person's kana and latest consent copied in. Triggers on the four source tables
// keep it equal to them whoever writes, so "whom may office X see today, in kana order" is one contiguous range of
// office_client_access_office_idx, filtered by today's date in the query (db/offices.ts officeClientsPage).
//
// The rows also carry how many open certification cases the person has and their latest 申請日, so the progress list
// (open cases and those applied in the last months) looks up the cases of only those clients who have one.

const INDEXES: [name: string, table: string, columns: string][] = [
  // an office's clients in フリガナ order, with everything the visibility check and the page's version read
  [
    'office_client_access_office_idx',
    'office_client_access',
    'office_no, kana, insured_no, consent_granted, consent_revoked_on, workflow_id, start_date, end_date, id, open_certifications, last_applied_on',
  ],
  ['office_client_access_person_idx', 'office_client_access', 'insured_no'],
  // 認定の進捗: the open or recent certification cases of one person / filed by one office, read from the index alone
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
  // お知らせ・依頼 of an office: open ones by due date; completed ones newest first, which also give the office page's
  // task stamp (count, newest, last completed) from the index alone
  ['tasks_office_status_due_idx', 'tasks', 'office_no, status, due_on'],
  ['tasks_office_completed_idx', 'tasks', 'office_no, completed_at, status, created_at'],
  // latest consent of a person
  ['consents_person_latest_idx', 'consents', 'insured_no, id, granted, revoked_on'],
  // a client's row on this page, and a person's name and kana beside a listed case or task (this page's progress,
  // also the inbox, case list, dashboard), from one index lookup instead of an index lookup and a table row
  [
    'insured_persons_list_idx',
    'insured_persons',
    'insured_no, name, kana, care_level, cert_valid_from, cert_valid_to, status',
  ],
];

/** Superseded by the indexes above. */
const DROP: [name: string, table: string, columns: string][] = [
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
/** The person-level values of a row for person `no`. */
const personFacts = (no: string) =>
  `${kana(no)}, ${consentGranted(no)}, ${consentRevokedOn(no)}, ${openCertifications(no)}, ${lastAppliedOn(no)}`;

const COLUMNS =
  'office_no, insured_no, assignment_id, workflow_id, start_date, end_date, kana, consent_granted, consent_revoked_on, open_certifications, last_applied_on';
const fromAssignment = (r: string) =>
  `insert into office_client_access (${COLUMNS}) values (${r}.office_no, ${r}.insured_no, ${r}.id, null, ${r}.start_date, ${r}.end_date, ${personFacts(`${r}.insured_no`)})`;
const fromCase = (r: string) =>
  `insert into office_client_access (${COLUMNS}) select ${r}.filed_by_office_no, ${r}.insured_no, null, ${r}.workflow_id, null, null, ${personFacts(`${r}.insured_no`)} where ${r}.filed_by_office_no is not null and ${r}.status = 'open'`;
const consentOf = (no: string) =>
  `update office_client_access set consent_granted = ${consentGranted(no)}, consent_revoked_on = ${consentRevokedOn(no)} where insured_no = ${no}`;
const certificationsOf = (no: string) =>
  `update office_client_access set open_certifications = ${openCertifications(no)}, last_applied_on = ${lastAppliedOn(no)} where insured_no = ${no}`;
/** A case change that can change a person's open certifications or latest 申請日. */
const CERTIFICATION_CHANGE = (distinct: string) =>
  ['status', 'applied_on', 'case_kind', 'insured_no'].map((c) => `old.${c} ${distinct} new.${c}`).join(' or ');
const kanaOf = (r: string) => `update office_client_access set kana = ${r}.kana where insured_no = ${r}.insured_no`;

/** SQLite: one trigger per event, statements separated by ';' inside BEGIN … END. */
const SQLITE_TRIGGERS: [name: string, sql: string][] = [
  ['office_assignments_insert_access', `after insert on office_assignments begin ${fromAssignment('new')}; end`],
  [
    'office_assignments_update_access',
    `after update on office_assignments begin delete from office_client_access where assignment_id = old.id; ${fromAssignment('new')}; end`,
  ],
  [
    'office_assignments_delete_access',
    `after delete on office_assignments begin delete from office_client_access where assignment_id = old.id; end`,
  ],
  [
    'cases_insert_access',
    `after insert on cases when new.filed_by_office_no is not null and new.status = 'open' begin ${fromCase('new')}; end`,
  ],
  [
    'cases_update_access',
    `after update of status, filed_by_office_no, insured_no on cases
     when old.status is not new.status or old.filed_by_office_no is not new.filed_by_office_no or old.insured_no is not new.insured_no
     begin delete from office_client_access where workflow_id = old.workflow_id; ${fromCase('new')}; end`,
  ],
  [
    'cases_delete_access',
    `after delete on cases when old.filed_by_office_no is not null begin delete from office_client_access where workflow_id = old.workflow_id; end`,
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

/** PostgreSQL: one plpgsql function per source table; TG_OP says which rows to remove and which to add. */
const PG_FUNCTIONS: [name: string, body: string][] = [
  [
    'office_access_from_assignment',
    `if tg_op <> 'INSERT' then delete from office_client_access where assignment_id = old.id; end if;
     if tg_op <> 'DELETE' then ${fromAssignment('new')}; end if;`,
  ],
  [
    'office_access_from_case',
    `if tg_op <> 'INSERT' then delete from office_client_access where workflow_id = old.workflow_id; end if;
     if tg_op <> 'DELETE' then ${fromCase('new')}; end if;`,
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

const PG_TRIGGERS: [name: string, sql: string][] = [
  [
    'office_assignments_access',
    'after insert or update or delete on office_assignments for each row execute function office_access_from_assignment()',
  ],
  [
    'cases_insert_access',
    `after insert on cases for each row when (new.filed_by_office_no is not null and new.status = 'open') execute function office_access_from_case()`,
  ],
  [
    'cases_update_access',
    `after update of status, filed_by_office_no, insured_no on cases for each row
     when (old.status is distinct from new.status or old.filed_by_office_no is distinct from new.filed_by_office_no or old.insured_no is distinct from new.insured_no)
     execute function office_access_from_case()`,
  ],
  [
    'cases_delete_access',
    'after delete on cases for each row when (old.filed_by_office_no is not null) execute function office_access_from_case()',
  ],
  [
    'cases_insert_certifications',
    `after insert on cases for each row when (new.case_kind = 'certification') execute function office_access_certifications()`,
  ],
  [
    'cases_update_certifications',
    `after update of status, applied_on, case_kind, insured_no on cases for each row when (${CERTIFICATION_CHANGE('is distinct from')})
     execute function office_access_certifications()`,
  ],
  [
    'cases_delete_certifications',
    `after delete on cases for each row when (old.case_kind = 'certification') execute function office_access_certifications()`,
  ],
  [
    'consents_access',
    'after insert or update or delete on consents for each row execute function office_access_from_consent()',
  ],
  [
    'insured_persons_access',
    'after insert or update of kana on insured_persons for each row execute function office_access_from_person()',
  ],
];

const TRIGGER_TABLES: Record<string, string> = {
  office_assignments_access: 'office_assignments',
  cases_insert_access: 'cases',
  cases_update_access: 'cases',
  cases_delete_access: 'cases',
  cases_insert_certifications: 'cases',
  cases_update_certifications: 'cases',
  cases_delete_certifications: 'cases',
  consents_access: 'consents',
  insured_persons_access: 'insured_persons',
};

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('office_client_access', (t) => {
    t.increments('id');
    t.string('office_no', 10).notNullable();
    t.string('insured_no', 10).notNullable();
    t.integer('assignment_id').unique(); // the office_assignments row, or
    t.string('workflow_id').unique(); // the open case the office filed (代行申請)
    t.string('kana');
    t.string('start_date', 10);
    t.string('end_date', 10);
    t.boolean('consent_granted'); // null: never asked
    t.string('consent_revoked_on', 10);
    t.integer('open_certifications').notNullable().defaultTo(0);
    t.string('last_applied_on', 10);
  });
  await knex.raw(
    `insert into office_client_access (${COLUMNS})
     select a.office_no, a.insured_no, a.id, null, a.start_date, a.end_date, ${personFacts('a.insured_no')}
     from office_assignments a`,
  );
  await knex.raw(
    `insert into office_client_access (${COLUMNS})
     select c.filed_by_office_no, c.insured_no, null, c.workflow_id, null, null, ${personFacts('c.insured_no')}
     from cases c where c.filed_by_office_no is not null and c.status = 'open'`,
  );
  for (const [name, table, columns] of INDEXES) await knex.raw(`create index ${name} on ${table} (${columns})`);
  for (const [name] of DROP) await knex.raw(`drop index ${name}`);
  if (isPg(knex)) {
    for (const [name, body] of PG_FUNCTIONS)
      await knex.raw(
        `create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`,
      );
    for (const [name, sql] of PG_TRIGGERS) await knex.raw(`create trigger ${name} ${sql}`);
  } else {
    for (const [name, sql] of SQLITE_TRIGGERS) await knex.raw(`create trigger ${name} ${sql}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPg(knex)) {
    for (const [name] of PG_TRIGGERS) await knex.raw(`drop trigger ${name} on ${TRIGGER_TABLES[name]}`);
    for (const [name] of PG_FUNCTIONS) await knex.raw(`drop function ${name}()`);
  } else {
    for (const [name] of SQLITE_TRIGGERS) await knex.raw(`drop trigger ${name}`);
  }
  for (const [name, table, columns] of DROP) await knex.raw(`create index ${name} on ${table} (${columns})`);
  for (const [name] of [...INDEXES].reverse()) await knex.raw(`drop index ${name}`);
  await knex.schema.dropTable('office_client_access');
}
