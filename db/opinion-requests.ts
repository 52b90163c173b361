/**
 * 主治医意見書依頼 (opinion_requests): written from the workflow's steps in the read-model transaction (an
 * opinion_requested step opens one, an opinion_received step marks it received), read by the medical institution's
 * inbox (its own requests only) and by the 認定係's opinion page (the insurer's). Every municipal query takes the
 * insurer; every institution query takes the institution.
 */
import type { Knex } from 'knex';
import { jstDateOf } from '../domain/dates';

export type OpinionRequestStatus = 'requested' | 'submitted' | 'returned' | 'received';

export interface OpinionRequestRow {
  id: number;
  insurer_no: string;
  workflow_id: string;
  insured_no: string;
  institution_no: string | null;
  doctor_name: string | null;
  clinic: string | null;
  requested_on: string;
  status: OpinionRequestStatus;
  return_reason: string | null;
  returned_by: string | null;
  returned_at: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  received_at: string | null;
  updated_at: string;
}

/** What applySteps passes for each step it applied. */
interface StepLike {
  workflowId: string;
  occurredAt: string;
  case?: { summary?: Record<string, unknown> } & Record<string, unknown>;
  event?: { type: string; payload?: Record<string, unknown> };
}

/**
 * The 医療機関 the request goes to: the registered institution whose number the application gives, or else the one
 * whose name is the clinic's name exactly; null when the clinic is not registered (the paper route).
 */
async function institutionOf(trx: Knex, insurerNo: string, doctor: Record<string, unknown>): Promise<string | null> {
  const medical = (q: Knex.QueryBuilder) =>
    q
      .join('office_service_types as t', 't.office_no', 'o.office_no')
      .where({ 'o.insurer_no': insurerNo, 't.service_type': 'medical_institution' })
      .first('o.office_no');
  const no = typeof doctor.institutionNo === 'string' ? doctor.institutionNo : null;
  if (no) {
    const row = await medical(trx('offices as o').where('o.office_no', no));
    if (row) return row.office_no as string;
  }
  const clinic = typeof doctor.clinic === 'string' ? doctor.clinic.trim() : '';
  if (!clinic) return null;
  const row = await medical(trx('offices as o').where('o.name', clinic));
  return (row?.office_no as string | undefined) ?? null;
}

/** Applies the steps' effects on opinion_requests (inside applySteps' transaction; a step is applied once). */
export async function applyOpinionSteps(trx: Knex.Transaction, steps: readonly StepLike[]): Promise<void> {
  for (const r of steps) {
    const type = r.event?.type;
    if (type !== 'opinion_requested' && type !== 'opinion_received' && type !== 'opinion_brought') continue;
    if (type === 'opinion_received') {
      await trx('opinion_requests')
        .where({ workflow_id: r.workflowId })
        .update({ status: 'received', received_at: r.occurredAt, updated_at: r.occurredAt });
      continue;
    }
    if (type === 'opinion_brought') continue; // no request: the applicant brought the opinion
    const kase = await trx('cases').where({ workflow_id: r.workflowId }).first('insurer_no', 'insured_no');
    if (!kase) continue;
    const doctor = (r.event?.payload?.doctor ?? {}) as Record<string, unknown>;
    const requestedOn = r.case?.summary?.opinionRequestedOn;
    await trx('opinion_requests')
      .insert({
        insurer_no: kase.insurer_no,
        workflow_id: r.workflowId,
        insured_no: kase.insured_no,
        institution_no: await institutionOf(trx, kase.insurer_no, doctor),
        doctor_name: typeof doctor.name === 'string' ? doctor.name : null,
        clinic: typeof doctor.clinic === 'string' ? doctor.clinic : null,
        requested_on: typeof requestedOn === 'string' ? requestedOn : jstDateOf(new Date(r.occurredAt).getTime()),
        status: 'requested',
        updated_at: r.occurredAt,
      })
      .onConflict('workflow_id')
      .ignore();
  }
}

/** Requests row with the case's state, for lists. */
export interface OpinionRequestListRow extends OpinionRequestRow {
  application_no: string;
  application_type: string;
  person_name: string;
  case_status: string;
}

const withCase = (db: Knex) =>
  db('opinion_requests as r')
    .join('cases as c', 'c.workflow_id', 'r.workflow_id')
    .join('insured_persons as p', 'p.insured_no', 'r.insured_no')
    .select('r.*', 'c.application_no', 'c.application_type', 'c.status as case_status', 'p.name as person_name');

/** The institution's open requests (case open, opinion not yet received), oldest first. */
export async function openRequestsOf(db: Knex, institutionNo: string): Promise<OpinionRequestListRow[]> {
  return withCase(db)
    .where({ 'r.institution_no': institutionNo, 'c.status': 'open' })
    .whereNot('r.status', 'received')
    .orderBy([
      { column: 'r.requested_on', order: 'asc' },
      { column: 'r.id', order: 'asc' },
    ]);
}

/** One request of the institution, or undefined (another institution's or an unknown id reads the same). */
export async function requestOfInstitution(
  db: Knex,
  institutionNo: string,
  id: number,
): Promise<OpinionRequestListRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return withCase(db).where({ 'r.institution_no': institutionNo, 'r.id': id }).first();
}

/** The case's request, for the 認定係 (the insurer's cases only). */
export async function requestOfCase(
  db: Knex,
  insurerNo: string,
  workflowId: string,
): Promise<OpinionRequestRow | undefined> {
  return db('opinion_requests').where({ insurer_no: insurerNo, workflow_id: workflowId }).first();
}

/** The institutions a person's requests went to (for the medical scope rule). */
export async function requestInstitutionsOfPerson(
  db: Knex,
  insuredNo: string,
): Promise<{ institutionNo: string | null }[]> {
  const rows: { institution_no: string | null }[] = await db('opinion_requests')
    .where({ insured_no: insuredNo })
    .select('institution_no');
  return rows.map((r) => ({ institutionNo: r.institution_no }));
}

/** The doctor submitted the opinion online (again, after a return). */
export async function markSubmitted(
  db: Knex,
  institutionNo: string,
  id: number,
  by: string,
  at: string,
): Promise<boolean> {
  const n = await db('opinion_requests')
    .where({ institution_no: institutionNo, id })
    .whereIn('status', ['requested', 'returned'])
    .update({ status: 'submitted', submitted_by: by, submitted_at: at, updated_at: at });
  return n > 0;
}

/** The 認定係 returned a submitted opinion to the doctor with a reason. */
export async function markReturned(
  db: Knex,
  insurerNo: string,
  workflowId: string,
  reason: string,
  by: string,
  at: string,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const n = await trx('opinion_requests')
      .where({ insurer_no: insurerNo, workflow_id: workflowId, status: 'submitted' })
      .update({ status: 'returned', return_reason: reason, returned_by: by, returned_at: at, updated_at: at });
    if (n === 0) return false;
    // the doctor corrects the same record: back to draft (its completed versions are kept)
    await trx('case_documents')
      .where({ insurer_no: insurerNo, workflow_id: workflowId, doc_kind: 'opinion' })
      .update({ status: 'draft', updated_by: by, updated_at: at });
    return true;
  });
}
