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
