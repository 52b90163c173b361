/**
 * 被保険者台帳: 負担割合証 / 負担限度額認定証 by period and 住宅改修・福祉用具購入 entries, each change a new row with who,
 * when and why; the row it replaced points to it (superseded_by). Writing the same value again changes nothing (the
 * import relies on it). insured_persons' certificate columns are kept in step in the same transaction. Every query
 * takes the insurer.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/certification/types';
import { addDays, compareDates } from '../domain/dates';
import type { CertificateKind } from '../domain/register/certificates';
import {
  DEFAULT_REGISTER_VERSIONS,
  resolveRegisterSettings,
  type RegisterSettings,
  type RegisterSettingsVersion,
} from '../domain/register/settings';
import type { UsageKind } from '../domain/register/usage';
import {
  benefitRestrictionText,
  type BenefitRestriction,
  type BenefitRestrictionKind,
} from '../domain/register/benefit-restriction';
import { enqueueBeneficiaryChange } from './kokuhoren';

export interface CertificateRow {
  id: number;
  insurer_no: string;
  insured_no: string;
  kind: CertificateKind;
  valid_from: string;
  valid_to: string;
  value: string;
  reason: string | null;
  source: string;
  recorded_by: string | null;
  recorded_at: string;
  superseded_by: number | null;
}

export interface UsageRow {
  id: number;
  entry_no: string;
  insurer_no: string;
  insured_no: string;
  kind: UsageKind;
  used_on: string;
  amount_yen: number;
  care_level: string | null;
  dwelling: string | null;
  description: string | null;
  voided: boolean;
  reason: string | null;
  source: string;
  recorded_by: string | null;
  recorded_at: string;
  superseded_by: number | null;
}

/** Who entered a change, when, why and through what (manual / import / seed). */
export interface ChangeBy {
  reason: string | null;
  source: string;
  recordedBy: string | null;
  recordedAt: string;
}

/** The register settings in force on a date: the defaults overlaid with the insurer's 'register' rule_versions. */
export async function registerSettingsOn(db: Knex, insurerNo: string, onDate: IsoDate): Promise<RegisterSettings> {
  const rows: { effective_from: string; rules_json: string }[] = await db('rule_versions')
    .where({ insurer_no: insurerNo, rule_set: 'register' })
    .orderBy('effective_from')
    .select('effective_from', 'rules_json');
  const versions: RegisterSettingsVersion[] = [
    ...DEFAULT_REGISTER_VERSIONS,
    ...rows.map((r) => ({ effectiveFrom: r.effective_from, settings: JSON.parse(r.rules_json) })),
  ];
  return resolveRegisterSettings(versions, onDate);
}

/** Every certificate row of the person, current and replaced, newest period first (the history). */
export async function certificatesOfPerson(db: Knex, insurerNo: string, insuredNo: string): Promise<CertificateRow[]> {
  return db('register_certificates')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .orderBy([{ column: 'kind' }, { column: 'valid_from', order: 'desc' }, { column: 'id', order: 'desc' }]);
}

/** A certificate as entered or imported. */
export interface CertificateInput extends ChangeBy {
  insurerNo: string;
  insuredNo: string;
  kind: CertificateKind;
  value: string;
  validFrom: IsoDate;
  validTo: IsoDate;
  /** The date the person's current value is taken on (insured_persons' columns). */
  today: IsoDate;
}

/**
 * 証の記録・訂正: the current row of the same period start is replaced when its value or end differs (nothing is
 * written when they are the same); a current row whose period overlaps the new one is replaced by a copy ending the
 * day before (a change within the year), or by the new row when it starts inside it. Returns whether anything changed.
 */
