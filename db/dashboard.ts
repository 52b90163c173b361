/** The supervisor's dashboard: open cases by stage and SLA, overdue cases, 延期通知 pending, days to decision. */
import type { Knex } from 'knex';
import type { CaseListRow } from './cases';
import { countOf, wherePrefix } from './paging';
import { whereCaseOfInsurer } from './scope';

/**
 * Open certification cases per stage and per SLA state, counted in one pass over cases_open_stage_sla_idx (the
 * index alone): one group per (stage, SLA state) pair, summed both ways here.
 */
export async function openCaseCounts(
  db: Knex,
  insurerNo: string,
): Promise<{ byStage: { stage: string; n: number }[]; bySla: Record<string, number> }> {
  const rows = (await db('cases')
    .where({ status: 'open', insurer_no: insurerNo, case_kind: 'certification' })
    .groupBy('stage', 'sla_state')
    .select('stage', 'sla_state')
    .count({ n: '*' })) as { stage: string; sla_state: string | null; n: number | string }[];
  const byStage = new Map<string, number>();
  const bySla: Record<string, number> = {};
  for (const r of rows) {
    byStage.set(r.stage, (byStage.get(r.stage) ?? 0) + Number(r.n));
    bySla[r.sla_state ?? 'none'] = (bySla[r.sla_state ?? 'none'] ?? 0) + Number(r.n);
  }
  return { byStage: [...byStage].map(([stage, n]) => ({ stage, n })), bySla };
}

function overdueQuery(db: Knex, insurerNo: string, today: string) {
  return db('cases as c')
    .where('c.status', 'open')
    .where('c.due_on', '<', today)
    .where('c.insurer_no', insurerNo)
    .where('c.case_kind', 'certification');
}

/** Open cases past the 30-day 法定期限. */
export async function overdueCount(db: Knex, insurerNo: string, today: string): Promise<number> {
  return countOf(overdueQuery(db, insurerNo, today));
}

/** Open cases past the 法定期限, oldest deadline first (for the CSV; limit for the page). */
export async function overdueCases(db: Knex, insurerNo: string, today: string, limit?: number): Promise<CaseListRow[]> {
  const q = overdueQuery(db, insurerNo, today)
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
    .orderBy([{ column: 'c.due_on' }, { column: 'c.workflow_id' }]);
  if (limit) q.limit(limit);
  return q;
}

/**
 * Open 延期通知 tasks of the insurer's cases (the notice has not been issued yet): task_type starting with 'postpone',
 * as an index range, each checked against its case's insurer.
 */
export async function pendingPostponementCount(db: Knex, insurerNo: string): Promise<number> {
  const q = db('tasks').where('status', 'open');
  wherePrefix(q, 'task_type', 'postpone');
  return countOf(whereCaseOfInsurer(q, 'tasks.workflow_id', insurerNo));
}

/**
 * 処分期限の違反 (法27条11項): certification cases decided on or after `since` past the due date with no 延期通知 on
 * file (cases.deadline_breach, set by the workflow's breach step).
 */
export async function deadlineBreachCount(db: Knex, insurerNo: string, since: string): Promise<number> {
  return countOf(
    db('cases')
      .where({ insurer_no: insurerNo, case_kind: 'certification' })
      .whereNotNull('deadline_breach')
      .where('decided_on', '>=', since),
  );
}

/**
 * 決定までの平均日数: average days from 申請日 to 処分 of the certification cases decided on or after `since` (the
 * dashboard: the last 12 months), from decision_stats (one row per insurer and decision day, kept by the read-model
 * writer): at most 366 rows, however many cases were decided.
 */
export async function averageDaysToDecision(db: Knex, insurerNo: string, since: string): Promise<number | null> {
  const row = (await db('decision_stats')
    .where('insurer_no', insurerNo)
    .where('decided_on', '>=', since)
    .sum({ days: 'total_days' })
    .sum({ n: 'cases' })
    .first()) as { days: number | string | null; n: number | string | null } | undefined;
  const n = Number(row?.n ?? 0);
  return n > 0 ? Math.round((Number(row!.days) / n) * 10) / 10 : null;
}

/** The oldest open applications. */
export async function oldestOpenCases(db: Knex, insurerNo: string, limit = 10): Promise<CaseListRow[]> {
  return db('cases as c')
    .leftJoin('insured_persons as p', 'p.insured_no', 'c.insured_no')
    .where('c.status', 'open')
    .where('c.insurer_no', insurerNo)
    .where('c.case_kind', 'certification')
    .whereNotNull('c.applied_on')
    .select('c.*', 'p.name as person_name', 'p.kana as person_kana')
    .orderBy([{ column: 'c.applied_on' }, { column: 'c.workflow_id' }])
    .limit(limit);
}
