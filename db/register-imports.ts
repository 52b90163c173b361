/**
 * 基幹システムからの取込: the uploaded files, their progress and row errors, and applying checked rows to the register
 * (persons upserted with the history of each changed field; certificates through db/register.ts). Applying the same
 * rows again changes nothing, so an activity retried after a crash is harmless. Every query takes the insurer.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/certification/types';
import { compareDates } from '../domain/dates';
import type {
  CertificationImport,
  ImportKind,
  ImportRecord,
  PersonImport,
  ServiceRecordImport,
} from '../domain/register/import-layout';
import { lapseDate } from '../domain/registration/rules';
import { recordCertificate, recordUsage } from './register';

export interface ImportRow {
  id: string;
  insurer_no: string;
  file_name: string;
  kind: ImportKind | null;
  status: 'validating' | 'applying' | 'done' | 'failed';
  failure: string | null;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  applied_rows: number;
  changed_rows: number;
  uploaded_by: string | null;
  uploaded_at: string;
  finished_at: string | null;
}

const SUMMARY = [
  'id',
  'insurer_no',
  'file_name',
  'kind',
  'status',
  'failure',
  'total_rows',
  'valid_rows',
  'invalid_rows',
  'applied_rows',
  'changed_rows',
  'uploaded_by',
  'uploaded_at',
  'finished_at',
];

/** Stores an uploaded file; the same id twice keeps the first. */
export async function createImport(
  db: Knex,
  input: { id: string; insurerNo: string; fileName: string; content: string; uploadedBy: string; uploadedAt: string },
): Promise<void> {
  await db('register_imports')
    .insert({
      id: input.id,
      insurer_no: input.insurerNo,
      file_name: input.fileName,
      content: input.content,
      status: 'validating',
      uploaded_by: input.uploadedBy,
      uploaded_at: input.uploadedAt,
    })
    .onConflict('id')
    .ignore();
}

/** The file of an import, for the activities. */
export async function importContent(db: Knex, id: string): Promise<{ insurerNo: string; content: string }> {
  const row = await db('register_imports').where({ id }).first('insurer_no', 'content');
  if (!row) throw new Error(`取込 ${id} がありません`);
  return { insurerNo: row.insurer_no, content: row.content };
}

/** An import of the insurer (undefined for another's). */
export async function getImport(db: Knex, insurerNo: string, id: string): Promise<ImportRow | undefined> {
  return db('register_imports').where({ id, insurer_no: insurerNo }).first(SUMMARY);
}

/** The insurer's imports, newest first. */
export async function listImports(db: Knex, insurerNo: string, limit = 50): Promise<ImportRow[]> {
  return db('register_imports')
    .where({ insurer_no: insurerNo })
    .orderBy('uploaded_at', 'desc')
    .limit(limit)
    .select(SUMMARY);
}

/** Row errors of an import of the insurer, by line. */
export async function importErrors(
  db: Knex,
  insurerNo: string,
  id: string,
  limit = 1000,
): Promise<{ line: number; column_name: string | null; message: string }[]> {
  return db('register_import_errors as e')
    .join('register_imports as i', 'i.id', 'e.import_id')
    .where({ 'e.import_id': id, 'i.insurer_no': insurerNo })
    .orderBy([{ column: 'e.line' }, { column: 'e.id' }])
    .limit(limit)
    .select('e.line', 'e.column_name', 'e.message');
}

/** The check's outcome: replaces any earlier errors of the import (a retried check writes them once). */
export async function saveImportCheck(
  db: Knex,
  id: string,
  check: {
    kind: ImportKind | null;
    total: number;
    valid: number;
    errors: { line: number; column: string; message: string }[];
    failure: string | null;
  },
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('register_import_errors').where({ import_id: id }).delete();
    const rows = check.errors.map((e) => ({
      import_id: id,
      line: e.line,
      column_name: e.column || null,
      message: e.message,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx('register_import_errors').insert(rows.slice(i, i + 200));
    await trx('register_imports')
      .where({ id })
      .update({
        kind: check.kind,
        total_rows: check.total,
        valid_rows: check.valid,
        invalid_rows: check.total - check.valid,
        status: check.failure ? 'failed' : 'applying',
        failure: check.failure,
      });
  });
}

/** Progress after a chunk (absolute counts, so a retried chunk does not count twice), or the end. */
export async function setImportProgress(
  db: Knex,
  id: string,
  p: { applied: number; changed: number; finishedAt?: string },
): Promise<void> {
  await db('register_imports')
    .where({ id })
    .update({
      applied_rows: p.applied,
      changed_rows: p.changed,
      ...(p.finishedAt ? { status: 'done', finished_at: p.finishedAt } : {}),
    });
}

/** Which of these 被保険者番号 the insurer's register holds. */
export async function existingInsuredNos(db: Knex, insurerNo: string, insuredNos: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < insuredNos.length; i += 500) {
    const rows: { insured_no: string }[] = await db('insured_persons')
      .where('insurer_no', insurerNo)
      .whereIn('insured_no', insuredNos.slice(i, i + 500))
      .select('insured_no');
    for (const r of rows) found.add(r.insured_no);
  }
  return found;
}