export async function recordCertificate(db: Knex, input: CertificateInput): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current: CertificateRow[] = await trx('register_certificates')
      .where({ insurer_no: input.insurerNo, insured_no: input.insuredNo, kind: input.kind })
      .whereNull('superseded_by')
      .where('valid_from', '<=', input.validTo)
      .where('valid_to', '>=', input.validFrom);
    const same = current.find((r) => r.valid_from === input.validFrom);
    if (same && same.value === input.value && same.valid_to === input.validTo && current.length === 1) return false;
    const row = {
      insurer_no: input.insurerNo,
      insured_no: input.insuredNo,
      kind: input.kind,
      reason: input.reason,
      source: input.source,
      recorded_by: input.recordedBy,
      recorded_at: input.recordedAt,
    };
    const [inserted] = await trx('register_certificates')
      .insert({ ...row, valid_from: input.validFrom, valid_to: input.validTo, value: input.value })
      .returning('id');
    const newId = typeof inserted === 'object' ? inserted.id : inserted;
    for (const old of current) {
      let replacement = newId;
      if (compareDates(old.valid_from, input.validFrom) < 0) {
        const [trimmed] = await trx('register_certificates')
          .insert({ ...row, valid_from: old.valid_from, valid_to: addDays(input.validFrom, -1), value: old.value })
          .returning('id');
        replacement = typeof trimmed === 'object' ? trimmed.id : trimmed;
      }
      await trx('register_certificates').where({ id: old.id }).update({ superseded_by: replacement });
    }
    await keepPersonInStep(trx, input.insurerNo, input.insuredNo, input.today);
    await completeRollTasks(trx, input);
    // A 負担割合 entered or corrected on the page goes to the 国保連 (the core system sends its own imports' values).
    if (input.kind === 'copay' && input.source === 'manual')
      await enqueueBeneficiaryChange(trx, {
        id: `register:copay:${input.insurerNo}:${newId}`,
        insurerNo: input.insurerNo,
        payload: {
          event: 'copay',
          insuredNo: input.insuredNo,
          ratio: Number(input.value),
          validFrom: input.validFrom,
          validTo: input.validTo,
        },
        createdAt: input.recordedAt,
      });
    return true;
  });
}

/**
 * 証の年次切替 (db/register-roll.ts): a certificate recorded for a period completes the open roll task of its kind for
 * any period it overlaps, as done by whoever recorded it; a case with no open task left is closed.
 */
async function completeRollTasks(trx: Knex, input: CertificateInput): Promise<void> {
  const cases: { workflow_id: string }[] = await trx('cases')
    .where({ insurer_no: input.insurerNo, insured_no: input.insuredNo, case_kind: 'register_roll' })
    .where('valid_from', '<=', input.validTo)
    .where('valid_to', '>=', input.validFrom)
    .select('workflow_id');
  for (const { workflow_id } of cases) {
    const done = await trx('tasks')
      .where({ id: `${workflow_id}:${input.kind}`, status: 'open' })
      .update({
        status: 'completed',
        completed_at: input.recordedAt,
        completed_by: input.recordedBy,
        assignee_user_id: trx.raw('coalesce((select id from users where login_id = ?), assignee_user_id)', [
          input.recordedBy,
        ]),
      });
    if (done === 0) continue;
    const open = await trx('tasks').where({ workflow_id, status: 'open' }).first('id');
    await trx('cases')
      .where({ workflow_id })
      .update({
        ...(open ? {} : { status: 'closed', stage: 'certificate_recorded', outcome: 'recorded' }),
        updated_at: input.recordedAt,
      });
  }
}

/** The current row of each kind on `today`: the period covering it, else the latest that has begun, else none. */
export function currentCertificates(
  rows: CertificateRow[],
  today: IsoDate,
): Partial<Record<CertificateKind, CertificateRow>> {
  const out: Partial<Record<CertificateKind, CertificateRow>> = {};
  for (const kind of ['copay', 'burden_limit'] as const) {
    const live = rows.filter(
      (r) => r.kind === kind && r.superseded_by == null && compareDates(r.valid_from, today) <= 0,
    );
    const covering = live.find((r) => compareDates(today, r.valid_to) <= 0);
    const latest = live.sort((a, b) => compareDates(b.valid_from, a.valid_from))[0];
    const pick = covering ?? latest;
    if (pick) out[kind] = pick;
  }
  return out;
}

async function keepPersonInStep(trx: Knex, insurerNo: string, insuredNo: string, today: IsoDate): Promise<void> {
  const current = currentCertificates(await certificatesOfPerson(trx, insurerNo, insuredNo), today);
  await trx('insured_persons')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .update({
      copay_ratio: current.copay ? Number(current.copay.value) : null,
      copay_valid_from: current.copay?.valid_from ?? null,
      copay_valid_to: current.copay?.valid_to ?? null,
      burden_limit_stage: current.burden_limit?.value ?? null,
      burden_limit_valid_to: current.burden_limit?.valid_to ?? null,
    });
}

