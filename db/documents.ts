/**
 * 認定調査票 and 主治医意見書 records (domain/documents): the current record per case and kind (draft or completed),
 * and the completed versions. Every read and write takes the insurer: another insurer's case has no documents here.
 */
import type { Knex } from 'knex';
import type { DocumentValues } from '../domain/documents/items';

/** survey = 認定調査票, opinion = 主治医意見書. */
export type DocumentKind = 'survey' | 'opinion';
/** How an opinion arrived: keyed in from paper, sent online by the doctor, brought by the applicant at intake. */
export type OpinionSource = 'paper' | 'online' | 'intake';

export interface DocumentRow {
  id: number;
  insurer_no: string;
  workflow_id: string;
  doc_kind: DocumentKind;
  form_version: string;
  status: 'draft' | 'completed';
  version: number;
  values_json: string;
  source: OpinionSource | null;
  updated_by: string;
  updated_at: string;
  completed_by: string | null;
  completed_at: string | null;
  fed_at: string | null;
}

export interface DocumentVersionRow {
  version: number;
  form_version: string;
  values_json: string;
  completed_by: string;
  completed_at: string;
}

/** The case's record of one kind, or undefined. */
export async function getDocument(
  db: Knex,
  insurerNo: string,
  workflowId: string,
  kind: DocumentKind,
): Promise<DocumentRow | undefined> {
  return db('case_documents').where({ insurer_no: insurerNo, workflow_id: workflowId, doc_kind: kind }).first();
}

/** Both records of a case (those that exist). */
export async function documentsOf(db: Knex, insurerNo: string, workflowId: string): Promise<DocumentRow[]> {
  return db('case_documents').where({ insurer_no: insurerNo, workflow_id: workflowId }).orderBy('doc_kind', 'desc');
}

/** What a save writes. */
export interface DocumentWrite {
  insurerNo: string;
  workflowId: string;
  kind: DocumentKind;
  formVersion: string;
  values: DocumentValues;
  source?: OpinionSource | null;
  by: string;
  at: string;
}

/**
 * Saves a draft. A completed record is not put back to draft (false then): a correction is completed again
 * (completeDocument), which keeps the version read before.
 */
export async function saveDraft(db: Knex, w: DocumentWrite): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await getDocument(trx, w.insurerNo, w.workflowId, w.kind);
    if (current?.status === 'completed') return false;
    const row = {
      form_version: w.formVersion,
      status: 'draft',
      values_json: JSON.stringify(w.values),
      source: w.source ?? null,
      updated_by: w.by,
      updated_at: w.at,
    };
    if (current) await trx('case_documents').where({ id: current.id }).update(row);
    else
      await trx('case_documents').insert({
        ...row,
        insurer_no: w.insurerNo,
        workflow_id: w.workflowId,
        doc_kind: w.kind,
      });
    return true;
  });
}

/** Completes the record (first time or a correction): the values become version n+1, and every version is kept. */
export async function completeDocument(db: Knex, w: DocumentWrite): Promise<DocumentRow> {
  return db.transaction(async (trx) => {
    const current = await getDocument(trx, w.insurerNo, w.workflowId, w.kind);
    const values_json = JSON.stringify(w.values);
    const row = {
      form_version: w.formVersion,
      status: 'completed',
      values_json,
      source: w.source ?? current?.source ?? null,
      updated_by: w.by,
      updated_at: w.at,
      completed_by: w.by,
      completed_at: w.at,
      version: (current?.version ?? 0) + 1,
    };
    if (current) await trx('case_documents').where({ id: current.id }).update(row);
    else
      await trx('case_documents').insert({
        ...row,
        insurer_no: w.insurerNo,
        workflow_id: w.workflowId,
        doc_kind: w.kind,
      });
    // read back by the unique key: the id of an insert is returned differently by SQLite and PostgreSQL
    const saved = (await getDocument(trx, w.insurerNo, w.workflowId, w.kind)) as DocumentRow;
    await trx('case_document_versions').insert({
      document_id: saved.id,
      version: row.version,
      form_version: w.formVersion,
      values_json,
      completed_by: w.by,
      completed_at: w.at,
    });
    return saved;
  });
}

/** Marks a completed record as having reached the case (its Update was accepted). */
export async function markFed(db: Knex, insurerNo: string, id: number, at: string): Promise<void> {
  await db('case_documents').where({ insurer_no: insurerNo, id }).update({ fed_at: at });
}

/** The completed versions of a record, newest first. */
export async function documentVersions(db: Knex, insurerNo: string, id: number): Promise<DocumentVersionRow[]> {
  return db('case_document_versions as v')
    .join('case_documents as d', 'd.id', 'v.document_id')
    .where({ 'd.insurer_no': insurerNo, 'v.document_id': id })
    .orderBy('v.version', 'desc')
    .select('v.version', 'v.form_version', 'v.values_json', 'v.completed_by', 'v.completed_at');
}

/** One corrected item as stored. */
export interface DocumentCorrectionRow {
  id: number;
  version: number;
  item_key: string;
  previous_json: string;
  value_json: string;
  reason: string;
  corrected_by: string;
  corrected_at: string;
}

/**
 * A correction of a completed record: the corrected values become the next completed version, and the item's
 * previous and new value, the reason, who and when are kept with it, in one transaction.
 */
export async function correctDocument(
  db: Knex,
  w: DocumentWrite & { itemKey: string; previous: unknown; next: unknown; reason: string },
): Promise<DocumentRow> {
  return db.transaction(async (trx) => {
    const saved = await completeDocument(trx, w);
    await trx('case_document_corrections').insert({
      insurer_no: w.insurerNo,
      document_id: saved.id,
      version: saved.version,
      item_key: w.itemKey,
      previous_json: JSON.stringify(w.previous),
      value_json: JSON.stringify(w.next),
      reason: w.reason,
      corrected_by: w.by,
      corrected_at: w.at,
    });
    return saved;
  });
}

/** The corrections of a record, oldest first. */
export async function documentCorrections(
  db: Knex,
  insurerNo: string,
  documentId: number,
): Promise<DocumentCorrectionRow[]> {
  return db('case_document_corrections')
    .where({ insurer_no: insurerNo, document_id: documentId })
    .orderBy('id')
    .select('id', 'version', 'item_key', 'previous_json', 'value_json', 'reason', 'corrected_by', 'corrected_at');
}
