/** 更新: the case a renewal replaces, and the certifications due for a 更新勧奨 (the daily sweep). */
import type { Knex } from 'knex';
import { importedCertificationKey } from '../domain/register/renewal';

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

/**
 * The renewal watch of the certification ending on `validTo`: the kaigo-flow case that decided it, else (imported or
 * decided before kaigo-flow) the register's certification under its imported key. Undefined when neither.
 */
export async function renewalWatchKeyEndingOn(
  db: Knex,
  insuredNo: string,
  validTo: string,
): Promise<{ application_no: string; insurer_no: string } | undefined> {
  const decided = await certificationCaseEndingOn(db, insuredNo, validTo);
  if (decided) return { application_no: decided.application_no, insurer_no: decided.insurer_no };
  const person = await db('insured_persons')
    .where({ insured_no: insuredNo, cert_valid_to: validTo })
    .first('insurer_no');
  return person
    ? { application_no: importedCertificationKey(insuredNo, validTo), insurer_no: person.insurer_no }
    : undefined;
}

/**
 * A certification that is due for a 更新勧奨: the person's current one with no renewal filed; application_no is the
 * deciding case's, or the imported key (domain/register/renewal.ts) for one kaigo-flow did not decide.
 */
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
 * decided it if there is one (the register's certification, imported or from before kaigo-flow, otherwise). A person with a later application (更新 or 区分変更, filed after the certification began and not
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
  const rows: (Omit<RenewalDueRow, 'application_no'> & { application_no: string | null })[] = await db(
    'insured_persons as p',
  )
    .leftJoin('cases as c', (j) => j.on('c.workflow_id', '=', db.raw('(?)', [decidingCase])))
    .where({ 'p.insurer_no': insurerNo, 'p.status': 'active' })
    .whereBetween('p.cert_valid_to', [from, to])
    .whereNot('p.care_level', 'non_applicable')
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
  return rows.map((r) => ({
    ...r,
    application_no: r.application_no ?? importedCertificationKey(r.insured_no, r.cert_valid_to),
  }));
}
