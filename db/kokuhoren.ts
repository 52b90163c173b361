/**
 * 国保連 outbox export: the queued 受給者異動 (table outbox, kind kokuhoren_beneficiary_change) of one insurer become
 * one batch a day (kokuhoren_batches, the CSV kept as written) in one transaction that assigns them to the batch and
 * marks them sent; a day already exported answers the batch it has, byte for byte. Every query takes the insurer.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { CareLevel, IsoDate } from '../domain/certification/types';
import {
  beneficiaryRecordOf,
  buildBatch,
  contentOf,
  kokuhorenCsv,
  recordKey,
  type BeneficiaryRecord,
  type PersonSnapshot,
} from '../domain/kokuhoren/beneficiary-change';
import type { BenefitRestriction, BenefitRestrictionKind } from '../domain/register/benefit-restriction';

export const BENEFICIARY_CHANGE_KIND = 'kokuhoren_beneficiary_change';

export interface KokuhorenBatchRow {
  id: number;
  insurer_no: string;
  batch_date: string;
  record_count: number;
  correction_count: number;
  sha256: string;
  created_by: string;
  created_at: string;
}

const BATCH_COLUMNS = [
  'id',
  'insurer_no',
  'batch_date',
  'record_count',
  'correction_count',
  'sha256',
  'created_by',
  'created_at',
];

/** Queues a 受給者異動 once per id (a register change: 給付制限, 負担割合, 資格喪失), inside the caller's transaction. */
export async function enqueueBeneficiaryChange(
  db: Knex,
  m: { id: string; insurerNo: string; payload: Record<string, unknown>; createdAt: string },
): Promise<void> {
  await db('outbox')
    .insert({
      id: m.id,
      kind: BENEFICIARY_CHANGE_KIND,
      insurer_no: m.insurerNo,
      payload_json: JSON.stringify({ ...m.payload, insurerNo: m.insurerNo }),
      created_at: m.createdAt,
    })
    .onConflict('id')
    .ignore();
}

