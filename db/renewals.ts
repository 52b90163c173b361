/** 更新: the case a renewal replaces, and the certifications due for a 更新勧奨 (the daily sweep). */
import type { Knex } from 'knex';

/** The decided certification case whose validity ends on `validTo` (the one a renewal replaces), if kaigo-flow decided it. */
export async function certificationCaseEndingOn(
  db: Knex,
  insuredNo: string,
  validTo: string,
): Promise<{ workflow_id: string; application_no: string; insurer_no: string } | undefined> {
  return db('cases')
    .where({ insured_no: insuredNo, case_kind: 'certification', valid_to: validTo })
    .whereIn('outcome', ['certified', 'deemed_renewal'])
    .orderBy('updated_at', 'desc')
    .first('workflow_id', 'application_no', 'insurer_no');
}

/** A certification that is due for a 更新勧奨: the person's current one, decided in kaigo-flow, with no renewal filed. */
export interface RenewalDueRow {
  insured_no: string;
  care_level: string;
  cert_valid_to: string;
  plan_office_no: string | null;
  application_no: string;
  filed_by_office_no: string | null;
}

/**
 * Active persons whose current certification expires from `from` to `to` (inclusive), with the kaigo-flow case that
 * decided it. A person with a later application (更新 or 区分変更, filed after the certification began and not
 * withdrawn) needs no reminder. Ordered by expiry, at most `limit`.
 */
export async function renewalsDue(
  db: Knex,
  insurerNo: string,
  from: string,
  to: string,
  limit: number,
): Promise<RenewalDueRow[]> {
  // The deciding case is the one certificationCaseEndingOn finds, so the watch's ID is the one a renewal filing signals.
  const decidingCase = db('cases as d')
    .select('d.workflow_id')
    .whereRaw('d.insured_no = p.insured_no and d.valid_to = p.cert_valid_to')
    .where('d.case_kind', 'certification')
    .whereIn('d.outcome', ['certified', 'deemed_renewal'])
    .orderBy('d.updated_at', 'desc')
    .limit(1);
  return db('insured_persons as p')
    .join('cases as c', (j) => j.on('c.workflow_id', '=', db.raw('(?)', [decidingCase])))
    .where({ 'p.insurer_no': insurerNo, 'p.status': 'active' })
    .whereBetween('p.cert_valid_to', [from, to])
    .whereNotExists(function () {
      this.select(db.raw('1'))
        .from('cases as later')
        .whereRaw('later.insured_no = p.insured_no')
        .where('later.case_kind', 'certification')
        .whereRaw('later.applied_on > p.cert_valid_from')
        .where((w) => w.whereNull('later.outcome').orWhereNot('later.outcome', 'withdrawn'));
    })
    .orderBy('p.cert_valid_to')
    .orderBy('p.insured_no')
    .limit(limit)
    .select(
      'p.insured_no',
      'p.care_level',
      'p.cert_valid_to',
      'p.plan_office_no',
      'c.application_no',
      'c.filed_by_office_no',
    );
}
