import type { Knex } from 'knex';
import { lossFromCaseEvent } from '../domain/register/status';
import { recordPersonLoss } from './register';
import { applyOpinionSteps } from './opinion-requests';
import { daysBetween, isValidIsoDate } from '../domain/dates';
import { planOfficeNotice } from './plan-office-notices';

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
  /** 法27条11項違反: 'no_postponement_notice' | 'past_expected_period' (domain/certification/deadlines), else null */
  deadline_breach: string | null;
  summary_json: string | null;
  /** 処分の日 (certification cases), from the decision step's summary.decidedOn; set once */
  decided_on: string | null;
  /** days from applied_on to decided_on */
  days_to_decision: number | null;
  /** the person's フリガナ, copied at every write and by a trigger when the person's kana changes (search by kana) */
  person_kana: string | null;
  last_seq: number;
  created_at: string;
  updated_at: string;
}

/** Columns the writer derives itself; a step cannot set them. */
type DerivedColumns =
  | 'workflow_id'
  | 'last_seq'
  | 'created_at'
  | 'updated_at'
  | 'summary_json'
  | 'decided_on'
  | 'days_to_decision'
  | 'person_kana';

/** Case fields a workflow step may set; workflow_id, seq and timestamps are handled here. */
export type CaseFields = Partial<Omit<CaseRow, DerivedColumns>> & {
  summary?: Record<string, unknown>;
};

