/**
 * Read-only counts of what the workflows wrote, per case, for the fault runner (`npm run chaos`): a step lost or
 * written twice shows here as a missing or extra row. Also the one fault it injects into the database itself.
 */
import type { Knex } from 'knex';
import sqlite3 from 'sqlite3';

/** Every row one case left in the read model, notices, outbox and the register. */
export interface CaseFootprint {
  workflowId: string;
  caseRows: number;
  status: string | null;
  lastSeq: number | null;
  /** case_events in seq order */
  events: { seq: number; eventType: string }[];
  /** task_key of every task row, sorted */
  taskKeys: string[];
  noticeKinds: string[];
  outboxKinds: string[];
  /** the insured person's care level (被保険者証) after the case */
  personLevel: string | null;
}

export async function caseFootprints(db: Knex, workflowIds: string[]): Promise<CaseFootprint[]> {
  const out: CaseFootprint[] = [];
  for (const workflowId of workflowIds) {
    const cases = await db('cases').where({ workflow_id: workflowId }).select('status', 'last_seq', 'insured_no');
    const events = await db('case_events')
      .where({ workflow_id: workflowId })
      .orderBy('seq')
      .select('seq', 'event_type');
    const tasks = await db('tasks').where({ workflow_id: workflowId }).orderBy('task_key').pluck('task_key');
    const notices = await db('notices').where({ workflow_id: workflowId }).orderBy('kind').pluck('kind');
    // outbox ids are `${workflowId}:${key}`; a range instead of LIKE, whose _ and % could match other cases
    const outbox = await db('outbox')
      .where('id', '>', `${workflowId}:`)
      .andWhere('id', '<', `${workflowId};`)
      .orderBy('kind')
      .pluck('kind');
    const person = cases[0]
      ? await db('insured_persons').where({ insured_no: cases[0].insured_no }).first('care_level')
      : undefined;
    out.push({
      workflowId,
      caseRows: cases.length,
      status: cases[0]?.status ?? null,
      lastSeq: cases[0]?.last_seq ?? null,
      events: events.map((e: { seq: number; event_type: string }) => ({ seq: e.seq, eventType: e.event_type })),
      taskKeys: tasks as string[],
      noticeKinds: notices as string[],
      outboxKinds: outbox as string[],
      personLevel: (person?.care_level as string | null | undefined) ?? null,
    });
  }
  return out;
}

/** What the load generator checks afterwards: audit rows by action after an id, and the open tasks somebody holds. */
export interface LoadLedger {
  lastAuditId: number;
  audit: Record<string, number>;
  heldTasks: number;
}

/** The ledger now; `afterAuditId` counts only the audit rows written since an earlier ledger. */
export async function loadLedger(db: Knex, actions: string[], afterAuditId = 0): Promise<LoadLedger> {
  const last = await db('audit_log').max({ id: 'id' }).first();
  const rows = (await db('audit_log')
    .where('id', '>', afterAuditId)
    .whereIn('action', actions)
    .groupBy('action')
    .select('action')
    .count({ n: '*' })) as { action: string; n: number | string }[];
  const held = await db('tasks').where({ status: 'open' }).whereNotNull('assignee_user_id').count({ n: '*' }).first();
  return {
    lastAuditId: Number(last?.id ?? 0),
    audit: Object.fromEntries(actions.map((a) => [a, Number(rows.find((r) => r.action === a)?.n ?? 0)])),
    heldTasks: Number(held?.n ?? 0),
  };
}

/**
 * Holds SQLite's write lock from a second connection for `ms` (BEGIN EXCLUSIVE), as another process or a backup
 * would: the worker's writes wait out their busy timeout, fail, and must retry by policy. Resolves once released.
 */
export async function holdWriteLock(filename: string, ms: number, onLocked?: () => void): Promise<void> {
  const conn = new sqlite3.Database(filename);
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
  try {
    await exec('PRAGMA busy_timeout = 30000; BEGIN EXCLUSIVE');
    onLocked?.();
    await new Promise((r) => setTimeout(r, ms));
    await exec('COMMIT');
  } finally {
    await new Promise<void>((resolve) => conn.close(() => resolve()));
  }
}
