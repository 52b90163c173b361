/**
 * マイナンバーカード預かり管理簿 (domain/custody/rules.ts): agreements, the office's card handlers and each take-out and
 * return. Every query takes the office and its insurer; a row of another office or insurer is never found. The
 * 個人番号 is never stored.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/certification/types';
import { type CustodyRuleVersion, DEFAULT_CUSTODY_RULE_VERSIONS } from '../domain/custody/rules';

/** The office the queries are about: its number and its insurer (both from the session). */
export interface OfficeScope {
  officeNo: string;
  insurerNo: string;
}

export interface AgreementRow {
  id: number;
  office_no: string;
  insurer_no: string;
  insured_no: string;
  depositor_kind: string;
  depositor_name: string;
  agreement_ref: string;
  agreed_on: IsoDate;
  started_on: IsoDate;
  ended_on: IsoDate | null;
  created_at: string;
  ended_at: string | null;
}

export interface MovementRow {
  id: number;
  agreement_id: number;
  taken_out_at: string;
  taken_out_by: string;
  purpose: string;
  purpose_note: string | null;
  expected_return_at: string;
  returned_at: string | null;
  returned_by: string | null;
}

/** An open agreement with its person's register name and the take-out not yet returned, if any. */
export interface CustodyListRow extends AgreementRow {
  name: string | null;
  kana: string | null;
  open_movement_id: number | null;
  taken_out_at: string | null;
  expected_return_at: string | null;
}

/** 預かり管理の設定: the defaults overlaid with the insurer's rule_versions rows of rule_set 'card_custody'. */
export async function custodyRuleVersions(db: Knex, insurerNo: string): Promise<CustodyRuleVersion[]> {
  const rows: { effective_from: string; rules_json: string }[] = await db('rule_versions')
    .where({ insurer_no: insurerNo, rule_set: 'card_custody' })
    .orderBy('effective_from')
    .select('effective_from', 'rules_json');
  return [
    ...DEFAULT_CUSTODY_RULE_VERSIONS,
    ...rows.map((r) => ({ effectiveFrom: r.effective_from, rules: JSON.parse(r.rules_json) })),
  ];
}

/** The office's 指定サービス種別 (an office of another insurer has none here). */
export async function officeServiceTypes(db: Knex, s: OfficeScope): Promise<string[]> {
  const rows: { service_type: string }[] = await db('office_service_types as t')
    .join('offices as o', 'o.office_no', 't.office_no')
    .where({ 't.office_no': s.officeNo, 'o.insurer_no': s.insurerNo })
    .select('t.service_type');
  return rows.map((r) => r.service_type);
}

/** A staff account as the handler rule reads it, or undefined when the account is not of this office and insurer. */
export async function handlerFacts(db: Knex, s: OfficeScope, userId: number) {
  const u = await db('users')
    .where({ id: userId, insurer_no: s.insurerNo, office_no: s.officeNo })
    .first('id', 'role', 'office_no', 'active');
  if (!u) return undefined;
  const grant = await db('card_handlers')
    .where({ office_no: s.officeNo, user_id: userId })
    .whereNull('revoked_at')
    .first('id');
  return {
    role: u.role as string,
    officeNo: u.office_no as string,
    active: Boolean(u.active),
    granted: Boolean(grant),
  };
}

/** The office's staff accounts with whether each is a card handler now, in name order. */
export async function officeStaff(db: Knex, s: OfficeScope) {
  const rows: {
    id: number;
    login_id: string;
    display_name: string;
    role: string;
    active: number | boolean;
    office_admin: number | boolean;
    granted_at: string | null;
  }[] = await db('users as u')
    .leftJoin('card_handlers as h', function () {
      this.on('h.user_id', 'u.id').andOn('h.office_no', 'u.office_no').andOnNull('h.revoked_at');
    })
    .where({ 'u.office_no': s.officeNo, 'u.insurer_no': s.insurerNo, 'u.role': 'office_staff' })
    .orderBy('u.id')
    .select('u.id', 'u.login_id', 'u.display_name', 'u.role', 'u.active', 'u.office_admin', 'h.granted_at');
  return rows.map((r) => ({
    ...r,
    active: Boolean(r.active),
    office_admin: Boolean(r.office_admin),
    handler: r.granted_at != null,
  }));
}

