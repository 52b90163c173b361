/**
 * 取込 activities: check every row of an uploaded file (header, each column, the person known to the register) and
 * store the row errors with their line numbers; then apply the valid rows chunk by chunk. Both are idempotent: the
 * check replaces its errors, applying a row already applied changes nothing.
 */
import type { Repositories } from '../db';
import type { IsoDate } from '../domain/certification/types';
import { parseCsv, type CsvRecord } from '../domain/register/csv';
import {
  checkImportRow,
  IMPORT_LAYOUTS,
  importKindOf,
  type ImportKind,
  type ImportRecord,
} from '../domain/register/import-layout';

/** The check's outcome, as the workflow reports it. */
export interface ImportCheck {
  kind: ImportKind | null;
  total: number;
  valid: number;
  failure: string | null;
}

type Checked = { line: number; record: ImportRecord } | { line: number; errors: { column: string; message: string }[] };

type CheckedFile = { insurerNo: string; kind: ImportKind | null; rows: Checked[]; failure: string | null };

/** Parses and checks every data row; rows of unknown persons are errors unless the file is a persons file. */
async function checkFile(repos: Repositories, importId: string): Promise<CheckedFile> {
  const { insurerNo, content } = await repos.registerImports.importContent(importId);
  let records: CsvRecord[];
  try {
    records = parseCsv(content);
  } catch (err) {
    return { insurerNo, kind: null, rows: [], failure: (err as Error).message };
  }
  if (records.length === 0) return { insurerNo, kind: null, rows: [], failure: 'ファイルが空です' };
  const kind = importKindOf(records[0].fields);
  if (!kind) {
    const layouts = Object.values(IMPORT_LAYOUTS).map((l) => `${l.label}: ${l.columns.join(',')}`);
    return {
      insurerNo,
      kind: null,
      rows: [],
      failure: `1行目の見出しがどの様式とも一致しません（${layouts.join(' ／ ')}）`,
    };
  }
  const rows: Checked[] = records.slice(1).map((r) => ({ line: r.line, ...checkImportRow(kind, r.fields) }));
  if (kind === 'service_record') {
    const offices = [
      ...new Set(rows.flatMap((r) => ('record' in r && r.record.kind === 'service_record' ? [r.record.officeNo] : []))),
    ];
    const knownOffices = await repos.registerImports.existingOfficeNos(offices);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if ('record' in r && r.record.kind === 'service_record' && !knownOffices.has(r.record.officeNo))
        rows[i] = {
          line: r.line,
          errors: [{ column: '事業所番号', message: `事業所番号 ${r.record.officeNo} は登録されていません` }],
        };
    }
  }
  if (kind !== 'persons') {
    const nos = [...new Set(rows.flatMap((r) => ('record' in r ? [r.record.insuredNo] : [])))];
    const known = await repos.registerImports.existingInsuredNos(insurerNo, nos);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if ('record' in r && !known.has(r.record.insuredNo))
        rows[i] = {
          line: r.line,
          errors: [{ column: '被保険者番号', message: `被保険者番号 ${r.record.insuredNo} は台帳にありません` }],
        };
    }
  }
  return { insurerNo, kind, rows, failure: null };
}

/** How many checked files a worker keeps: a run's chunks reuse its check instead of parsing the file again. */
const CHECKED_FILES_KEPT = 4;

export function createRegisterImportActivities({ repos }: { repos: Repositories }) {
  // The checked rows of the latest imports on this worker (a file never changes once stored). Another worker, or this
  // one after a restart, checks the file again: the cache only saves work, it is never needed for correctness.
  const checked = new Map<string, Promise<CheckedFile>>();
  const checkedFile = (importId: string, fresh: boolean): Promise<CheckedFile> => {
    let p = fresh ? undefined : checked.get(importId);
    if (!p) {
      p = checkFile(repos, importId);
      checked.delete(importId);
      checked.set(importId, p);
      p.catch(() => checked.delete(importId));
      while (checked.size > CHECKED_FILES_KEPT) checked.delete(checked.keys().next().value as string);
    }
    return p;
  };
  return {
    /** 取込の検査: every row checked, the errors stored with their line numbers. */
    async checkRegisterImport(importId: string): Promise<ImportCheck> {
      const { kind, rows, failure } = await checkedFile(importId, true);
      const errors = rows.flatMap((r) => ('errors' in r ? r.errors.map((e) => ({ line: r.line, ...e })) : []));
      const valid = rows.filter((r) => 'record' in r).length;
      await repos.registerImports.saveImportCheck(importId, {
        kind,
        total: rows.length,
        valid,
        errors: failure ? [{ line: 1, column: '', message: failure }] : errors,
        failure,
      });
      return { kind, total: rows.length, valid, failure };
    },

    /**
     * 取込の反映: the valid rows among data rows [from, from + count) applied; records the running totals given
     * (so a retried chunk does not count twice). Returns how many rows it applied and how many changed something.
     */
    async applyRegisterImportChunk(input: {
      importId: string;
      from: number;
      count: number;
      today: IsoDate;
      uploadedBy: string;
      appliedBefore: number;
      changedBefore: number;
    }): Promise<{ applied: number; changed: number }> {
      const { insurerNo, rows } = await checkedFile(input.importId, false);
      const records = rows
        .slice(input.from, input.from + input.count)
        .flatMap((r) => ('record' in r ? [r.record] : []));
      const changed = await repos.registerImports.applyImportRecords(insurerNo, records, {
        recordedBy: input.uploadedBy,
        recordedAt: new Date().toISOString(),
        today: input.today,
        reason: `基幹システムからの取込（${input.importId}）`,
      });
      await repos.registerImports.setImportProgress(input.importId, {
        applied: input.appliedBefore + records.length,
        changed: input.changedBefore + changed,
      });
      return { applied: records.length, changed };
    },

    /** 取込の完了: the final totals and the end time. */
    async finishRegisterImport(input: { importId: string; applied: number; changed: number }): Promise<void> {
      await repos.registerImports.setImportProgress(input.importId, {
        applied: input.applied,
        changed: input.changed,
        finishedAt: new Date().toISOString(),
      });
    },
  };
}
