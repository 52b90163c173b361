/**
 * The insurer a row belongs to. Cases carry insurer_no; tasks, notices and events belong to a case (every workflow
 * writes one), consents, assignments and usages to a person. A row of another insurer is simply not found.
 */
import type { Knex } from 'knex';

/** Keeps the rows whose case (by `workflowIdColumn`) belongs to the insurer: one primary-key probe per row. */
export function whereCaseOfInsurer(q: Knex.QueryBuilder, workflowIdColumn: string, insurerNo: string) {
  return q.whereExists((s) =>
    s
      .select('scope_c.workflow_id')
      .from('cases as scope_c')
      .whereRaw('scope_c.workflow_id = ??', [workflowIdColumn])
      .where('scope_c.insurer_no', insurerNo),
  );
}

/**
 * On SQLite, the same scope as a correlated scalar probe, for a statement that reads an index from its start (the supervisor's
 * 完了 tab: no key for `not candidate_role = ?`). SQLite turns the EXISTS into a join and, expecting every task to be
 * read, first builds a Bloom filter over the insurer's cases (about 200 ms at 100,000 cases, before the first of the
 * capped 1,001 rows); a scalar subquery is probed row by row, reading one case per task.
 */
export function whereCaseOfInsurerProbe(q: Knex.QueryBuilder, workflowIdColumn: string, insurerNo: string) {
  // PostgreSQL has no such set-up, and a subplan per row makes its estimate large enough to JIT-compile (300 ms)
  if (q.client.config.client === 'pg') return whereCaseOfInsurer(q, workflowIdColumn, insurerNo);
  return q.whereRaw('(select scope_c.insurer_no from cases as scope_c where scope_c.workflow_id = ??) = ?', [
    workflowIdColumn,
    insurerNo,
  ]);
}

/** Keeps the rows whose person (by `insuredNoColumn`) belongs to the insurer. */
export function wherePersonOfInsurer(q: Knex.QueryBuilder, insuredNoColumn: string, insurerNo: string) {
  return q.whereExists((s) =>
    s
      .select('scope_p.insured_no')
      .from('insured_persons as scope_p')
      .whereRaw('scope_p.insured_no = ??', [insuredNoColumn])
      .where('scope_p.insurer_no', insurerNo),
  );
}
