/** 居宅届 in the database: the facts the acceptance checks read, the effects of 受理, and the pages' reads. */
import { accessFactsFor } from './offices';
import type { Knex } from 'knex';
import type { ApplicationType, CareLevel, IsoDate, OfficeKind } from '../domain/certification/types';
import { isValidIsoDate, maxDate } from '../domain/dates';
import type { PlanFilingFacts } from '../domain/plan-notification/checks';
import { certificationRulesOn } from './rules';
import type { PlanOffice } from '../domain/plan-notification/types';
import type { CaseRow } from './read-model';
import { certificationInForce } from '../domain/certification/in-force';
import { heldCertifications } from './persons';

const PLAN = 'plan_notification';

/** 保険者名, or '' when the insurer is not registered. */
export async function insurerName(db: Knex, insurerNo: string): Promise<string> {
  const row = await db('insurers').where({ insurer_no: insurerNo }).first('name');
  return row?.name ?? '';
}

/** The office as registered, or null. */
export async function findPlanOffice(db: Knex, officeNo: string): Promise<PlanOffice | null> {
  const o = await db('offices').where({ office_no: officeNo }).first();
  if (!o) return null;
  return {
    officeNo: o.office_no,
    name: o.name,
    kind: o.kind as OfficeKind,
    address: o.address ?? null,
    phone: o.phone ?? null,
  };
}

/** Another open 居宅届 for the person (not the given run). */
export async function hasOtherOpenFiling(db: Knex, insuredNo: string, workflowId: string): Promise<boolean> {
  const row = await db('cases')
    .where({ case_kind: PLAN, insured_no: insuredNo, status: 'open' })
    .whereNot({ workflow_id: workflowId })
    .first('workflow_id');
  return Boolean(row);
}

/**
 * The person as the office-kind check needs them: exists (number + birth date match, still insured), and the level:
 * 'pending' while a certification case is open, else the certification valid on the filing date, else null.
 */
export async function planPersonFacts(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  birthDate: IsoDate,
  filedOn: IsoDate,
): Promise<{ exists: boolean; level: CareLevel | 'pending' | null }> {
  const p = await db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
  if (!p || p.birth_date !== birthDate || p.status !== 'active') return { exists: false, level: null };
  const pending = await db('cases')
    .where({ case_kind: 'certification', insured_no: insuredNo, status: 'open' })
    .first('workflow_id');
  if (pending) return { exists: true, level: 'pending' };
  // The certification in force on the filing date: a renewal decided early counts only from its start date.
  return { exists: true, level: certificationInForce(heldCertifications(p), filedOn)?.level ?? null };
}

/** Everything the 受付時の確認 reads (domain/plan-notification/checks checkPlanFiling), for the activity and the web. */
export async function planFilingFacts(
  db: Knex,
  q: {
    insurerNo: string;
    officeNo: string;
    insuredNo: string;
    birthDate: IsoDate;
    filedOn: IsoDate;
    workflowId: string;
    /** 開始（変更）年月日: with it, the facts include what the 代理受領 window needs */
    startDate?: IsoDate;
  },
): Promise<PlanFilingFacts & { office: PlanOffice | null }> {
  const [office, person, hasOpenFiling, agencyReceipt] = await Promise.all([
    findPlanOffice(db, q.officeNo),
    planPersonFacts(db, q.insurerNo, q.insuredNo, q.birthDate, q.filedOn),
    hasOtherOpenFiling(db, q.insuredNo, q.workflowId),
    q.startDate && isValidIsoDate(q.startDate) && isValidIsoDate(q.filedOn)
      ? agencyReceiptFacts(db, q.insurerNo, q.insuredNo, q.filedOn, q.startDate)
      : undefined,
  ]);
  return { office, person, hasOpenFiling, ...(agencyReceipt ? { agencyReceipt } : {}) };
}

/**
 * What the 代理受領 window (domain/plan-notification/agency-receipt.ts) reads: the insurer's setting on the filing
 * date, the 認定日 of the certification in force on the start date, and the type of a certification pending now.
 */
async function agencyReceiptFacts(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  filedOn: IsoDate,
  startDate: IsoDate,
): Promise<NonNullable<PlanFilingFacts['agencyReceipt']>> {
  const [rules, person, pending] = await Promise.all([
    certificationRulesOn(db, insurerNo, filedOn),
    db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first(),
    db('cases')
      .where({ case_kind: 'certification', insurer_no: insurerNo, insured_no: insuredNo, status: 'open' })
      .first('application_type'),
  ]);
  const inForce = person ? certificationInForce(heldCertifications(person), startDate) : null;
  return {
    window: rules.agencyReceiptWindow,
    resultOn: inForce?.certifiedOn ?? null,
    pendingType: (pending?.application_type as ApplicationType | undefined) ?? null,
  };
}

/** What 受理 writes, keyed by the run so a second write changes nothing more. */
export interface PlanAcceptanceWrite {
  workflowId: string;
  insurerNo: string;
  insuredNo: string;
  officeNo: string;
  startDate: IsoDate;
  notifiedOn: IsoDate;
  updatedAt: string;
  /** The day the open assignments of other offices end. */
  previousEndDate: IsoDate;
}

