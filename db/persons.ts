/**
 * Insured persons (被保険者) and what hangs on them: the 本人同意 (consents), 担当事業所 history, benefit usage. Every
 * lookup takes the insurer; a person of another insurer is not found. The certification workflow's reads and writes
 * of the 被保険者証 fields are here too.
 */
import type { Knex } from 'knex';
import type { CareLevel, IsoDate } from '../domain/certification/types';
import { matchesFirst, type Page, pageOf, normaliseSearch, searchPageOf, wherePersonMatches } from './paging';
import { officeMayRecordConsent } from '../domain/registration/rules';
import {
  certificationInForce,
  placeDecidedCertification,
  type HeldCertification,
  type HeldCertifications,
} from '../domain/certification/in-force';
import { wherePersonOfInsurer } from './scope';

export interface PersonRow {
  insured_no: string;
  insurer_no: string;
  name: string;
  kana: string;
  birth_date: string;
  sex: string;
  address: string | null;
  /** 郵便番号 「869-0592」 (notices print it in the window envelope's address block) */
  postal_code: string | null;
  phone: string | null;
  insured_category: number;
  status: string;
  lost_on?: string | null;
  benefit_restriction?: string | null;
  care_level: string | null;
  cert_valid_from: string | null;
  cert_valid_to: string | null;
  certified_on: string | null;
  board_opinion: string | null;
  service_type_restriction: string | null;
  copay_ratio: number | null;
  copay_valid_from: string | null;
  copay_valid_to: string | null;
  burden_limit_stage: string | null;
  burden_limit_valid_to: string | null;
  plan_office_no: string | null;
  plan_notified_on: string | null;
  updated_at: string;
  /** 次期認定: a renewal decided before the current certification expires (domain/certification/in-force.ts) */
  next_care_level?: string | null;
  next_cert_valid_from?: string | null;
  next_cert_valid_to?: string | null;
  next_certified_on?: string | null;
  next_board_opinion?: string | null;
  next_service_type_restriction?: string | null;
  /** 認定取消: the 申出日 from which the current certification is cancelled (db/certification-cancellations.ts) */
  cert_cancelled_on?: string | null;
}

type CertificationColumns = Pick<
  PersonRow,
  | 'care_level'
  | 'cert_valid_from'
  | 'cert_valid_to'
  | 'certified_on'
  | 'board_opinion'
  | 'service_type_restriction'
  | 'next_care_level'
  | 'next_cert_valid_from'
  | 'next_cert_valid_to'
  | 'next_certified_on'
  | 'next_board_opinion'
  | 'next_service_type_restriction'
>;

/** The two certification slots: today's columns and the `next_` ones of a renewal decided early (issue 18). */
type Slot = '' | 'next_';

function heldSlot(p: CertificationColumns, slot: Slot): HeldCertification | null {
  const col = (name: string) => (p as Record<string, string | null | undefined>)[`${slot}${name}`] ?? null;
  const level = col('care_level');
  const validFrom = col('cert_valid_from');
  const validTo = col('cert_valid_to');
  if (!level || !validFrom || !validTo) return null;
  return {
    level: level as CareLevel,
    validFrom,
    validTo,
    certifiedOn: col('certified_on'),
    boardOpinion: col('board_opinion'),
    serviceTypeRestriction: col('service_type_restriction'),
  };
}

/** The person's current and next certification as the 被保険者証 columns hold them. */
export function heldCertifications(p: CertificationColumns): HeldCertifications {
  return { current: heldSlot(p, ''), next: heldSlot(p, 'next_') };
}

function slotColumns(c: HeldCertification | null, slot: Slot): Record<string, string | null> {
  return {
    [`${slot}care_level`]: c?.level ?? null,
    [`${slot}cert_valid_from`]: c?.validFrom ?? null,
    [`${slot}cert_valid_to`]: c?.validTo ?? null,
    [`${slot}certified_on`]: c?.certifiedOn ?? null,
    [`${slot}board_opinion`]: c?.boardOpinion ?? null,
    [`${slot}service_type_restriction`]: c?.serviceTypeRestriction ?? null,
  };
}

/** The columns that hold `held` (both slots written, an empty one as nulls). */
export function certificationColumns(held: HeldCertifications): Required<CertificationColumns> {
  return {
    ...slotColumns(held.current, ''),
    ...slotColumns(held.next, 'next_'),
  } as Required<CertificationColumns>;
}

