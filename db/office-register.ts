/**
 * 事業所台帳: offices with their 指定サービス種別, per insurer, and the insurer's versions of the office filing rule
 * (rule_versions, rule_set 'office_filing'). Who may see a person through an office lives in offices.ts, not here.
 */
import type { Knex } from 'knex';
import {
  DEFAULT_OFFICE_FILING_VERSIONS,
  type OfficeFilingRules,
  type OfficeFilingVersion,
} from '../domain/offices/filing';

export interface OfficeRecord {
  office_no: string;
  insurer_no: string;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  service_types: string[];
}

export interface OfficeInput {
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  serviceTypes: string[];
}

async function withTypes(db: Knex, rows: Omit<OfficeRecord, 'service_types'>[]): Promise<OfficeRecord[]> {
  const nos = rows.map((r) => r.office_no);
  const types: { office_no: string; service_type: string }[] = nos.length
    ? await db('office_service_types').whereIn('office_no', nos).orderBy('service_type')
    : [];
  return rows.map((r) => ({
    ...r,
    service_types: types.filter((t) => t.office_no === r.office_no).map((t) => t.service_type),
  }));
}

const COLUMNS = ['office_no', 'insurer_no', 'name', 'kind', 'address', 'phone'] as const;

/** The insurer's offices in 事業所番号 order, with their service types. */
export async function listOffices(db: Knex, insurerNo: string): Promise<OfficeRecord[]> {
  return withTypes(db, await db('offices').where({ insurer_no: insurerNo }).orderBy('office_no').select(COLUMNS));
}

/** One office of the insurer; another insurer's is not found. */
export async function findOffice(db: Knex, insurerNo: string, officeNo: string): Promise<OfficeRecord | undefined> {
  const row = await db('offices').where({ insurer_no: insurerNo, office_no: officeNo }).first(COLUMNS);
  return row ? (await withTypes(db, [row]))[0] : undefined;
}

/** An office's service types (the office's own session: its number comes from the login). */
export async function serviceTypesOf(db: Knex, officeNo: string): Promise<string[]> {
  const rows: { service_type: string }[] = await db('office_service_types').where({ office_no: officeNo });
  return rows.map((r) => r.service_type);
}

/** Whether the number is taken by any insurer's office (事業所番号 is national). */
export async function officeNoTaken(db: Knex, officeNo: string): Promise<boolean> {
  return (await db('offices').where({ office_no: officeNo }).first('office_no')) != null;
}

async function replaceTypes(trx: Knex.Transaction, officeNo: string, types: string[]) {
  await trx('office_service_types').where({ office_no: officeNo }).delete();
  if (types.length)
    await trx('office_service_types').insert(types.map((service_type) => ({ office_no: officeNo, service_type })));
}

export async function createOffice(db: Knex, insurerNo: string, officeNo: string, o: OfficeInput): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('offices').insert({
      office_no: officeNo,
      insurer_no: insurerNo,
      name: o.name,
      kind: o.kind,
      address: o.address,
      phone: o.phone,
    });
    await replaceTypes(trx, officeNo, o.serviceTypes);
  });
}

/** Updates the insurer's office; false when it is not the insurer's. */
export async function updateOffice(db: Knex, insurerNo: string, officeNo: string, o: OfficeInput): Promise<boolean> {
  return db.transaction(async (trx) => {
    const n = await trx('offices')
      .where({ insurer_no: insurerNo, office_no: officeNo })
      .update({ name: o.name, kind: o.kind, address: o.address, phone: o.phone });
    if (!n) return false;
    await replaceTypes(trx, officeNo, o.serviceTypes);
    return true;
  });
}

/** The office filing rule's versions for an insurer: the defaults overlaid with its own. */
export async function officeFilingVersions(db: Knex, insurerNo: string): Promise<OfficeFilingVersion[]> {
  const rows: { effective_from: string; rules_json: string }[] = await db('rule_versions')
    .where({ insurer_no: insurerNo, rule_set: 'office_filing' })
    .orderBy('effective_from')
    .select('effective_from', 'rules_json');
  return [
    ...DEFAULT_OFFICE_FILING_VERSIONS,
    ...rows.map((r) => ({
      effectiveFrom: r.effective_from,
      rules: JSON.parse(r.rules_json) as Partial<OfficeFilingRules>,
    })),
  ];
}

/**
 * The insurer's registered 医療機関 that can receive a 意見書依頼 online: designated medical_institution with at least
 * one active doctor account. By name.
 */
export async function medicalInstitutions(db: Knex, insurerNo: string): Promise<{ office_no: string; name: string }[]> {
  return db('offices as o')
    .join('office_service_types as t', 't.office_no', 'o.office_no')
    .where({ 'o.insurer_no': insurerNo, 't.service_type': 'medical_institution' })
    .whereExists((q) =>
      q
        .select(1)
        .from('users as u')
        .whereRaw('u.office_no = o.office_no')
        .where({ 'u.role': 'doctor', 'u.active': true }),
    )
    .orderBy('o.name')
    .select('o.office_no', 'o.name');
}