/** Every usage row of the person, current and replaced, latest use first (the history). */
export async function usagesOfPerson(db: Knex, insurerNo: string, insuredNo: string): Promise<UsageRow[]> {
  const rows: UsageRow[] = await db('register_usages')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .orderBy([
      { column: 'used_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map((r) => ({ ...r, voided: Boolean(r.voided) }));
}

/** A usage entry as entered or imported; entryNo absent for a new manual entry. */
export interface UsageInput extends ChangeBy {
  insurerNo: string;
  insuredNo: string;
  entryNo?: string;
  kind: UsageKind;
  usedOn: IsoDate;
  amountYen: number;
  careLevel: string | null;
  dwelling: string | null;
  description: string | null;
  voided?: boolean;
}

/** 利用の記録・訂正・取消: a new row for the entry, replacing its current one; the same values again change nothing. */
export async function recordUsage(db: Knex, input: UsageInput): Promise<{ entryNo: string; changed: boolean }> {
  return db.transaction(async (trx) => {
    const entryNo = input.entryNo ?? `U${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const current: UsageRow | undefined = await trx('register_usages')
      .where({ insurer_no: input.insurerNo, entry_no: entryNo })
      .whereNull('superseded_by')
      .first();
    if (current && current.insured_no !== input.insuredNo)
      throw new Error(`利用番号 ${entryNo} は別の被保険者のものです`);
    const values = {
      kind: input.kind,
      used_on: input.usedOn,
      amount_yen: input.amountYen,
      care_level: input.careLevel,
      dwelling: input.dwelling,
      description: input.description,
      voided: input.voided ?? false,
    };
    if (current && Object.entries(values).every(([k, v]) => (current as unknown as Record<string, unknown>)[k] == v))
      return { entryNo, changed: false };
    const [inserted] = await trx('register_usages')
      .insert({
        ...values,
        entry_no: entryNo,
        insurer_no: input.insurerNo,
        insured_no: input.insuredNo,
        reason: input.reason,
        source: input.source,
        recorded_by: input.recordedBy,
        recorded_at: input.recordedAt,
      })
      .returning('id');
    if (current)
      await trx('register_usages')
        .where({ id: current.id })
        .update({ superseded_by: typeof inserted === 'object' ? inserted.id : inserted });
    return { entryNo, changed: true };
  });
}

/** What the office was last shown of the person (its JSON snapshot), or null before its first look. */
export async function officeLastSeen(db: Knex, officeNo: string, insuredNo: string): Promise<string | null> {
  const row = await db('register_office_views')
    .where({ office_no: officeNo, insured_no: insuredNo })
    .first('seen_json');
  return row?.seen_json ?? null;
}

/** Records what the office has just been shown of the person. */
export async function markOfficeSeen(
  db: Knex,
  input: { officeNo: string; insuredNo: string; seenJson: string; seenAt: string },
): Promise<void> {
  await db('register_office_views')
    .insert({
      office_no: input.officeNo,
      insured_no: input.insuredNo,
      seen_json: input.seenJson,
      seen_at: input.seenAt,
    })
    .onConflict(['office_no', 'insured_no'])
    .merge(['seen_json', 'seen_at']);
}

/** A 資格喪失 as entered on the page, imported, or recorded in a case. */
export interface PersonLoss extends ChangeBy {
  insurerNo: string;
  insuredNo: string;
  reason: 'deceased' | 'moved_out' | 'excluded';
  lostOn: IsoDate;
  note: string | null;
}

/**
 * 資格喪失: the person's status and 資格喪失日, each changed column kept in register_person_changes with who, when and
 * why; the offices' pending and active registrations end on that day (access follows). The same loss twice changes
 * nothing. Returns whether anything changed.
 */
export async function recordPersonLoss(db: Knex, loss: PersonLoss): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await trx('insured_persons')
      .where({ insurer_no: loss.insurerNo, insured_no: loss.insuredNo })
      .first('status', 'lost_on');
    if (!current) return false;
    const values: Record<string, string> = { status: loss.reason, lost_on: loss.lostOn };
    const diff = Object.keys(values).filter((c) => String(current[c] ?? '') !== values[c]);
    if (diff.length === 0) return false;
    await trx('insured_persons')
      .where({ insurer_no: loss.insurerNo, insured_no: loss.insuredNo })
      .update({ ...values, updated_at: loss.recordedAt });
    await trx('register_person_changes').insert(
      diff.map((col) => ({
        insurer_no: loss.insurerNo,
        insured_no: loss.insuredNo,
        field: col,
        before: current[col] ?? null,
        after: values[col],
        reason: loss.note,
        source: loss.source,
        recorded_by: loss.recordedBy,
        recorded_at: loss.recordedAt,
      })),
    );
    await trx('office_registrations')
      .where({ insurer_no: loss.insurerNo, insured_no: loss.insuredNo })
      .whereIn('status', ['pending', 'active'])
      .update({ status: 'ended', ended_on: loss.lostOn });
    // The yearly roll's open tasks for the person (no new 証 is issued after a loss) are cancelled with their case.
    const rollCases = trx('cases')
      .where({ insurer_no: loss.insurerNo, insured_no: loss.insuredNo, case_kind: 'register_roll', status: 'open' })
      .select('workflow_id');
    await trx('tasks')
      .whereIn('workflow_id', rollCases.clone())
      .where('status', 'open')
      .update({ status: 'cancelled', completed_at: loss.recordedAt });
    await trx('cases')
      .whereIn('workflow_id', rollCases.clone())
      .update({ status: 'closed', outcome: 'cancelled', updated_at: loss.recordedAt });
    // 受給者異動 (終了) for the 国保連, once per person and 資格喪失日.
    await enqueueBeneficiaryChange(trx, {
      id: `register:loss:${loss.insurerNo}:${loss.insuredNo}:${loss.lostOn}`,
      insurerNo: loss.insurerNo,
      payload: { event: 'loss', insuredNo: loss.insuredNo, lostOn: loss.lostOn, lossReason: loss.reason },
      createdAt: loss.recordedAt,
    });
    return true;
  });
}

/**
 * 住所・郵便番号の変更: writes the changed columns and one register_person_changes row per column (who, when, why), so a
 * notice dated before the change still finds the address it had (db/notices.ts noticeAddressee). The same values
 * again change nothing (false).
 */
export async function recordPersonAddress(
  db: Knex,
  e: {
    insurerNo: string;
    insuredNo: string;
    postalCode: string | null;
    address: string;
    reason: string;
    recordedBy: string;
    recordedAt: string;
  },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await trx('insured_persons')
      .where({ insurer_no: e.insurerNo, insured_no: e.insuredNo })
      .first('postal_code', 'address');
    if (!current) return false;
    const values: Record<string, string | null> = { postal_code: e.postalCode, address: e.address };
    const diff = Object.keys(values).filter((c) => String(current[c] ?? '') !== String(values[c] ?? ''));
    if (diff.length === 0) return false;
    await trx('insured_persons')
      .where({ insurer_no: e.insurerNo, insured_no: e.insuredNo })
      .update({ ...Object.fromEntries(diff.map((c) => [c, values[c]])), updated_at: e.recordedAt });
    await trx('register_person_changes').insert(
      diff.map((col) => ({
        insurer_no: e.insurerNo,
        insured_no: e.insuredNo,
        field: col,
        before: current[col] ?? null,
        after: values[col],
        reason: e.reason,
        source: 'manual',
        recorded_by: e.recordedBy,
        recorded_at: e.recordedAt,
      })),
    );
    return true;
  });
}

/** A 被保険者証 handed in (a 資格者証 issued). */
export interface CardSurrenderRow {
  insured_no: string;
  surrendered_on: string;
  application_no: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** Records a hand-in of the 被保険者証; the same day twice keeps the first. Returns whether it was new. */
export async function recordCardSurrender(
  db: Knex,
  input: {
    insurerNo: string;
    insuredNo: string;
    surrenderedOn: IsoDate;
    applicationNo: string | null;
    recordedBy: string;
    recordedAt: string;
  },
): Promise<boolean> {
  const key = { insurer_no: input.insurerNo, insured_no: input.insuredNo, surrendered_on: input.surrenderedOn };
  if (await db('register_card_surrenders').where(key).first('id')) return false;
  await db('register_card_surrenders').insert({
    ...key,
    application_no: input.applicationNo,
    recorded_by: input.recordedBy,
    recorded_at: input.recordedAt,
  });
  return true;
}

/** The person's latest hand-in of the 被保険者証, if any. */
export async function latestCardSurrender(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<CardSurrenderRow | undefined> {
  return db('register_card_surrenders')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .orderBy([
      { column: 'surrendered_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('insured_no', 'surrendered_on', 'application_no', 'recorded_by', 'recorded_at');
}

/** A 給付制限 row: current (superseded_by null) or replaced; voided = entered in error and withdrawn. */
export interface BenefitRestrictionRow {
  id: number;
  insurer_no: string;
  insured_no: string;
  kind: BenefitRestrictionKind;
  valid_from: string;
  valid_to: string | null;
  voided: boolean;
  reason: string | null;
  source: string;
  recorded_by: string | null;
  recorded_at: string;
  superseded_by: number | null;
}

/** Every 給付制限 row of the person, current and replaced, latest start first (the history). */
export async function benefitRestrictionsOfPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<BenefitRestrictionRow[]> {
  const rows: BenefitRestrictionRow[] = await db('register_benefit_restrictions')
    .where({ insurer_no: insurerNo, insured_no: insuredNo })
    .orderBy([
      { column: 'valid_from', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map((r) => ({ ...r, voided: Boolean(r.voided) }));
}

/** The current, not withdrawn restrictions of rows, as the domain reads them. */
export function liveRestrictions(rows: BenefitRestrictionRow[]): (BenefitRestriction & { id: number })[] {
  return rows
    .filter((r) => r.superseded_by == null && !r.voided)
    .map((r) => ({ id: r.id, kind: r.kind, validFrom: r.valid_from, validTo: r.valid_to }));
}

/** A 給付制限 as entered: new (replacesId absent), a correction or end of the row replacesId, or its withdrawal. */
export interface BenefitRestrictionInput extends ChangeBy {
  insurerNo: string;
  insuredNo: string;
  replacesId?: number;
  kind: BenefitRestrictionKind;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  voided?: boolean;
  /** The date the 被保険者証 text is taken on. */
  today: IsoDate;
}

/**
 * 給付制限の記録・訂正・終了・取消: a new row (replacing the current row replacesId, which must be the person's), the
 * 被保険者証's text (insured_persons.benefit_restriction) kept in step with its before and after in
 * register_person_changes, and a 受給者異動 queued for the 国保連, all in one transaction. The same values again change
 * nothing. Returns 'not_found' for a replacesId that is not a current row of the person.
 */
export async function recordBenefitRestriction(
  db: Knex,
  input: BenefitRestrictionInput,
): Promise<'changed' | 'unchanged' | 'not_found'> {
  return db.transaction(async (trx) => {
    let old: BenefitRestrictionRow | undefined;
    if (input.replacesId !== undefined) {
      old = await trx('register_benefit_restrictions')
        .where({ insurer_no: input.insurerNo, insured_no: input.insuredNo, id: input.replacesId })
        .whereNull('superseded_by')
        .first();
      if (!old || Boolean(old.voided)) return 'not_found';
      if (
        old.kind === input.kind &&
        old.valid_from === input.validFrom &&
        (old.valid_to ?? null) === input.validTo &&
        !input.voided
      )
        return 'unchanged';
    }
    const [inserted] = await trx('register_benefit_restrictions')
      .insert({
        insurer_no: input.insurerNo,
        insured_no: input.insuredNo,
        kind: input.kind,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        voided: input.voided ?? false,
        reason: input.reason,
        source: input.source,
        recorded_by: input.recordedBy,
        recorded_at: input.recordedAt,
      })
      .returning('id');
    const newId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    if (old) await trx('register_benefit_restrictions').where({ id: old.id }).update({ superseded_by: newId });
    const person = await trx('insured_persons')
      .where({ insurer_no: input.insurerNo, insured_no: input.insuredNo })
      .first('benefit_restriction');
    const text = benefitRestrictionText(
      liveRestrictions(await benefitRestrictionsOfPerson(trx, input.insurerNo, input.insuredNo)),
      input.today,
    );
    if ((person?.benefit_restriction ?? null) !== text) {
      await trx('insured_persons')
        .where({ insurer_no: input.insurerNo, insured_no: input.insuredNo })
        .update({ benefit_restriction: text, updated_at: input.recordedAt });
      await trx('register_person_changes').insert({
        insurer_no: input.insurerNo,
        insured_no: input.insuredNo,
        field: 'benefit_restriction',
        before: person?.benefit_restriction ?? null,
        after: text,
        reason: input.reason,
        source: input.source,
        recorded_by: input.recordedBy,
        recorded_at: input.recordedAt,
      });
    }
    // A withdrawal reports the withdrawn restriction's start with none; a correction of the same start is a 訂正.
    await enqueueBeneficiaryChange(trx, {
      id: `register:benefit-restriction:${input.insurerNo}:${newId}`,
      insurerNo: input.insurerNo,
      payload: {
        event: 'benefit_restriction',
        insuredNo: input.insuredNo,
        changedOn: input.voided ? (old?.valid_from ?? input.validFrom) : input.validFrom,
        restriction: input.voided ? null : { kind: input.kind, validFrom: input.validFrom, validTo: input.validTo },
      },
      createdAt: input.recordedAt,
    });
    return 'changed';
  });
}