/** Which of these 事業所番号 are known offices. */
export async function existingOfficeNos(db: Knex, officeNos: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < officeNos.length; i += 500) {
    const rows: { office_no: string }[] = await db('offices')
      .whereIn('office_no', officeNos.slice(i, i + 500))
      .select('office_no');
    for (const r of rows) found.add(r.office_no);
  }
  return found;
}

const PERSON_FIELDS: [keyof PersonImport, string][] = [
  ['name', 'name'],
  ['kana', 'kana'],
  ['birthDate', 'birth_date'],
  ['sex', 'sex'],
  ['postalCode', 'postal_code'],
  ['address', 'address'],
  ['insuredCategory', 'insured_category'],
  ['status', 'status'],
];

/** Applies checked rows: returns how many changed something (the others were already so). */
export async function applyImportRecords(
  db: Knex,
  insurerNo: string,
  records: ImportRecord[],
  by: { recordedBy: string; recordedAt: string; today: IsoDate; reason: string },
): Promise<number> {
  // One transaction a chunk: one commit (and fsync) instead of one a row; a failed chunk is retried whole.
  return db.transaction(async (trx) => {
    let changed = 0;
    let lapseMonths: number | null = null;
    for (const r of records) {
      if (r.kind === 'persons') {
        if (await upsertPerson(trx, insurerNo, r, by)) changed++;
      } else if (r.kind === 'certification') {
        if (await applyCertificationRecord(trx, insurerNo, r, by)) changed++;
      } else if (r.kind === 'usage') {
        const done = await recordUsage(trx, {
          insurerNo,
          insuredNo: r.insuredNo,
          entryNo: r.entryNo,
          kind: r.usageKind,
          usedOn: r.usedOn,
          amountYen: r.amountYen,
          careLevel: r.careLevel,
          dwelling: r.dwelling,
          description: r.description,
          voided: r.voided,
          reason: by.reason,
          source: 'import',
          recordedBy: by.recordedBy,
          recordedAt: by.recordedAt,
        });
        if (done.changed) changed++;
      } else if (r.kind === 'service_record') {
        lapseMonths ??= await insurerLapseMonths(trx, insurerNo);
        if (await applyServiceRecord(trx, insurerNo, r, lapseMonths, by)) changed++;
      } else {
        const did = await recordCertificate(trx, {
          insurerNo,
          insuredNo: r.insuredNo,
          kind: r.kind,
          value: r.value,
          validFrom: r.validFrom,
          validTo: r.validTo,
          reason: by.reason,
          source: 'import',
          recordedBy: by.recordedBy,
          recordedAt: by.recordedAt,
          today: by.today,
        });
        if (did) changed++;
      }
    }
    return changed;
  });
}

async function upsertPerson(
  db: Knex,
  insurerNo: string,
  p: PersonImport,
  by: { recordedBy: string; recordedAt: string; reason: string },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await trx('insured_persons').where({ insured_no: p.insuredNo }).first();
    if (current && current.insurer_no !== insurerNo)
      throw new Error(`被保険者番号 ${p.insuredNo} は別の保険者のものです`);
    const values = Object.fromEntries(PERSON_FIELDS.map(([from, to]) => [to, p[from]]));
    const diff = PERSON_FIELDS.filter(
      ([, col]) => !current || String(current[col] ?? '') !== String(values[col] ?? ''),
    );
    if (current && diff.length === 0) return false;
    if (current)
      await trx('insured_persons')
        .where({ insured_no: p.insuredNo })
        .update({ ...values, updated_at: by.recordedAt });
    else
      await trx('insured_persons').insert({
        ...values,
        insured_no: p.insuredNo,
        insurer_no: insurerNo,
        updated_at: by.recordedAt,
      });
    await trx('register_person_changes').insert(
      diff.map(([, col]) => ({
        insurer_no: insurerNo,
        insured_no: p.insuredNo,
        field: col,
        before: current ? (current[col] ?? null) : null,
        after: values[col] ?? null,
        reason: by.reason,
        source: 'import',
        recorded_by: by.recordedBy,
        recorded_at: by.recordedAt,
      })),
    );
    return true;
  });
}

