import type { Knex } from 'knex';

/** A case row as the lists see it. Dates are IsoDate strings. */
export interface CaseRow {
  workflow_id: string;
  case_kind: string;
  insurer_no: string;
  insured_no: string;
  application_no: string | null;
  application_type: string | null;
  applied_on: string | null;
  filed_by_office_no: string | null;
  stage: string;
  status: 'open' | 'closed';
  outcome: string | null;
  due_on: string | null;
  sla_state: string | null;
  primary_level: string | null;
  final_level: string | null;
  valid_from: string | null;
  valid_to: string | null;
  summary_json: string | null;
  last_seq: number;
  created_at: string;
  updated_at: string;
}

/** Case fields a workflow step may set; workflow_id, seq and timestamps are handled here. */
export type CaseFields = Partial<Omit<CaseRow, 'workflow_id' | 'last_seq' | 'created_at' | 'updated_at' | 'summary_json'>> & {
  summary?: Record<string, unknown>;
};

/** A human task to open (or keep open). key is unique within the workflow, e.g. 'survey' or 'postponement-1'. */
export interface TaskSpec {
  key: string;
  type: string;
  title: string;
  candidateRole: string;
  officeNo?: string | null;
  dueOn?: string | null;
}

export interface TaskClose {
  key: string;
  status: 'completed' | 'cancelled';
  by?: string | null;
}

/** One step of a workflow as the read model records it. */
export interface ProgressRecord {
  workflowId: string;
  /** Strictly increasing per workflow; makes the write idempotent and ordered. */
  seq: number;
  occurredAt: string;
  case?: CaseFields;
  event?: { type: string; actor?: string | null; payload?: Record<string, unknown> };
  openTasks?: TaskSpec[];
  closeTasks?: TaskClose[];
  /** Close every open task of the workflow (used when a case ends). */
  closeAllOpenTasks?: 'completed' | 'cancelled';
}

/** Writes one workflow step in one transaction. Running it twice with the same seq changes nothing. */
export async function recordProgress(db: Knex, r: ProgressRecord): Promise<void> {
  await db.transaction(async (trx) => {
    const existing = await trx('cases').where({ workflow_id: r.workflowId }).first('last_seq', 'summary_json');
    if (existing && existing.last_seq >= r.seq) return; // already applied (activity retry or replay)
    if (r.case || !existing) {
      const { summary, ...fields } = r.case ?? {};
      const mergedSummary = summary
        ? JSON.stringify({ ...(existing?.summary_json ? JSON.parse(existing.summary_json) : {}), ...summary })
        : undefined;
      if (existing) {
        await trx('cases')
          .where({ workflow_id: r.workflowId })
          .update({ ...fields, ...(mergedSummary ? { summary_json: mergedSummary } : {}), last_seq: r.seq, updated_at: r.occurredAt });
      } else {
        await trx('cases').insert({
          stage: 'received',
          status: 'open',
          case_kind: 'certification',
          ...fields,
          summary_json: mergedSummary ?? null,
          workflow_id: r.workflowId,
          last_seq: r.seq,
          created_at: r.occurredAt,
          updated_at: r.occurredAt,
        });
      }
    } else {
      await trx('cases').where({ workflow_id: r.workflowId }).update({ last_seq: r.seq, updated_at: r.occurredAt });
    }
    if (r.event) {
      await trx('case_events')
        .insert({
          workflow_id: r.workflowId,
          seq: r.seq,
          event_type: r.event.type,
          actor: r.event.actor ?? null,
          occurred_at: r.occurredAt,
          payload_json: JSON.stringify(r.event.payload ?? {}),
        })
        .onConflict(['workflow_id', 'seq'])
        .ignore();
    }
    if (r.closeAllOpenTasks) {
      await trx('tasks')
        .where({ workflow_id: r.workflowId, status: 'open' })
        .update({ status: r.closeAllOpenTasks, completed_at: r.occurredAt });
    }
    for (const c of r.closeTasks ?? []) {
      await trx('tasks')
        .where({ id: `${r.workflowId}:${c.key}`, status: 'open' })
        .update({ status: c.status, completed_at: r.occurredAt, completed_by: c.by ?? null });
    }
    for (const t of r.openTasks ?? []) {
      await trx('tasks')
        .insert({
          id: `${r.workflowId}:${t.key}`,
          workflow_id: r.workflowId,
          task_type: t.type,
          title: t.title,
          candidate_role: t.candidateRole,
          office_no: t.officeNo ?? null,
          status: 'open',
          due_on: t.dueOn ?? null,
          created_at: r.occurredAt,
        })
        .onConflict('id')
        .merge(['title', 'candidate_role', 'office_no', 'due_on', 'status']);
    }
  });
}

/** Stores a rendered notice; the same key replaces nothing once written (first rendering wins). */
export async function storeNotice(
  db: Knex,
  n: { id: string; workflowId: string; kind: string; title: string; html: string; createdAt: string },
): Promise<void> {
  await db('notices')
    .insert({ id: n.id, workflow_id: n.workflowId, kind: n.kind, title: n.title, html: n.html, created_at: n.createdAt })
    .onConflict('id')
    .ignore();
}

/** Queues an outbound message (e.g. 受給者異動 to 国保連) once per id. */
export async function enqueueOutbox(
  db: Knex,
  m: { id: string; kind: string; payload: Record<string, unknown>; createdAt: string },
): Promise<void> {
  await db('outbox')
    .insert({ id: m.id, kind: m.kind, payload_json: JSON.stringify(m.payload), created_at: m.createdAt })
    .onConflict('id')
    .ignore();
}

/** Waits (briefly) until a workflow's first step has reached the read model; false on timeout. */
export async function waitForCaseRow(db: Knex, workflowId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (await db('cases').where({ workflow_id: workflowId }).first('workflow_id')) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
  }
}