/** Names an account a handler; false when it already is one. */
export async function grantHandler(
  db: Knex,
  s: OfficeScope,
  g: { userId: number; byUserId: number; at: string },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await trx('card_handlers')
      .where({ office_no: s.officeNo, user_id: g.userId })
      .whereNull('revoked_at')
      .first('id');
    if (current) return false;
    await trx('card_handlers').insert({
      office_no: s.officeNo,
      user_id: g.userId,
      granted_by_user_id: g.byUserId,
      granted_at: g.at,
    });
    return true;
  });
}

/** Withdraws an account's handler grant; false when it had none. */
export async function revokeHandler(
  db: Knex,
  s: OfficeScope,
  g: { userId: number; byUserId: number; at: string },
): Promise<boolean> {
  const n = await db('card_handlers')
    .where({ office_no: s.officeNo, user_id: g.userId })
    .whereNull('revoked_at')
    .update({ revoked_at: g.at, revoked_by_user_id: g.byUserId });
  return n > 0;
}

const AGREEMENT_COLUMNS = [
  'a.id',
  'a.office_no',
  'a.insurer_no',
  'a.insured_no',
  'a.depositor_kind',
  'a.depositor_name',
  'a.agreement_ref',
  'a.agreed_on',
  'a.started_on',
  'a.ended_on',
  'a.created_at',
  'a.ended_at',
];

/** The office's open agreement for the person, if any. */
export async function openAgreement(db: Knex, s: OfficeScope, insuredNo: string): Promise<AgreementRow | undefined> {
  return db('card_custody_agreements as a')
    .where({ 'a.office_no': s.officeNo, 'a.insurer_no': s.insurerNo, 'a.insured_no': insuredNo })
    .whereNull('a.ended_on')
    .first(AGREEMENT_COLUMNS);
}

/** Every agreement (open and ended) of the office for the person, newest first. */
export async function agreementsOf(db: Knex, s: OfficeScope, insuredNo: string): Promise<AgreementRow[]> {
  return db('card_custody_agreements as a')
    .where({ 'a.office_no': s.officeNo, 'a.insurer_no': s.insurerNo, 'a.insured_no': insuredNo })
    .orderBy('a.id', 'desc')
    .select(AGREEMENT_COLUMNS);
}

/** The office's open agreements with the card's whereabouts, in kana order (names from the register). */
export async function custodyList(db: Knex, s: OfficeScope): Promise<CustodyListRow[]> {
  return db('card_custody_agreements as a')
    .leftJoin('insured_persons as p', function () {
      this.on('p.insured_no', 'a.insured_no').andOn('p.insurer_no', 'a.insurer_no');
    })
    .leftJoin('card_custody_movements as m', function () {
      this.on('m.agreement_id', 'a.id').andOnNull('m.returned_at');
    })
    .where({ 'a.office_no': s.officeNo, 'a.insurer_no': s.insurerNo })
    .whereNull('a.ended_on')
    .orderBy([{ column: 'p.kana' }, { column: 'a.insured_no' }])
    .select([
      ...AGREEMENT_COLUMNS,
      'p.name',
      'p.kana',
      'm.id as open_movement_id',
      'm.taken_out_at',
      'm.expected_return_at',
    ]);
}

/** A new agreement; null when the office already holds an open one for the person. */
export async function createAgreement(
  db: Knex,
  s: OfficeScope,
  a: {
    insuredNo: string;
    depositorKind: string;
    depositorName: string;
    agreementRef: string;
    agreedOn: IsoDate;
    startedOn: IsoDate;
    byUserId: number;
    at: string;
  },
): Promise<number | null> {
  return db.transaction(async (trx) => {
    const open = await trx('card_custody_agreements')
      .where({ office_no: s.officeNo, insured_no: a.insuredNo })
      .whereNull('ended_on')
      .first('id');
    if (open) return null;
    const [row] = await trx('card_custody_agreements')
      .insert({
        office_no: s.officeNo,
        insurer_no: s.insurerNo,
        insured_no: a.insuredNo,
        depositor_kind: a.depositorKind,
        depositor_name: a.depositorName,
        agreement_ref: a.agreementRef,
        agreed_on: a.agreedOn,
        started_on: a.startedOn,
        created_by_user_id: a.byUserId,
        created_at: a.at,
      })
      .returning('id');
    return typeof row === 'object' ? (row as { id: number }).id : (row as number);
  });
}