/** Writes the changed columns of an existing person and one register_person_changes row per changed column. */
async function updatePersonColumns(
  trx: Knex,
  insurerNo: string,
  insuredNo: string,
  values: Record<string, string | number | null>,
  by: { recordedBy: string; recordedAt: string; reason: string },
): Promise<boolean> {
  const current = await trx('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
  if (!current) return false;
  const diff = Object.keys(values).filter((col) => String(current[col] ?? '') !== String(values[col] ?? ''));
  if (diff.length === 0) return false;
  await trx('insured_persons')
    .where({ insured_no: insuredNo, insurer_no: insurerNo })
    .update({ ...Object.fromEntries(diff.map((c) => [c, values[c]])), updated_at: by.recordedAt });
  await trx('register_person_changes').insert(
    diff.map((col) => ({
      insurer_no: insurerNo,
      insured_no: insuredNo,
      field: col,
      before: current[col] ?? null,
      after: values[col] ?? null,
      reason: by.reason,
      source: 'import',
      recorded_by: by.recordedBy,
      recorded_at: by.recordedAt,
    })),
  );
  return true;
}

/**
 * 認定（基幹システムで決定済み）: becomes the person's current certification unless the register already holds a later
 * one (a certification kaigo-flow decided after it, or a later row of the same file history). The same row twice
 * changes nothing.
 */
async function applyCertificationRecord(
  trx: Knex,
  insurerNo: string,
  r: CertificationImport,
  by: { recordedBy: string; recordedAt: string; reason: string },
): Promise<boolean> {
  const current = await trx('insured_persons')
    .where({ insured_no: r.insuredNo, insurer_no: insurerNo })
    .first('cert_valid_from', 'certified_on');
  if (!current) return false;
  const currentStart: string | null = current.cert_valid_from ?? current.certified_on ?? null;
  const start = r.validFrom ?? r.certifiedOn;
  if (currentStart && compareDates(start, currentStart) < 0) return false;
  return updatePersonColumns(
    trx,
    insurerNo,
    r.insuredNo,
    {
      care_level: r.careLevel,
      certified_on: r.certifiedOn,
      cert_valid_from: r.validFrom,
      cert_valid_to: r.validTo,
      board_opinion: r.boardOpinion || null,
      service_type_restriction: r.serviceTypeRestriction || null,
    },
    by,
  );
}

async function insurerLapseMonths(trx: Knex, insurerNo: string): Promise<number> {
  const row = await trx('insurers').where({ insurer_no: insurerNo }).first('registration_lapse_months');
  return Number(row?.registration_lapse_months ?? 6);
}

/**
 * 給付実績: recorded once per (person, office, month); the office's active registration for the person takes the
 * month's first day as its last 給付実績 when it is later than the one it has, and its 失効日 moves with it
 * (domain/registration/rules.ts lapseDate). Returns whether anything changed.
 */
async function applyServiceRecord(
  trx: Knex,
  insurerNo: string,
  r: ServiceRecordImport,
  lapseMonths: number,
  by: { recordedBy: string; recordedAt: string },
): Promise<boolean> {
  const key = { insurer_no: insurerNo, insured_no: r.insuredNo, office_no: r.officeNo, service_month: r.serviceMonth };
  const seen = await trx('register_service_records').where(key).first('id');
  if (seen) return false;
  await trx('register_service_records').insert({
    ...key,
    source: 'import',
    recorded_by: by.recordedBy,
    recorded_at: by.recordedAt,
  });
  const served = `${r.serviceMonth}-01`;
  const regs: { id: number; effective_on: string | null; last_served_on: string | null }[] = await trx(
    'office_registrations',
  )
    .where({ insurer_no: insurerNo, insured_no: r.insuredNo, office_no: r.officeNo, status: 'active' })
    .select('id', 'effective_on', 'last_served_on');
  for (const reg of regs) {
    if (!reg.effective_on) continue;
    if (reg.last_served_on && compareDates(reg.last_served_on, served) >= 0) continue;
    await trx('office_registrations')
      .where({ id: reg.id, insurer_no: insurerNo })
      .update({
        last_served_on: served,
        lapses_on: lapseDate({ effectiveOn: reg.effective_on, lastServedOn: served, months: lapseMonths }),
      });
  }
  return true;
}