/** A human task to open (or keep open). key is unique within the workflow, e.g. 'survey' or 'postponement-1'. */
export interface TaskSpec {
  key: string;
  /** The entry of the workflow's task table (tasks.task_key); the key when omitted. */
  taskKey?: string;
  type: string;
  title: string;
  candidateRole: string;
  officeNo?: string | null;
  dueOn?: string | null;
  /** A named person's task (e.g. the 認定調査 of an assigned surveyor): an active account of the case's insurer */
  assigneeLoginId?: string | null;
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

/** What the writer needs of the stored row to apply a step. */
interface ExistingCase {
  last_seq: number;
  insured_no: string;
  summary_json: string | null;
  case_kind: string;
  insurer_no: string;
  applied_on: string | null;
  decided_on: string | null;
}

/**
 * The decision figures a step adds: the first step whose summary carries decidedOn (the 処分 step of a certification
 * case) sets decided_on and days_to_decision; later steps leave them as they are.
 */
function decisionOf(
  existing: ExistingCase | undefined,
  fields: CaseFields,
  summary: Record<string, unknown> | undefined,
) {
  const decidedOn = summary?.decidedOn;
  if (existing?.decided_on || typeof decidedOn !== 'string' || !isValidIsoDate(decidedOn)) return null;
  if ((fields.case_kind ?? existing?.case_kind ?? 'certification') !== 'certification') return null;
  const appliedOn = fields.applied_on ?? existing?.applied_on ?? null;
  return {
    insurerNo: fields.insurer_no ?? existing?.insurer_no ?? null,
    decidedOn,
    days: appliedOn && isValidIsoDate(appliedOn) ? daysBetween(appliedOn, decidedOn) : null,
  };
}

/** The person's kana as a value of the row being written (kept in step with the person by a trigger as well). */
function personKana(trx: Knex.Transaction, insuredNo?: string) {
  return insuredNo
    ? trx.raw('(select kana from insured_persons where insured_no = ?)', [insuredNo])
    : trx.raw('(select kana from insured_persons where insured_persons.insured_no = cases.insured_no)');
}

/**
 * Writes one workflow step in one transaction. Running it twice with the same seq changes nothing: a step at or below
 * the row's last_seq returns at once, so the event, the tasks and the decision statistics are written once.
 */
export async function recordProgress(db: Knex, r: ProgressRecord): Promise<void> {
  await db.transaction((trx) => applySteps(trx, [r]));
}

/**
 * Applies steps of different workflows in one transaction: each step's case row, then every event in one INSERT,
 * the tasks closed, and every task opened in one INSERT. A step at or below its row's last_seq is skipped (a retry or
 * a replay), so nothing is written twice. The rows of different workflows never meet, so their order does not matter.
 */
async function applySteps(trx: Knex.Transaction, steps: ProgressRecord[]): Promise<void> {
  const ids = steps.map((r) => r.workflowId);
  if (new Set(ids).size !== ids.length) throw new Error('applySteps: one step per workflow at a time');
  const rows: (ExistingCase & { workflow_id: string })[] = await trx('cases')
    .whereIn('workflow_id', ids)
    .select(
      'workflow_id',
      'last_seq',
      'insured_no',
      'summary_json',
      'case_kind',
      'insurer_no',
      'applied_on',
      'decided_on',
    );
  const existingOf = new Map(rows.map((row) => [row.workflow_id, row]));
  const applied = steps.filter((r) => (existingOf.get(r.workflowId)?.last_seq ?? 0) < r.seq);
  for (const r of applied) await writeCase(trx, r, existingOf.get(r.workflowId));
  // 死亡・転出 recorded in a case end the person's status in the register too (issue 16), in the same transaction.
  for (const r of applied) {
    const loss = r.event ? lossFromCaseEvent(r.event.type, r.event.payload) : null;
    const existing = existingOf.get(r.workflowId);
    const insuredNo = (r.case?.insured_no as string | undefined) ?? existing?.insured_no;
    const insurerNo = (r.case?.insurer_no as string | undefined) ?? existing?.insurer_no;
    if (!loss || !insuredNo || !insurerNo) continue;
    await recordPersonLoss(trx, {
      insurerNo,
      insuredNo,
      reason: loss.reason,
      lostOn: loss.lostOn,
      note: `申請の記録（${r.workflowId}）による`,
      source: 'case',
      recordedBy: r.event?.actor ?? null,
      recordedAt: r.occurredAt,
    });
  }

  const events = applied.filter((r) => r.event);
  if (events.length > 0) {
    await trx('case_events')
      .insert(
        events.map((r) => ({
          workflow_id: r.workflowId,
          seq: r.seq,
          event_type: r.event!.type,
          actor: r.event!.actor ?? null,
          occurred_at: r.occurredAt,
          payload_json: JSON.stringify(r.event!.payload ?? {}),
        })),
      )
      .onConflict(['workflow_id', 'seq'])
      .ignore();
  }
  for (const r of applied) {
    if (r.closeAllOpenTasks) {
      await trx('tasks')
        .where({ workflow_id: r.workflowId, status: 'open' })
        .update({ status: r.closeAllOpenTasks, completed_at: r.occurredAt });
    }
    for (const c of r.closeTasks ?? []) {
      // One rule for the inbox: completing a task claims it for whoever completes it (a user's login), so the row
      // says who did the work whether or not they had claimed it first.
      const completer =
        c.status === 'completed' && c.by
          ? {
              assignee_user_id: trx.raw('coalesce((select id from users where login_id = ?), assignee_user_id)', [
                c.by,
              ]),
            }
          : {};
      await trx('tasks')
        .where({ id: `${r.workflowId}:${c.key}`, status: 'open' })
        .update({ status: c.status, completed_at: r.occurredAt, completed_by: c.by ?? null, ...completer });
    }
  }
  await applyOpinionSteps(trx, applied);
  // The person's plan office gets the step's お知らせ too (db/plan-office-notices), in this same transaction.
  const toOpen = new Map<string, TaskSpec[]>();
  for (const r of applied) {
    const plan = await planOfficeNotice(trx, r, existingOf.get(r.workflowId));
    toOpen.set(r.workflowId, plan ? [...(r.openTasks ?? []), plan] : (r.openTasks ?? []));
  }
  const opened = applied.flatMap((r) =>
    toOpen.get(r.workflowId)!.map((t) => ({
      id: `${r.workflowId}:${t.key}`,
      workflow_id: r.workflowId,
      task_key: t.taskKey ?? t.key,
      task_type: t.type,
      title: t.title,
      candidate_role: t.candidateRole,
      office_no: t.officeNo ?? null,
      status: 'open',
      due_on: t.dueOn ?? null,
      created_at: r.occurredAt,
      ...(t.assigneeLoginId
        ? {
            assignee_user_id: trx.raw(
              '(select u.id from users u join cases c on c.insurer_no = u.insurer_no where u.login_id = ? and u.active = ? and c.workflow_id = ?)',
              [t.assigneeLoginId, true, r.workflowId],
            ),
          }
        : {}),
    })),
  );
  if (opened.length > 0) {
    await trx('tasks')
      .insert(opened)
      .onConflict('id')
      .merge(['title', 'candidate_role', 'office_no', 'due_on', 'status']);
  }
}

/** The step's case row: inserted with the first step, updated (with the decision figures once) by later ones. */
async function writeCase(trx: Knex.Transaction, r: ProgressRecord, existing: ExistingCase | undefined): Promise<void> {
  if (!r.case && existing) {
    await trx('cases')
      .where({ workflow_id: r.workflowId })
      .update({ person_kana: personKana(trx), last_seq: r.seq, updated_at: r.occurredAt });
    return;
  }
  const { summary, ...fields } = r.case ?? {};
  const mergedSummary = summary
    ? JSON.stringify({ ...(existing?.summary_json ? JSON.parse(existing.summary_json) : {}), ...summary })
    : undefined;
  const decision = decisionOf(existing, fields, summary);
  const derived = decision ? { decided_on: decision.decidedOn, days_to_decision: decision.days } : {};
  if (existing) {
    await trx('cases')
      .where({ workflow_id: r.workflowId })
      .update({
        ...fields,
        ...(mergedSummary ? { summary_json: mergedSummary } : {}),
        ...derived,
        person_kana: personKana(trx, fields.insured_no),
        last_seq: r.seq,
        updated_at: r.occurredAt,
      });
  } else {
    await trx('cases').insert({
      stage: 'received',
      status: 'open',
      case_kind: 'certification',
      ...fields,
      ...derived,
      person_kana: personKana(trx, fields.insured_no),
      summary_json: mergedSummary ?? null,
      workflow_id: r.workflowId,
      last_seq: r.seq,
      created_at: r.occurredAt,
      updated_at: r.occurredAt,
    });
  }
  if (decision?.insurerNo && decision.days != null) {
    await trx('decision_stats')
      .insert({ insurer_no: decision.insurerNo, decided_on: decision.decidedOn, cases: 1, total_days: decision.days })
      .onConflict(['insurer_no', 'decided_on'])
      .merge({
        cases: trx.raw('decision_stats.cases + 1'),
        total_days: trx.raw('decision_stats.total_days + excluded.total_days'),
      });
  }
}

/** Steps per read-model transaction at most (npm run bench -- --sweep compares 1, 10 and this). */
export const DEFAULT_STEPS_PER_TRANSACTION = 50;

interface Pending {
  record: ProgressRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes the steps of many workflows to the read model, those that arrive together in one transaction (group
 * commit). A step is written at once when the database is idle; steps that arrive while a transaction is committing
 * wait for it and then go together, so under load one BEGIN, one fsync, one SELECT and one INSERT of events serve
 * many steps instead of one each. Each step's promise settles when its own transaction has committed; a step that
 * fails is tried again alone, so it cannot fail the others. A workflow's steps go in the order they arrive, one per
 * transaction.
 */
export class ProgressWriter {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly db: Knex,
    private readonly maxSteps = DEFAULT_STEPS_PER_TRANSACTION,
  ) {}