/** How many 受給者異動 of the insurer wait for the next export. */
export async function pendingCount(db: Knex, insurerNo: string): Promise<number> {
  const row = await db('outbox')
    .where({ insurer_no: insurerNo, kind: BENEFICIARY_CHANGE_KIND })
    .whereNull('sent_at')
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** The insurer's batches, newest day first (without their content). */
export async function listBatches(db: Knex, insurerNo: string, limit = 100): Promise<KokuhorenBatchRow[]> {
  return db('kokuhoren_batches')
    .where({ insurer_no: insurerNo })
    .orderBy('batch_date', 'desc')
    .limit(limit)
    .select(BATCH_COLUMNS);
}

/** One batch of the insurer with its content, or undefined (another insurer's batch included). */
export async function getBatch(
  db: Knex,
  insurerNo: string,
  id: number,
): Promise<(KokuhorenBatchRow & { content: string }) | undefined> {
  return db('kokuhoren_batches')
    .where({ insurer_no: insurerNo, id })
    .first([...BATCH_COLUMNS, 'content']);
}

/** The batch of a day, if that day was exported. */
export async function batchOfDay(
  db: Knex,
  insurerNo: string,
  batchDate: IsoDate,
): Promise<(KokuhorenBatchRow & { content: string }) | undefined> {
  return db('kokuhoren_batches')
    .where({ insurer_no: insurerNo, batch_date: batchDate })
    .first([...BATCH_COLUMNS, 'content']);
}

/** The records of a batch, in file order (record_json holds the written values). */
export async function batchRecords(db: Knex, insurerNo: string, batchId: number) {
  const rows: { seq: number; outbox_id: string; insured_no: string; correction: string; record_json: string }[] =
    await db('kokuhoren_records')
      .where({ insurer_no: insurerNo, batch_id: batchId })
      .orderBy('seq')
      .select('seq', 'outbox_id', 'insured_no', 'correction', 'record_json');
  return rows;
}

async function snapshotOf(trx: Knex, insurerNo: string, insuredNo: string): Promise<PersonSnapshot | null> {
  const p = await trx('insured_persons as p')
    .leftJoin('offices as o', 'o.office_no', 'p.plan_office_no')
    .where({ 'p.insurer_no': insurerNo, 'p.insured_no': insuredNo })
    .first(
      'p.kana',
      'p.birth_date',
      'p.sex',
      'p.care_level',
      'p.certified_on',
      'p.cert_valid_from',
      'p.cert_valid_to',
      'p.plan_office_no',
      'o.kind as plan_office_kind',
      'p.plan_notified_on',
      'p.copay_ratio',
      'p.copay_valid_from',
      'p.lost_on',
    );
  if (!p) return null;
  const restrictions: { kind: string; valid_from: string; valid_to: string | null }[] = await trx(
    'register_benefit_restrictions',
  )
    .where({ insurer_no: insurerNo, insured_no: insuredNo, voided: false })
    .whereNull('superseded_by')
    .select('kind', 'valid_from', 'valid_to');
  return {
    insurerNo,
    insuredNo,
    kana: p.kana,
    birthDate: p.birth_date,
    sex: String(p.sex),
    careLevel: (p.care_level as CareLevel | null) ?? null,
    certifiedOn: p.certified_on,
    certValidFrom: p.cert_valid_from,
    certValidTo: p.cert_valid_to,
    planOfficeNo: p.plan_office_no,
    planOfficeKind: p.plan_office_kind ?? null,
    planNotifiedOn: p.plan_notified_on,
    copayRatio: p.copay_ratio == null ? null : Number(p.copay_ratio),
    copayValidFrom: p.copay_valid_from,
    restrictions: restrictions.map((r): BenefitRestriction => ({
      kind: r.kind as BenefitRestrictionKind,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    })),
    lostOn: p.lost_on ?? null,
  };
}

/** Marks the rows sent; a row another export marked first rolls the whole export back. */
async function markSent(trx: Knex, ids: string[], at: string): Promise<void> {
  let marked = 0;
  for (let i = 0; i < ids.length; i += 500)
    marked += await trx('outbox')
      .whereIn('id', ids.slice(i, i + 500))
      .whereNull('sent_at')
      .update({ sent_at: at });
  if (marked !== ids.length) throw new ExportRaceError('受給者異動が同時に出力されました');
}

/** Raised when a concurrent export took the same rows; the caller reads the day's batch again. */
class ExportRaceError extends Error {}

/**
 * 一日分の出力: the day's batch when it exists (created false, nothing written); otherwise the unsent 受給者異動 of the
 * insurer queued up to now, as records (domain buildBatch), written as the day's batch with its CSV, and the rows
 * marked sent, all in one transaction. Undefined when there is nothing to send and no batch that day.
 */
export async function exportDay(
  db: Knex,
  input: { insurerNo: string; batchDate: IsoDate; createdBy: string; createdAt: string },
): Promise<{ batch: KokuhorenBatchRow & { content: string }; created: boolean } | undefined> {
  const existing = await batchOfDay(db, input.insurerNo, input.batchDate);
  if (existing) return { batch: existing, created: false };
  try {
    return await db.transaction(async (trx) => {
      const queued: { id: string; payload_json: string }[] = await trx('outbox')
        .where({ insurer_no: input.insurerNo, kind: BENEFICIARY_CHANGE_KIND })
        .whereNull('sent_at')
        .where('created_at', '<=', input.createdAt)
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .select('id', 'payload_json');
      const snapshots = new Map<string, PersonSnapshot | null>();
      const candidates: { outboxId: string; record: BeneficiaryRecord }[] = [];
      for (const row of queued) {
        const payload = JSON.parse(row.payload_json) as Record<string, unknown>;
        const insuredNo = typeof payload.insuredNo === 'string' ? payload.insuredNo : '';
        if (!snapshots.has(insuredNo)) snapshots.set(insuredNo, await snapshotOf(trx, input.insurerNo, insuredNo));
        const person = snapshots.get(insuredNo);
        const record = person ? beneficiaryRecordOf(payload, person) : null;
        if (record) candidates.push({ outboxId: row.id, record });
      }
      if (candidates.length === 0) return undefined;
      const insuredNos = [...new Set(candidates.map((c) => c.record.insuredNo))];
      const sent: { record_key: string; record_json: string; insured_no: string }[] = await trx('kokuhoren_records')
        .where({ insurer_no: input.insurerNo })
        .whereIn('insured_no', insuredNos)
        .orderBy('id')
        .select('record_key', 'record_json', 'insured_no');
      const lastSentByKey = new Map<string, { content: string; changeKind: string }>();
      for (const s of sent) {
        const r = JSON.parse(s.record_json) as BeneficiaryRecord & { changeKind: string };
        lastSentByKey.set(s.record_key, { content: contentOf(r), changeKind: r.changeKind });
      }
      const { records, handled } = buildBatch(candidates, {
        lastSentByKey,
        personsSent: new Set(sent.map((s) => s.insured_no)),
      });
      if (records.length === 0) {
        // Every row repeats what was sent last for its key: nothing to send, the rows count as sent.
        await markSent(trx, handled, input.createdAt);
        return undefined;
      }
      const content = kokuhorenCsv(records);
      const batchRow = {
        insurer_no: input.insurerNo,
        batch_date: input.batchDate,
        record_count: records.length,
        correction_count: records.filter((r) => r.correction === '1').length,
        content,
        sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
        created_by: input.createdBy,
        created_at: input.createdAt,
      };
      const [inserted] = await trx('kokuhoren_batches').insert(batchRow).returning('id');
      const batchId = Number(typeof inserted === 'object' ? inserted.id : inserted);
      if (records.length > 0)
        await trx('kokuhoren_records').insert(
          records.map((r) => {
            const { seq, outboxIds, correction, ...rest } = r;
            return {
              insurer_no: input.insurerNo,
              batch_id: batchId,
              seq,
              outbox_id: outboxIds[outboxIds.length - 1],
              insured_no: r.insuredNo,
              record_key: recordKey(r),
              correction,
              record_json: JSON.stringify(rest),
            };
          }),
        );
      await markSent(trx, handled, input.createdAt);
      return { batch: { ...batchRow, id: batchId }, created: true };
    });
  } catch (err) {
    // Another export of the same day won (unique insurer_no + batch_date) or took the rows: answer its batch.
    const theirs = await batchOfDay(db, input.insurerNo, input.batchDate);
    if (theirs) return { batch: theirs, created: false };
    throw err;
  }
}
