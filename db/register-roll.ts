/**
 * 証の年次切替 (the yearly roll of the 負担割合証 and 負担限度額認定証), one batch of persons at a time by 被保険者番号:
 * the register's current values move to the period in force on the day, and each person who lacks the certificate
 * for the roll's period gets a task for the 給付係, in a case of its own (`certificate-roll-…`, one per person and
 * period). Opening is idempotent: a task that exists (open or done) is left as it is. Recording the certificate
 * closes the task (db/register.ts). Every query takes the insurer.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/certification/types';
import type { CertificateKind } from '../domain/register/certificates';
import type { Period } from '../domain/register/periods';
import { missingCertificates, rollCaseId, rollTaskDueOn, rollTaskTitle } from '../domain/register/roll';
import { currentCertificates, type CertificateRow } from './register';

/** cases.case_kind and tasks.task_type of the roll. */
export const REGISTER_ROLL_CASE_KIND = 'register_roll';
/** The role whose inbox gets the tasks: the 給付係 keeps the certificates (register.edit). */
export const REGISTER_ROLL_ROLE = 'benefits';

/** What one batch did. */
export interface RollBatchResult {
  /** the last 被保険者番号 of the batch; null when it was the last batch */
  next: string | null;
  /** persons looked at */
  persons: number;
  /** persons whose current 負担割合・負担限度額 columns moved to the period in force on asOf */
  rolled: number;
  /** tasks opened by this batch */
  opened: number;
  /** tasks that an earlier run had opened already (open or done) */
  alreadyOpened: number;
}

/**
 * One batch of the roll: the insurer's active persons after `after`, at most `limit`. Each batch is one transaction,
 * so a retried batch finds what it wrote and writes nothing twice.
 */
export async function rollRegisterBatch(
  db: Knex,
  input: { insurerNo: string; asOf: IsoDate; period: Period; after: string | null; limit: number; at: string },
): Promise<RollBatchResult> {
  return db.transaction(async (trx) => {
    const q = trx('insured_persons')
      .where({ insurer_no: input.insurerNo, status: 'active' })
      .orderBy('insured_no')
      .limit(input.limit)
      .select(
        'insured_no',
        'status',
        'cert_valid_to',
        'copay_ratio',
        'copay_valid_from',
        'copay_valid_to',
        'burden_limit_stage',
        'burden_limit_valid_to',
      );
    if (input.after) q.where('insured_no', '>', input.after);
    const persons: PersonColumns[] = await q;
    if (persons.length === 0) return { next: null, persons: 0, rolled: 0, opened: 0, alreadyOpened: 0 };
    const nos = persons.map((p) => p.insured_no);
    const rows: CertificateRow[] = await trx('register_certificates')
      .where('insurer_no', input.insurerNo)
      .whereIn('insured_no', nos)
      .whereNull('superseded_by');
    const byPerson = new Map<string, CertificateRow[]>();
    for (const r of rows) byPerson.set(r.insured_no, [...(byPerson.get(r.insured_no) ?? []), r]);

    let rolled = 0;
    const missing: { insuredNo: string; kinds: CertificateKind[] }[] = [];
    for (const p of persons) {
      const certs = byPerson.get(p.insured_no) ?? [];
      if (await rollCurrentColumns(trx, input.insurerNo, p, certs, input.asOf)) rolled++;
      const kinds = missingCertificates(
        {
          insuredNo: p.insured_no,
          status: p.status,
          certValidTo: p.cert_valid_to,
          certificates: certs.map((c) => ({ kind: c.kind, validFrom: c.valid_from, validTo: c.valid_to })),
        },
        input.period,
      );
      if (kinds.length > 0) missing.push({ insuredNo: p.insured_no, kinds });
    }
    const { opened, alreadyOpened } = await openRollTasks(trx, input.insurerNo, input.period, missing, input.at);
    const next = persons.length < input.limit ? null : persons[persons.length - 1].insured_no;
    return { next, persons: persons.length, rolled, opened, alreadyOpened };
  });
}

interface PersonColumns {
  insured_no: string;
  status: string;
  cert_valid_to: string | null;
  copay_ratio: number | null;
  copay_valid_from: string | null;
  copay_valid_to: string | null;
  burden_limit_stage: string | null;
  burden_limit_valid_to: string | null;
}