/** Ends the open agreement while its card is in the locker; false when there is none or the card is out. */
export async function endAgreement(
  db: Knex,
  s: OfficeScope,
  e: { agreementId: number; endedOn: IsoDate; byUserId: number; at: string },
): Promise<boolean> {
  const n = await db('card_custody_agreements')
    .where({ id: e.agreementId, office_no: s.officeNo, insurer_no: s.insurerNo })
    .whereNull('ended_on')
    .whereNotExists(
      db('card_custody_movements').where('agreement_id', e.agreementId).whereNull('returned_at').select('id'),
    )
    .update({ ended_on: e.endedOn, ended_by_user_id: e.byUserId, ended_at: e.at });
  return n > 0;
}

/** The movements of the person's agreements with this office, newest first, with the staff names. */
export async function movementsOf(db: Knex, s: OfficeScope, insuredNo: string): Promise<MovementRow[]> {
  return db('card_custody_movements as m')
    .join('card_custody_agreements as a', 'a.id', 'm.agreement_id')
    .join('users as o', 'o.id', 'm.taken_out_by_user_id')
    .leftJoin('users as r', 'r.id', 'm.returned_by_user_id')
    .where({ 'a.office_no': s.officeNo, 'a.insurer_no': s.insurerNo, 'a.insured_no': insuredNo })
    .orderBy('m.id', 'desc')
    .select(
      'm.id',
      'm.agreement_id',
      'm.taken_out_at',
      'o.display_name as taken_out_by',
      'm.purpose',
      'm.purpose_note',
      'm.expected_return_at',
      'm.returned_at',
      'r.display_name as returned_by',
    );
}

/** The take-out of the agreement not yet returned, if any. */
export async function openMovement(db: Knex, s: OfficeScope, agreementId: number) {
  return db('card_custody_movements')
    .where({ agreement_id: agreementId, office_no: s.officeNo, insurer_no: s.insurerNo })
    .whereNull('returned_at')
    .first('id', 'taken_out_at', 'expected_return_at');
}

/** Records a take-out; null when the card is already out (checked in the transaction, and by the unique index). */
export async function recordTakeOut(
  db: Knex,
  s: OfficeScope,
  m: {
    agreementId: number;
    takenOutAt: string;
    byUserId: number;
    purpose: string;
    purposeNote: string | null;
    expectedReturnAt: string;
  },
): Promise<number | null> {
  try {
    return await db.transaction(async (trx) => {
      const agreement = await trx('card_custody_agreements')
        .where({ id: m.agreementId, office_no: s.officeNo, insurer_no: s.insurerNo })
        .whereNull('ended_on')
        .first('id');
      const out = await trx('card_custody_movements').where({ agreement_id: m.agreementId }).whereNull('returned_at');
      if (!agreement || out.length) return null;
      const [row] = await trx('card_custody_movements')
        .insert({
          agreement_id: m.agreementId,
          office_no: s.officeNo,
          insurer_no: s.insurerNo,
          taken_out_at: m.takenOutAt,
          taken_out_by_user_id: m.byUserId,
          purpose: m.purpose,
          purpose_note: m.purposeNote,
          expected_return_at: m.expectedReturnAt,
        })
        .returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    });
  } catch (err) {
    if (/unique|UNIQUE/.test(String((err as Error).message))) return null;
    throw err;
  }
}

/** Records the return of the take-out not yet returned; false when the card is not out. */
export async function recordReturn(
  db: Knex,
  s: OfficeScope,
  r: { agreementId: number; returnedAt: string; byUserId: number },
): Promise<boolean> {
  const n = await db('card_custody_movements')
    .where({ agreement_id: r.agreementId, office_no: s.officeNo, insurer_no: s.insurerNo })
    .whereNull('returned_at')
    .update({ returned_at: r.returnedAt, returned_by_user_id: r.byUserId });
  return n > 0;
}
