import type { Knex } from 'knex';

// The supervisor dashboard (進捗管理) at 100,000 cases.
//
// 決定までの平均日数 without reading a year of closed cases per page view:
// cases.decided_on / days_to_decision: the 処分 date of a certification case and the days from its 申請日, written once
// by the read-model writer (db/read-model.ts) when the decision step arrives (the step's summary carries decidedOn).
// decision_stats: per insurer and decision day, how many cases were decided and their days summed, maintained in the
// same transaction; the dashboard sums at most 366 rows. Both are backfilled here from the existing read model.
//
// Open cases per stage and per SLA state in one pass: one index ending in both (it replaces the two per-count ones).
// The index the average used to read (a year of closed cases) goes.
const OPEN_COUNTS = ['cases_open_stage_sla_idx', 'cases', 'status, insurer_no, case_kind, stage, sla_state'];
const SUPERSEDED: [name: string, table: string, columns: string][] = [
  ['cases_open_stage_idx', 'cases', 'status, insurer_no, case_kind, stage'],
  ['cases_open_sla_idx', 'cases', 'status, insurer_no, case_kind, sla_state'],
  ['cases_closed_updated_idx', 'cases', 'status, insurer_no, case_kind, updated_at, applied_on, final_level'],
];

/** Decided outcomes, for rows written before the summary carried decidedOn (the old dashboard's rule). */
const DECIDED_OUTCOMES = ['certified', 'non_applicable', 'deemed_renewal', 'rejected_no_change'];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function decidedOnOf(row: {
  summary_json: string | null;
  status: string;
  outcome: string | null;
  updated_at: string;
}): string | null {
  try {
    const s = row.summary_json ? (JSON.parse(row.summary_json) as { decidedOn?: unknown }) : {};
    if (typeof s.decidedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.decidedOn)) return s.decidedOn;
  } catch {
    // a broken summary falls back to the last update, as the dashboard used to
  }
  return row.status === 'closed' && row.outcome && DECIDED_OUTCOMES.includes(row.outcome)
    ? row.updated_at.slice(0, 10)
    : null;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('decided_on', 10);
    t.integer('days_to_decision');
  });
  await knex.schema.createTable('decision_stats', (t) => {
    t.string('insurer_no', 6).notNullable();
    t.string('decided_on', 10).notNullable();
    t.integer('cases').notNullable();
    t.integer('total_days').notNullable();
    t.primary(['insurer_no', 'decided_on']);
  });

  // Backfill: every certification case with a 二次判定 level may have been decided; the summary says when.
  let after = '';
  for (;;) {
    const rows: {
      workflow_id: string;
      applied_on: string | null;
      summary_json: string | null;
      status: string;
      outcome: string | null;
      updated_at: string;
    }[] = await knex('cases')
      .where('case_kind', 'certification')
      .whereNotNull('final_level')
      .where('workflow_id', '>', after)
      .orderBy('workflow_id')
      .limit(1000)
      .select('workflow_id', 'applied_on', 'summary_json', 'status', 'outcome', 'updated_at');
    if (rows.length === 0) break;
    for (const r of rows) {
      const decidedOn = decidedOnOf(r);
      if (!decidedOn) continue;
      await knex('cases')
        .where('workflow_id', r.workflow_id)
        .update({
          decided_on: decidedOn,
          days_to_decision: r.applied_on ? daysBetween(r.applied_on, decidedOn) : null,
        });
    }
    after = rows[rows.length - 1].workflow_id;
  }
  await knex.raw(
    `insert into decision_stats (insurer_no, decided_on, cases, total_days)
     select insurer_no, decided_on, count(*), sum(days_to_decision) from cases
     where decided_on is not null and days_to_decision is not null
     group by insurer_no, decided_on`,
  );
  await knex.raw(`create index ${OPEN_COUNTS[0]} on ${OPEN_COUNTS[1]} (${OPEN_COUNTS[2]})`);
  for (const [name] of SUPERSEDED) await knex.raw(`drop index ${name}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, table, columns] of SUPERSEDED) await knex.raw(`create index ${name} on ${table} (${columns})`);
  await knex.raw(`drop index ${OPEN_COUNTS[0]}`);
  await knex.schema.dropTable('decision_stats');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('days_to_decision');
    t.dropColumn('decided_on');
  });
}