/**
 * 受理の反映 in one transaction: ends the person's other open 担当事業所 rows (never before they started), adds the
 * new assignment, and writes the office and 届出年月日 on the 被保険者証 (field H). Returns the rows it ended.
 */
export async function applyPlanAcceptance(
  db: Knex,
  input: PlanAcceptanceWrite,
): Promise<{ officeNo: string; endDate: IsoDate }[]> {
  return db.transaction(async (trx) => {
    const open: { id: number; office_no: string; start_date: string }[] = await trx('office_assignments')
      .where({ insured_no: input.insuredNo })
      .whereNull('end_date')
      .andWhere((q) => q.whereNull('source_workflow_id').orWhereNot({ source_workflow_id: input.workflowId }))
      .select('id', 'office_no', 'start_date');
    const ended: { officeNo: string; endDate: IsoDate }[] = [];
    for (const row of open) {
      const end = maxDate(input.previousEndDate, row.start_date);
      await trx('office_assignments').where({ id: row.id }).update({ end_date: end });
      ended.push({ officeNo: row.office_no, endDate: end });
    }
    await trx('office_assignments')
      .insert({
        insured_no: input.insuredNo,
        office_no: input.officeNo,
        start_date: input.startDate,
        end_date: null,
        source_workflow_id: input.workflowId,
      })
      .onConflict(['source_workflow_id', 'insured_no', 'office_no'])
      .ignore();
    await trx('insured_persons')
      .where({ insured_no: input.insuredNo, insurer_no: input.insurerNo })
      .update({ plan_office_no: input.officeNo, plan_notified_on: input.notifiedOn, updated_at: input.updatedAt });
    return ended;
  });
}

/** The registered office row the filing form shows, or undefined. */
export async function planFormOffice(db: Knex, officeNo: string) {
  return db('offices').where({ office_no: officeNo }).first();
}

/** What the form's prefill needs to know about a person: the register row and the office-visibility facts. */
export async function planPrefillFacts(db: Knex, insurerNo: string, insuredNo: string) {
  const person = await db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
  if (!person) return null;
  const facts = (await accessFactsFor(db, [insuredNo])).get(insuredNo)!;
  return {
    person: person as { name: string; kana: string; birth_date: string; care_level: CareLevel | null },
    assignments: facts.assignments.map((a) => ({
      officeNo: a.office_no,
      startDate: a.start_date,
      endDate: a.end_date,
    })),
    consent: facts.consent ? { granted: facts.consent.granted, revokedOn: facts.consent.revoked_on } : null,
    registrations: facts.registrations,
    insurer: facts.insurer,
  };
}

/** An office's own filings, newest first. */
export async function planCasesOfOffice(db: Knex, insurerNo: string, officeNo: string): Promise<CaseRow[]> {
  return db('cases')
    .where({ case_kind: PLAN, insurer_no: insurerNo, filed_by_office_no: officeNo })
    .orderBy('updated_at', 'desc')
    .limit(200);
}

/** One office's filings for one person, newest first (the duplicate check before a new filing). */
export async function planCasesOfPerson(
  db: Knex,
  insurerNo: string,
  officeNo: string,
  insuredNo: string,
): Promise<CaseRow[]> {
  return db('cases')
    .where({ case_kind: PLAN, insurer_no: insurerNo, filed_by_office_no: officeNo, insured_no: insuredNo })
    .orderBy('updated_at', 'desc')
    .limit(50);
}

/** The 給付係's queue: open filings (oldest first) and the 30 most recently closed. */
export async function planReviewQueue(db: Knex, insurerNo: string): Promise<{ open: CaseRow[]; closed: CaseRow[] }> {
  const base = () => db('cases').where({ case_kind: PLAN, insurer_no: insurerNo });
  const [open, closed] = await Promise.all([
    base().where({ status: 'open' }).orderBy('updated_at', 'asc').limit(500),
    base().where({ status: 'closed' }).orderBy('updated_at', 'desc').limit(30),
  ]);
  return { open, closed };
}

/** One filing's read-model row, or undefined. */
export async function planCase(db: Knex, workflowId: string): Promise<CaseRow | undefined> {
  return db('cases').where({ workflow_id: workflowId, case_kind: PLAN }).first();
}

/** A filing's history and the notices issued for it. */
export async function planHistory(db: Knex, workflowId: string) {
  const [events, notices] = await Promise.all([
    db('case_events').where({ workflow_id: workflowId }).orderBy('seq'),
    db('notices').where({ workflow_id: workflowId }).orderBy('created_at').select('id', 'title', 'created_at'),
  ]);
  return {
    events: events as { occurred_at: string; event_type: string; actor: string | null; payload_json: string | null }[],
    notices: notices as { id: string; title: string; created_at: string }[],
  };
}

/** A stored notice's HTML, or null. */
export async function planNoticeHtml(db: Knex, noticeId: string): Promise<string | null> {
  const n = await db('notices').where({ id: noticeId }).first('html');
  return n?.html ?? null;
}