/** 期間の切替: the person's current-value columns as of asOf (what an office reads); true when they changed. */
async function rollCurrentColumns(
  trx: Knex,
  insurerNo: string,
  p: PersonColumns,
  certs: CertificateRow[],
  asOf: IsoDate,
): Promise<boolean> {
  const current = currentCertificates(certs, asOf);
  const columns = {
    copay_ratio: current.copay ? Number(current.copay.value) : null,
    copay_valid_from: current.copay?.valid_from ?? null,
    copay_valid_to: current.copay?.valid_to ?? null,
    burden_limit_stage: current.burden_limit?.value ?? null,
    burden_limit_valid_to: current.burden_limit?.valid_to ?? null,
  };
  const same = (Object.keys(columns) as (keyof typeof columns)[]).every(
    (k) => (p[k] == null ? null : String(p[k])) === (columns[k] == null ? null : String(columns[k])),
  );
  // A person with no certificate rows at all keeps what the columns say (data from before the register).
  if (same || certs.length === 0) return false;
  await trx('insured_persons').where({ insurer_no: insurerNo, insured_no: p.insured_no }).update(columns);
  return true;
}

/** Opens the missing tasks (and their cases); a task already there, open or done, is not touched. */
async function openRollTasks(
  trx: Knex,
  insurerNo: string,
  period: Period,
  missing: { insuredNo: string; kinds: CertificateKind[] }[],
  at: string,
): Promise<{ opened: number; alreadyOpened: number }> {
  if (missing.length === 0) return { opened: 0, alreadyOpened: 0 };
  const wanted = missing.flatMap((m) =>
    m.kinds.map((kind) => ({ caseId: rollCaseId(insurerNo, period.from, m.insuredNo), insuredNo: m.insuredNo, kind })),
  );
  const taskId = (w: { caseId: string; kind: string }) => `${w.caseId}:${w.kind}`;
  const existing = new Set<string>(
    (await trx('tasks').whereIn('id', wanted.map(taskId)).select('id')).map((r: { id: string }) => r.id),
  );
  const fresh = wanted.filter((w) => !existing.has(taskId(w)));
  const caseIds = [...new Set(fresh.map((w) => w.caseId))];
  const knownCases = new Set<string>(
    caseIds.length
      ? (await trx('cases').whereIn('workflow_id', caseIds).select('workflow_id')).map(
          (r: { workflow_id: string }) => r.workflow_id,
        )
      : [],
  );
  const newCases = [...new Map(fresh.filter((w) => !knownCases.has(w.caseId)).map((w) => [w.caseId, w])).values()];
  for (let i = 0; i < newCases.length; i += 100) {
    const chunk = newCases.slice(i, i + 100);
    await trx('cases').insert(
      chunk.map((w) => ({
        workflow_id: w.caseId,
        case_kind: REGISTER_ROLL_CASE_KIND,
        insurer_no: insurerNo,
        insured_no: w.insuredNo,
        stage: 'certificate_missing',
        status: 'open',
        due_on: rollTaskDueOn(period),
        valid_from: period.from,
        valid_to: period.to,
        person_kana: trx.raw('(select kana from insured_persons where insured_no = ?)', [w.insuredNo]),
        last_seq: 1,
        created_at: at,
        updated_at: at,
      })),
    );
    await trx('case_events').insert(
      chunk.map((w) => ({
        workflow_id: w.caseId,
        seq: 1,
        event_type: 'certificate_missing',
        actor: null,
        occurred_at: at,
        payload_json: JSON.stringify({
          periodFrom: period.from,
          periodTo: period.to,
          kinds: fresh.filter((f) => f.caseId === w.caseId).map((f) => f.kind),
        }),
      })),
    );
  }
  // A case closed when its first certificate was recorded opens again for a kind found missing later.
  const reopened = caseIds.filter((id) => knownCases.has(id));
  if (reopened.length > 0)
    await trx('cases')
      .whereIn('workflow_id', reopened)
      .update({ status: 'open', stage: 'certificate_missing', outcome: null, updated_at: at });
  for (let i = 0; i < fresh.length; i += 100) {
    await trx('tasks').insert(
      fresh.slice(i, i + 100).map((w) => ({
        id: taskId(w),
        workflow_id: w.caseId,
        task_key: w.kind,
        task_type: REGISTER_ROLL_CASE_KIND,
        title: rollTaskTitle(w.kind, period),
        candidate_role: REGISTER_ROLL_ROLE,
        office_no: null,
        status: 'open',
        due_on: rollTaskDueOn(period),
        created_at: at,
      })),
    );
  }
  return { opened: fresh.length, alreadyOpened: wanted.length - fresh.length };
}

/** The roll tasks of one person (any period), newest period first: for the register page and the tests. */
export async function rollTasksOfPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<{ id: string; kind: CertificateKind; title: string; status: string; due_on: string | null }[]> {
  return db('tasks as t')
    .join('cases as c', 'c.workflow_id', 't.workflow_id')
    .where({ 'c.insurer_no': insurerNo, 'c.insured_no': insuredNo, 'c.case_kind': REGISTER_ROLL_CASE_KIND })
    .orderBy([
      { column: 'c.valid_from', order: 'desc' },
      { column: 't.id', order: 'asc' },
    ])
    .select('t.id', 't.task_key as kind', 't.title', 't.status', 't.due_on');
}