  write(record: ProgressRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.writing || this.queue.length === 0) return;
    const batch: Pending[] = [];
    const later: Pending[] = [];
    const workflows = new Set<string>();
    for (const p of this.queue) {
      if (batch.length < this.maxSteps && !workflows.has(p.record.workflowId)) {
        workflows.add(p.record.workflowId);
        batch.push(p);
      } else later.push(p);
    }
    this.queue = later;
    this.writing = true;
    void this.writeBatch(batch).finally(() => {
      this.writing = false;
      this.next();
    });
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      await this.db.transaction((trx) =>
        applySteps(
          trx,
          batch.map((p) => p.record),
        ),
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const p of batch) {
        await recordProgress(this.db, p.record).then(p.resolve, p.reject);
      }
    }
  }
}

/** Stores a rendered notice; the same key replaces nothing once written (first rendering wins). */
export async function storeNotice(
  db: Knex,
  n: {
    id: string;
    workflowId: string;
    kind: string;
    title: string;
    html: string;
    createdAt: string;
    documentNo?: string | null;
  },
): Promise<void> {
  await db('notices')
    .insert({
      id: n.id,
      workflow_id: n.workflowId,
      kind: n.kind,
      title: n.title,
      html: n.html,
      created_at: n.createdAt,
      document_no: n.documentNo ?? null,
    })
    .onConflict('id')
    .ignore();
}

/** Queues an outbound message (e.g. 受給者異動 to 国保連) once per id. */
export async function enqueueOutbox(
  db: Knex,
  m: { id: string; kind: string; payload: Record<string, unknown>; createdAt: string },
): Promise<void> {
  await db('outbox')
    .insert({
      id: m.id,
      kind: m.kind,
      insurer_no: typeof m.payload.insurerNo === 'string' ? m.payload.insurerNo : null,
      payload_json: JSON.stringify(m.payload),
      created_at: m.createdAt,
    })
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
