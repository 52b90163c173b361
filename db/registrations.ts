/**
 * 担当事業所登録: an office's requests to serve a person (pending → active or returned; active → ended), the register
 * rows an identity check compares with, the insurer's 利用開始日 settings, and the consents an office or the city
 * records. Office queries are scoped by the office; municipal ones by the insurer.
 */
import type { Knex } from 'knex';
import type { InsurerOnline } from '../domain/access';
import type { IsoDate } from '../domain/certification/types';
import type { RegisterPerson } from '../domain/registration/rules';

export interface InsurerSettings extends InsurerOnline {
  insurerNo: string;
  lapseMonths: number;
}

export interface RegistrationRow {
  id: number;
  office_no: string;
  insured_no: string;
  insurer_no: string;
  status: 'pending' | 'active' | 'returned' | 'ended';
  method: 'insured_card' | 'my_number_card';
  requested_by_user_id: number;
  requested_at: string;
  effective_on: string | null;
  last_served_on: string | null;
  lapses_on: string | null;
  ended_on: string | null;
  decided_by_user_id: number | null;
  decided_at: string | null;
  return_reason: string | null;
}

/** The insurer's 利用開始日, data-migration flag and lapse months (undefined for an unknown insurer). */
export async function insurerSettings(db: Knex, insurerNo: string): Promise<InsurerSettings | undefined> {
  const r = await db('insurers')
    .where({ insurer_no: insurerNo })
    .first('insurer_no', 'online_start_on', 'data_migrated', 'registration_lapse_months');
  if (!r) return undefined;
  return {
    insurerNo: r.insurer_no,
    startOn: r.online_start_on,
    dataMigrated: Boolean(r.data_migrated),
    lapseMonths: Number(r.registration_lapse_months),
  };
}

const REGISTER_COLUMNS = ['insured_no', 'insurer_no', 'name', 'birth_date', 'address', 'status'] as const;
const registerOut = (r: Record<(typeof REGISTER_COLUMNS)[number], string | null>): RegisterPerson => ({
  insuredNo: r.insured_no!,
  insurerNo: r.insurer_no!,
  name: r.name!,
  birthDate: r.birth_date!,
  address: r.address,
  status: r.status!,
});

/** The register row for a typed 被保険者番号 (any insurer: the check itself compares the 保険者番号). */
export async function registerPersonByNo(db: Knex, insuredNo: string): Promise<RegisterPerson | undefined> {
  const r = await db('insured_persons')
    .where({ insured_no: insuredNo })
    .first(...REGISTER_COLUMNS);
  return r ? registerOut(r) : undefined;
}

/** Register rows born on a date (the card check narrows them by name and address). */
export async function registerPersonsBornOn(db: Knex, birthDate: IsoDate): Promise<RegisterPerson[]> {
  const rows = await db('insured_persons')
    .where({ birth_date: birthDate })
    .select(...REGISTER_COLUMNS)
    .limit(500);
  return rows.map(registerOut);
}

/**
 * The office's open registration of a person on `today`, if any: pending, or active and neither ended nor lapsed
 * (domain/registration/rules.ts registrationOpen). After a lapse a new identity check registers the person again.
 */
export async function openRegistration(
  db: Knex,
  officeNo: string,
  insuredNo: string,
  today: IsoDate,
): Promise<RegistrationRow | undefined> {
  return db('office_registrations')
    .where({ office_no: officeNo, insured_no: insuredNo })
    .where((w) =>
      w.where('status', 'pending').orWhere((a) =>
        a
          .where('status', 'active')
          .where((e) => e.whereNull('ended_on').orWhere('ended_on', '>', today))
          .where((l) => l.whereNull('lapses_on').orWhere('lapses_on', '>', today)),
      ),
    )
    .orderBy('id', 'desc')
    .first();
}

export async function createRegistration(
  db: Knex,
  r: Omit<RegistrationRow, 'id' | 'decided_by_user_id' | 'decided_at' | 'return_reason' | 'ended_on'>,
): Promise<number> {
  const [row] = await db('office_registrations').insert(r).returning('id');
  return typeof row === 'object' ? row.id : row;
}