/** 被保険者一覧: フリガナ order (被保険者番号 order for a number search); search as normaliseSearch reads it. */
export async function listPersons(
  db: Knex,
  f: { insurerNo: string; q?: string; page?: number; pageSize?: number },
): Promise<Page<PersonRow>> {
  const q = db('insured_persons').where('insurer_no', f.insurerNo).select('*');
  const search = f.q ? normaliseSearch(f.q) : null;
  const keys = search ? wherePersonMatches(q, 'insured_no', f.insurerNo, search.value) : null;
  const order = [{ column: search?.kind === 'insured_no' ? 'insured_no' : 'kana' }, { column: 'insured_no' }];
  if (!keys) return pageOf<PersonRow>(db, q, q.clone().orderBy(order), f.page, f.pageSize);
  // few matches: read whole and sorted (searchPageOf), not found by walking the フリガナ order; only the sort columns
  // are read whole, then the page's rows
  const page = (limit: number, offset: number) =>
    matchesFirst(db, q, ['insured_no', 'kana'])
      .select('m.insured_no')
      .orderBy(order.map((o) => ({ column: `m.${o.column}` })))
      .limit(limit)
      .offset(offset);
  return searchPageOf<PersonRow>(
    db,
    q,
    keys,
    (limit, offset, few) =>
      (few
        ? db('insured_persons')
            .where('insurer_no', f.insurerNo) // as q: the page's rows are read again, never wider than the search
            .whereIn('insured_no', page(limit, offset))
            .select('*')
            .orderBy(order)
        : q.clone().orderBy(order).limit(limit).offset(offset)) as Promise<PersonRow[]>,
    f.page,
    f.pageSize,
  );
}

/** A person of the insurer (undefined for another insurer's). */
export async function getPerson(db: Knex, insurerNo: string, insuredNo: string): Promise<PersonRow | undefined> {
  return db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
}

export interface ConsentRow {
  id: number;
  insured_no: string;
  granted: boolean;
  granted_on: string;
  channel: string;
  obtained_by_office_no: string | null;
  revoked_on: string | null;
  source_workflow_id: string | null;
}

export function consentOut(r: ConsentRow | undefined): ConsentRow | null {
  return r ? { ...r, granted: Boolean(r.granted) } : null;
}

/** The person's latest 本人同意 record (null when never asked). */
export async function currentConsent(db: Knex, insurerNo: string, insuredNo: string): Promise<ConsentRow | null> {
  const q = db('consents').where({ insured_no: insuredNo });
  return consentOut(await wherePersonOfInsurer(q, 'consents.insured_no', insurerNo).orderBy('id', 'desc').first());
}

export interface AssignmentRow {
  id: number;
  insured_no: string;
  office_no: string;
  office_name: string | null;
  office_kind: string | null;
  start_date: string;
  end_date: string | null;
}

