/**
 * 認定取消 (table certification_cancellations): one transaction judges the 申出 on the register as it stands
 * (domain/certification/cancellation.ts), ends the certification on the person's 被保険者証 columns (a next one
 * decided early is void), keeps what it was with who, when and why, stores the 認定取消通知書 as issued and queues the
 * 受給者異動 for the 国保連 once. The request ID the form chose makes a second submit find the first. Every query takes
 * the insurer.
 */
import type { Knex } from 'knex';
import { decideCancellation, type CancellationEffect } from '../domain/certification/cancellation';
import type { ApplicationType, IsoDate } from '../domain/certification/types';
import { enqueueBeneficiaryChange } from './kokuhoren';
import { certificationColumns, heldCertifications, type PersonRow } from './persons';

export interface CancellationRow {
  id: number;
  insurer_no: string;
  insured_no: string;
  request_id: string;
  requested_on: string;
  reason: string;
  care_level: string;
  valid_from: string;
  valid_to_before: string;
  valid_to_after: string | null;
  certified_on: string | null;
  voided_next_json: string | null;
  recorded_by: string;
  recorded_at: string;
}

const COLUMNS = [
  'id',
  'insurer_no',
  'insured_no',
  'request_id',
  'requested_on',
  'reason',
  'care_level',
  'valid_from',
  'valid_to_before',
  'valid_to_after',
  'certified_on',
  'voided_next_json',
  'recorded_by',
  'recorded_at',
];

/** A 取消 as the 認定係 confirmed it. */
export interface CancellationInput {
  insurerNo: string;
  insuredNo: string;
  /** chosen when the form was rendered: the same ID twice is one 取消 */
  requestId: string;
  requestedOn: IsoDate;
  reason: string;
  today: IsoDate;
  recordedBy: string;
  recordedAt: string;
  /** the 認定取消通知書 for the accepted 取消 (rendered by the caller, stored as issued) */
  noticeHtml: (person: PersonRow, effect: CancellationEffect) => string;
}

/** The outcome: recorded now, found (recorded before under the request ID), refused (why), or no such person. */
export type CancellationOutcome =
  { kind: 'recorded' | 'found'; row: CancellationRow } | { kind: 'refused'; reason: string } | { kind: 'not_found' };

/** The types of the person's pending certification applications (open cases). */
export async function pendingApplicationTypes(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<ApplicationType[]> {
  const rows: { application_type: string | null }[] = await db('cases')
    .where({ insurer_no: insurerNo, insured_no: insuredNo, case_kind: 'certification', status: 'open' })
    .select('application_type');
  return rows.map((r) => r.application_type).filter((t): t is ApplicationType => t != null);
}

/** Judges and, when accepted, records the 取消 in one transaction (see the module comment). */
export async function recordCancellation(db: Knex, input: CancellationInput): Promise<CancellationOutcome> {
  const { insurerNo, insuredNo } = input;
  return db.transaction(async (trx) => {
    const earlier: CancellationRow | undefined = await trx('certification_cancellations')
      .where({ insurer_no: insurerNo, request_id: input.requestId })
      .first(COLUMNS);
    if (earlier) {
      return earlier.insured_no === insuredNo
        ? { kind: 'found', row: earlier }
        : { kind: 'refused', reason: '画面を開き直してから入力してください' };
    }
    const person: PersonRow | undefined = await trx('insured_persons')
      .where({ insurer_no: insurerNo, insured_no: insuredNo })
      .first();
    if (!person) return { kind: 'not_found' };
    const decision = decideCancellation({
      held: heldCertifications(person),
      requestedOn: input.requestedOn,
      today: input.today,
      pendingApplications: await pendingApplicationTypes(trx, insurerNo, insuredNo),
    });
    if (!decision.ok) return { kind: 'refused', reason: decision.reason };
    const e = decision.effect;
    await trx('insured_persons')
      .where({ insurer_no: insurerNo, insured_no: insuredNo })
      .update({
        ...certificationColumns(e.remaining),
        cert_cancelled_on: e.invalidFrom,
        updated_at: input.recordedAt,
      });
    await trx('certification_cancellations').insert({
      insurer_no: insurerNo,
      insured_no: insuredNo,
      request_id: input.requestId,
      requested_on: input.requestedOn,
      reason: input.reason,
      care_level: e.cancelled.level,
      valid_from: e.cancelled.validFrom,
      valid_to_before: e.cancelled.validTo,
      valid_to_after: e.validTo,
      certified_on: e.cancelled.certifiedOn,
      voided_next_json: e.voidedNext ? JSON.stringify(e.voidedNext) : null,
      notice_html: input.noticeHtml(person, e),
      recorded_by: input.recordedBy,
      recorded_at: input.recordedAt,
    });
    await enqueueBeneficiaryChange(trx, {
      id: `certification-cancellation:${insurerNo}:${input.requestId}`,
      insurerNo,
      payload: {
        event: 'certification_cancellation',
        insuredNo,
        invalidFrom: e.invalidFrom,
        careLevel: e.cancelled.level,
        validFrom: e.cancelled.validFrom,
        validTo: e.validTo,
        certifiedOn: e.cancelled.certifiedOn,
      },
      createdAt: input.recordedAt,
    });
    const row: CancellationRow = await trx('certification_cancellations')
      .where({ insurer_no: insurerNo, request_id: input.requestId })
      .first(COLUMNS);
    return { kind: 'recorded', row };
  });
}

/** The person's 取消, latest first. */
export async function cancellationsOfPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<CancellationRow[]> {
  return db('certification_cancellations')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .orderBy('id', 'desc')
    .select(COLUMNS);
}

/** One 取消 of the insurer's person with its notice, or undefined (another person's or insurer's included). */
export async function getCancellation(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  id: number,
): Promise<(CancellationRow & { notice_html: string }) | undefined> {
  return db('certification_cancellations')
    .where({ insurer_no: insurerNo, insured_no: insuredNo, id })
    .first([...COLUMNS, 'notice_html']);
}