export type OfficeRegistrationRow = RegistrationRow & { person_name: string | null };

/**
 * An office's registrations, newest first. The person's name only on an active row: a pending or returned request
 * shows just the number the office typed. The service blanks it again unless the office may see the person today
 * (a lapsed or ended registration, a withdrawn consent, an insurer not yet online).
 */
export async function registrationsOfOffice(db: Knex, officeNo: string): Promise<OfficeRegistrationRow[]> {
  return db('office_registrations as r')
    .leftJoin('insured_persons as p', 'p.insured_no', 'r.insured_no')
    .where('r.office_no', officeNo)
    .select('r.*', db.raw(`case when r.status = 'active' then p.name else null end as person_name`))
    .orderBy('r.id', 'desc')
    .limit(500);
}

/** One registration of the office (undefined for another office's). */
export async function registrationOfOffice(
  db: Knex,
  officeNo: string,
  id: number,
): Promise<RegistrationRow | undefined> {
  return db('office_registrations').where({ id, office_no: officeNo }).first();
}

export type MunicipalRegistrationRow = RegistrationRow & {
  person_name: string | null;
  office_name: string | null;
  requested_by: string | null;
  decided_by: string | null;
};

/** The insurer's registrations: `pending` ones to decide, or the log (everything, newest first). */
export async function registrationsOfInsurer(
  db: Knex,
  insurerNo: string,
  which: 'pending' | 'log',
): Promise<MunicipalRegistrationRow[]> {
  const q = db('office_registrations as r')
    .leftJoin('insured_persons as p', 'p.insured_no', 'r.insured_no')
    .leftJoin('offices as o', 'o.office_no', 'r.office_no')
    .leftJoin('users as u', 'u.id', 'r.requested_by_user_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by_user_id')
    .where('r.insurer_no', insurerNo)
    .select(
      'r.*',
      'p.name as person_name',
      'o.name as office_name',
      'u.display_name as requested_by',
      'd.display_name as decided_by',
    )
    .limit(500);
  if (which === 'pending') q.where('r.status', 'pending').orderBy('r.requested_at', 'asc');
  else q.orderBy('r.id', 'desc');
  return q;
}

/** 承認 or 差し戻し of a pending request of the insurer; false when it is not (or no longer) pending. */
export async function decideRegistration(
  db: Knex,
  insurerNo: string,
  id: number,
  d:
    | { approve: true; userId: number; at: string; effectiveOn: IsoDate; lapsesOn: IsoDate }
    | { approve: false; userId: number; at: string; reason: string },
): Promise<boolean> {
  const common = { decided_by_user_id: d.userId, decided_at: d.at };
  const change = d.approve
    ? { ...common, status: 'active', effective_on: d.effectiveOn, last_served_on: d.effectiveOn, lapses_on: d.lapsesOn }
    : { ...common, status: 'returned', return_reason: d.reason };
  const n = await db('office_registrations').where({ id, insurer_no: insurerNo, status: 'pending' }).update(change);
  return n > 0;
}

/** The office ends its registration: no access from `on`. False when it is not the office's open one. */
export async function endRegistration(db: Knex, officeNo: string, id: number, on: IsoDate): Promise<boolean> {
  const n = await db('office_registrations')
    .where({ id, office_no: officeNo })
    .whereIn('status', ['pending', 'active'])
    .update({ status: 'ended', ended_on: on });
  return n > 0;
}

/** A consent row as the office or the city records it (channel and who took it are the caller's, checked before). */
export async function insertConsent(
  db: Knex,
  c: { insuredNo: string; granted: boolean; on: IsoDate; channel: string; officeNo: string | null; userId: number },
): Promise<void> {
  await db('consents').insert({
    insured_no: c.insuredNo,
    granted: c.granted,
    granted_on: c.on,
    channel: c.channel,
    obtained_by_office_no: c.officeNo,
    taken_by_user_id: c.userId,
  });
}
