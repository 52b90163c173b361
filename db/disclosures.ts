/**
 * 資料提供申請 (domain/documents/disclosure.ts): the office's requests, the city's queue and decision, and the facts the
 * decision reads. Every query takes the insurer (the city) or the office: another's request is "not found".
 */
import type { Knex } from 'knex';
import type { DisclosureRefusal, DisclosureRuleVersion } from '../domain/documents/disclosure';
import { DEFAULT_DISCLOSURE_RULE_VERSIONS } from '../domain/documents/disclosure';
import type { CaseRow } from './read-model';

export interface DisclosureRow {
  id: number;
  insurer_no: string;
  office_no: string;
  insured_no: string;
  birth_date: string;
  want_survey: boolean | number;
  want_opinion: boolean | number;
  purpose: string | null;
  requested_by: string;
  requested_at: string;
  status: 'requested' | 'granted' | 'refused';
  workflow_id: string | null;
  reasons_json: string | null;
  note: string | null;
  issued_survey: boolean | number | null;
  issued_opinion: boolean | number | null;
  decided_by: string | null;
  decided_at: string | null;
  copy_issued_at: string | null;
}

/** What an office's request writes. */
export interface DisclosureRequestWrite {
  insurerNo: string;
  officeNo: string;
  insuredNo: string;
  birthDate: string;
  wantSurvey: boolean;
  wantOpinion: boolean;
  purpose: string | null;
  by: string;
  at: string;
}

export async function insertDisclosureRequest(db: Knex, w: DisclosureRequestWrite): Promise<void> {
  await db('disclosure_requests').insert({
    insurer_no: w.insurerNo,
    office_no: w.officeNo,
    insured_no: w.insuredNo,
    birth_date: w.birthDate,
    want_survey: w.wantSurvey,
    want_opinion: w.wantOpinion,
    purpose: w.purpose,
    requested_by: w.by,
    requested_at: w.at,
    status: 'requested',
  });
}

/** An office's requests, newest first. */
export async function disclosuresOfOffice(db: Knex, insurerNo: string, officeNo: string): Promise<DisclosureRow[]> {
  return db('disclosure_requests')
    .where({ insurer_no: insurerNo, office_no: officeNo })
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200);
}

/** The city's queue: open requests oldest first, then the 100 most recently decided; with the office's name. */
export async function disclosuresOfInsurer(db: Knex, insurerNo: string) {
  const base = () =>
    db('disclosure_requests as d')
      .leftJoin('offices as o', 'o.office_no', 'd.office_no')
      .where('d.insurer_no', insurerNo)
      .select('d.*', 'o.name as office_name');
  const [open, decided] = await Promise.all([
    base().where('d.status', 'requested').orderBy('d.requested_at', 'asc').limit(500),
    base().whereNot('d.status', 'requested').orderBy('d.decided_at', 'desc').limit(100),
  ]);
  return {
    open: open as (DisclosureRow & { office_name: string | null })[],
    decided: decided as (DisclosureRow & { office_name: string | null })[],
  };
}

export async function getDisclosure(db: Knex, insurerNo: string, id: number): Promise<DisclosureRow | undefined> {
  return db('disclosure_requests').where({ insurer_no: insurerNo, id }).first();
}

/** Records the decision on an open request; false when it was decided already. */
export async function decideDisclosure(
  db: Knex,
  insurerNo: string,
  id: number,
  d: {
    status: 'granted' | 'refused';
    workflowId: string | null;
    reasons: DisclosureRefusal[];
    note: string | null;
    issuedSurvey: boolean;
    issuedOpinion: boolean;
    by: string;
    at: string;
  },
): Promise<boolean> {
  const n = await db('disclosure_requests')
    .where({ insurer_no: insurerNo, id, status: 'requested' })
    .update({
      status: d.status,
      workflow_id: d.workflowId,
      reasons_json: JSON.stringify(d.reasons),
      note: d.note,
      issued_survey: d.issuedSurvey,
      issued_opinion: d.issuedOpinion,
      decided_by: d.by,
      decided_at: d.at,
    });
  return n > 0;
}

/** The first time the copy is printed. */
export async function markCopyIssued(db: Knex, insurerNo: string, id: number, at: string): Promise<void> {
  await db('disclosure_requests')
    .where({ insurer_no: insurerNo, id })
    .whereNull('copy_issued_at')
    .update({ copy_issued_at: at });
}

/**
 * What the decision reads: the person (number and birth date of the insurer), their latest decided certification
 * case, and whether the office filed a 居宅届 for them (an accepted one in force, or one under review).
 */
export async function disclosureFacts(
  db: Knex,
  q: { insurerNo: string; officeNo: string; insuredNo: string; birthDate: string },
): Promise<{ case: CaseRow | null; planNotificationFiled: boolean }> {
  const person = await db('insured_persons').where({ insurer_no: q.insurerNo, insured_no: q.insuredNo }).first();
  if (!person || person.birth_date !== q.birthDate) return { case: null, planNotificationFiled: false };
  const [c, assignment, filing] = await Promise.all([
    db('cases')
      .where({ insurer_no: q.insurerNo, insured_no: q.insuredNo, case_kind: 'certification' })
      .whereNotNull('decided_on')
      .orderBy('decided_on', 'desc')
      .first(),
    db('office_assignments')
      .where({ insured_no: q.insuredNo, office_no: q.officeNo })
      .whereNull('end_date')
      .first('id'),
    db('cases')
      .where({
        insurer_no: q.insurerNo,
        insured_no: q.insuredNo,
        case_kind: 'plan_notification',
        filed_by_office_no: q.officeNo,
        status: 'open',
      })
      .first('workflow_id'),
  ]);
  return { case: (c as CaseRow | undefined) ?? null, planNotificationFiled: Boolean(assignment || filing) };
}

/** 資料提供の設定: the defaults overlaid with the insurer's rule_versions rows of rule_set 'disclosure'. */
export async function disclosureRuleVersions(db: Knex, insurerNo: string): Promise<DisclosureRuleVersion[]> {
  const rows: { effective_from: string; rules_json: string }[] = await db('rule_versions')
    .where({ insurer_no: insurerNo, rule_set: 'disclosure' })
    .orderBy('effective_from')
    .select('effective_from', 'rules_json');
  return [
    ...DEFAULT_DISCLOSURE_RULE_VERSIONS,
    ...rows.map((r) => ({ effectiveFrom: r.effective_from, rules: JSON.parse(r.rules_json) })),
  ];
}