/** 担当事業所 history of one person, latest first. */
export async function assignmentsOfPerson(db: Knex, insurerNo: string, insuredNo: string): Promise<AssignmentRow[]> {
  return wherePersonOfInsurer(db('office_assignments as a'), 'a.insured_no', insurerNo)
    .leftJoin('offices as o', 'o.office_no', 'a.office_no')
    .where('a.insured_no', insuredNo)
    .select('a.*', 'o.name as office_name', 'o.kind as office_kind')
    .orderBy([
      { column: 'a.start_date', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ]);
}

export interface BenefitUsageRow {
  id: number;
  entry_no: string;
  insured_no: string;
  kind: 'home_modification' | 'welfare_equipment';
  used_on: string;
  amount_yen: number;
  care_level: string | null;
  dwelling: string | null;
  description: string | null;
}

/** 住宅改修・福祉用具購入 in the register: each entry's current row, cancelled ones left out (db/register.ts). */
export async function benefitUsagesOfPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<BenefitUsageRow[]> {
  return db('register_usages')
    .where({ insurer_no: insurerNo, insured_no: insuredNo, voided: false })
    .whereNull('superseded_by')
    .select('id', 'entry_no', 'insured_no', 'kind', 'used_on', 'amount_yen', 'care_level', 'dwelling', 'description')
    .orderBy([
      { column: 'used_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

/**
 * 同意の撤回: marks the latest granted, not yet withdrawn consent of the insurer's person as withdrawn on `on` (by the
 * city user `userId`); every office loses sight of the person from that day.
 */
export async function revokeConsent(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  on: string,
  userId?: number,
): Promise<boolean> {
  const latest = await wherePersonOfInsurer(
    db('consents').where({ insured_no: insuredNo }),
    'consents.insured_no',
    insurerNo,
  )
    .orderBy('id', 'desc')
    .first('id', 'granted', 'revoked_on');
  if (!latest || !latest.granted || latest.revoked_on) return false;
  return (
    (await db('consents')
      .where({ id: latest.id })
      .whereNull('revoked_on')
      .update({ revoked_on: on, revoked_by_user_id: userId ?? null })) > 0
  );
}

/**
 * The 情報基盤 sharing consent taken at intake, once per case (one row per workflow ID). Consent an office declares
 * (代行申請) is recorded only as domain/registration/rules.ts officeMayRecordConsent allows: a grant, as 事業所による
 * 代理取得, by an office holding a registration, never over a withdrawal or refusal. The city's is 申請時.
 */
export async function recordIntakeConsent(
  db: Knex,
  input: {
    workflowId: string;
    insuredNo: string;
    consent: { granted: boolean; date: IsoDate; obtainedBy: 'municipality' | 'office_proxy'; officeNo?: string | null };
  },
): Promise<void> {
  const { consent } = input;
  const officeNo = consent.officeNo ?? null;
  const fromOffice = consent.obtainedBy === 'office_proxy' || officeNo != null;
  if (fromOffice) {
    const [registration, latest] = await Promise.all([
      officeNo
        ? db('office_registrations')
            .where({ office_no: officeNo, insured_no: input.insuredNo })
            .whereIn('status', ['pending', 'active'])
            .first('id')
        : undefined,
      db('consents').where({ insured_no: input.insuredNo }).orderBy('id', 'desc').first('granted', 'revoked_on'),
    ]);
    const allowed = officeMayRecordConsent({
      granted: consent.granted,
      channel: 'office_proxy',
      hasRegistration: Boolean(registration),
      latest: latest ? { granted: Boolean(latest.granted), revokedOn: latest.revoked_on } : null,
    });
    if (!allowed) return;
  }
  await db('consents')
    .insert({
      insured_no: input.insuredNo,
      granted: consent.granted,
      granted_on: consent.date,
      channel: fromOffice ? 'office_proxy' : 'application',
      obtained_by_office_no: fromOffice ? officeNo : null,
      source_workflow_id: input.workflowId,
    })
    .onConflict('source_workflow_id')
    .ignore();
}

/** The insured person as the certification workflow needs it (no name: notices load that themselves). */
export interface InsuredPersonRecord {
  insuredNo: string;
  insurerNo: string;
  status: string;
  careLevel: CareLevel | null;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  planOfficeNo: string | null;
}

/**
 * The person's record, or null when the 被保険者番号 is unknown to this insurer. With `onDate`, the certification is the
 * one in force on that day (a next one decided early counts from its start); without, the current one.
 */
export async function findInsuredPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  onDate?: IsoDate,
): Promise<InsuredPersonRecord | null> {
  const p = await getPerson(db, insurerNo, insuredNo);
  if (!p) return null;
  const held = heldCertifications(p);
  const c = onDate ? (certificationInForce(held, onDate) ?? held.current) : held.current;
  return {
    insuredNo: p.insured_no,
    insurerNo: p.insurer_no,
    status: p.status,
    careLevel: c?.level ?? null,
    validFrom: c?.validFrom ?? null,
    validTo: c?.validTo ?? null,
    planOfficeNo: p.plan_office_no ?? null,
  };
}

/** A decided certification as the 被保険者証 fields record it. */
export interface CertificationApplied {
  insuredNo: string;
  careLevel: CareLevel;
  validFrom: IsoDate;
  validTo: IsoDate;
  certifiedOn: IsoDate;
  boardOpinion: string | null;
  serviceTypeRestriction: string | null;
  updatedAt: string;
}

/**
 * Writes the decided certification onto the 被保険者証 fields: beside the current one (next_*) when it is a renewal
 * decided before the current one expires, else in its place (domain/certification/in-force.ts
 * placeDecidedCertification). Same values twice = same row.
 */
export async function applyCertification(db: Knex, input: CertificationApplied): Promise<void> {
  await db.transaction(async (trx) => {
    const p = await trx('insured_persons').where({ insured_no: input.insuredNo }).first();
    if (!p) return;
    const held = placeDecidedCertification(heldCertifications(p), {
      level: input.careLevel,
      validFrom: input.validFrom,
      validTo: input.validTo,
      certifiedOn: input.certifiedOn,
      boardOpinion: input.boardOpinion,
      serviceTypeRestriction: input.serviceTypeRestriction,
    });
    await trx('insured_persons')
      .where({ insured_no: input.insuredNo })
      // a certification decided after a 取消 is not cancelled (cert_cancelled_on marks the current one)
      .update({ ...certificationColumns(held), cert_cancelled_on: null, updated_at: input.updatedAt });
  });
}

/**
 * 次期認定の開始: every person of the insurer whose next certification has begun by `today` gets it as the current one
 * (the daily 更新勧奨 batch runs this first). Reads already judge by date; this keeps the columns the lists and the
 * 更新勧奨 query read in step. Returns how many changed; a second run changes nothing.
 */
export async function promoteStartedCertifications(db: Knex, insurerNo: string, today: IsoDate): Promise<number> {
  return db('insured_persons')
    .where({ insurer_no: insurerNo })
    .whereNotNull('next_cert_valid_from')
    .where('next_cert_valid_from', '<=', today)
    .update({
      care_level: db.ref('next_care_level'),
      cert_valid_from: db.ref('next_cert_valid_from'),
      cert_valid_to: db.ref('next_cert_valid_to'),
      certified_on: db.ref('next_certified_on'),
      board_opinion: db.ref('next_board_opinion'),
      service_type_restriction: db.ref('next_service_type_restriction'),
      next_care_level: null,
      next_cert_valid_from: null,
      next_cert_valid_to: null,
      next_certified_on: null,
      next_board_opinion: null,
      next_service_type_restriction: null,
    });
}
