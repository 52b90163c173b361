/**
 * Phase: the register's import (issue 20, 4). Generated core-system files (bench/lib/register-files.ts) for N persons
 * go through the real path, as `npm run import` runs it: RegisterImportService stores the file and starts the
 * register-import workflow on the real bin/worker.js, which checks every row and applies the valid ones chunk by chunk
 * (`via: 'workflow'`). `via: 'activities'` runs the same activities in this process in the workflow's order, without
 * Temporal (the smoke test's way, and the cost of the check and the writes alone). Persons first: the other kinds
 * name a person the register must hold.
 */
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { createRegisterImportActivities } from '../../activities/register-import';
import { RegisterImportService } from '../../web/services/register-import';
import { REGISTER_IMPORT_CHUNK_ROWS, type RegisterImportProgress } from '../../workflows/register-import/messages';
import { generateRegisterFiles, IMPORT_PHASE_KINDS, type ImportPhaseKind } from '../lib/register-files';
import { nowMs, round } from '../lib/stats';
import { log, withCpu, type Stack } from './stack';

export interface ImportKindFigures {
  kind: ImportPhaseKind;
  rows: number;
  applied: number;
  invalid: number;
  /** rows whose import changed the register (all of them in a fresh register) */
  changed: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU ms per row by process (workflow mode: dev server, worker, this process) */
  cpuMsPerRow: Record<string, number>;
  /** activities mode: the check's and the writes' share of the seconds */
  checkSeconds?: number;
  applySeconds?: number;
}

export interface ImportFigures {
  persons: number;
  via: 'workflow' | 'activities';
  fileMb: Record<ImportPhaseKind, number>;
  kinds: ImportKindFigures[];
  /** persons, certifications and certificates (負担割合 + 負担限度額) per second */
  perSecond: { persons: number; certifications: number; certificates: number };
  /** register tables' rows after the import (a check that the rows arrived) */
  registerRows: Record<string, number>;
}

/** Runs the activities as registerImportWorkflow does: check, apply in chunks, finish. */
async function importInProcess(db: Knex, importId: string, today: string, uploadedBy: string) {
  const acts = createRegisterImportActivities({ repos: createRepositories(db) });
  const t0 = nowMs();
  const check = await acts.checkRegisterImport(importId);
  const checkSeconds = (nowMs() - t0) / 1000;
  if (check.failure) throw new Error(`import check failed: ${check.failure}`);
  let applied = 0;
  let changed = 0;
  for (let from = 0; from < check.total; from += REGISTER_IMPORT_CHUNK_ROWS) {
    const done = await acts.applyRegisterImportChunk({
      importId,
      from,
      count: REGISTER_IMPORT_CHUNK_ROWS,
      today,
      uploadedBy,
      appliedBefore: applied,
      changedBefore: changed,
    });
    applied += done.applied;
    changed += done.changed;
  }
  await acts.finishRegisterImport({ importId, applied, changed });
  return {
    applied,
    changed,
    invalid: check.total - check.valid,
    checkSeconds,
    applySeconds: (nowMs() - t0) / 1000 - checkSeconds,
  };
}

export async function runImport(opts: {
  persons: number;
  today: string;
  via: 'workflow' | 'activities';
  /** the app database (and, for `workflow`, the dev server and worker) to import into */
  db: Knex;
  stack?: Stack;
}): Promise<ImportFigures> {
  const { db, today } = opts;
  const uploadedBy = 'bench-import';
  log(`import: generating files for ${opts.persons} persons`);
  const files = generateRegisterFiles(opts.persons, today);
  const repos = createRepositories(db);
  const kinds: ImportKindFigures[] = [];
  for (const kind of IMPORT_PHASE_KINDS) {
    const file = files[kind];
    log(`import: ${kind}, ${file.rows} rows via ${opts.via}`);
    const pids: Record<string, number> = opts.stack
      ? { 'temporal dev server': opts.stack.server.child.pid, 'kaigo worker': opts.stack.kaigoWorker.pid }
      : {};
    const t0 = nowMs();
    const { value, cpuSeconds } = await withCpu(pids, async () => {
      if (opts.via === 'activities') {
        const importId = `bench-${kind}-${Date.now().toString(36)}`;
        await repos.registerImports.createImport({
          id: importId,
          insurerNo: DEMO_INSURER_NO,
          fileName: `${kind}.csv`,
          content: file.csv,
          uploadedBy,
          uploadedAt: new Date().toISOString(),
        });
        return importInProcess(db, importId, today, uploadedBy);
      }
      if (!opts.stack) throw new Error('import via the workflow needs the dev server and worker');
      const service = new RegisterImportService({
        repos,
        client: opts.stack.kaigoClient,
        taskQueue: opts.stack.kaigoQueue,
      });
      const { handle } = await service.start({
        insurerNo: DEMO_INSURER_NO,
        fileName: `${kind}.csv`,
        content: file.csv,
        uploadedBy,
        today,
      });
      const res = (await handle.result()) as RegisterImportProgress;
      if (res.failure) throw new Error(`import of ${kind} failed: ${res.failure}`);
      return { applied: res.applied, changed: res.changed, invalid: res.invalid };
    });
    const seconds = (nowMs() - t0) / 1000;
    const fig: ImportKindFigures = {
      kind,
      rows: file.rows,
      applied: value.applied,
      invalid: value.invalid,
      changed: value.changed,
      seconds: round(seconds, 2),
      rowsPerSecond: round(file.rows / seconds, 0),
      cpuMsPerRow: Object.fromEntries(
        Object.entries(cpuSeconds).map(([k, v]) => [k, round((v * 1000) / Math.max(1, file.rows), 3)]),
      ),
      ...('checkSeconds' in value
        ? { checkSeconds: round(value.checkSeconds, 2), applySeconds: round(value.applySeconds, 2) }
        : {}),
    };
    log(`import: ${kind} ${fig.rows} rows in ${fig.seconds} s = ${fig.rowsPerSecond} rows/s (${fig.invalid} invalid)`);
    kinds.push(fig);
  }
  const rate = (ks: ImportPhaseKind[]) => {
    const sel = kinds.filter((k) => ks.includes(k.kind));
    const secs = sel.reduce((a, k) => a + k.seconds, 0);
    return secs > 0 ? round(sel.reduce((a, k) => a + k.rows, 0) / secs, 0) : 0;
  };
  const count = async (table: string, where: Record<string, unknown> = {}) =>
    Number(((await db(table).where(where).count({ n: '*' }).first()) as { n: number | string }).n);
  return {
    persons: opts.persons,
    via: opts.via,
    fileMb: Object.fromEntries(
      IMPORT_PHASE_KINDS.map((k) => [k, round(Buffer.byteLength(files[k].csv) / 1024 ** 2, 2)]),
    ) as Record<ImportPhaseKind, number>,
    kinds,
    perSecond: {
      persons: rate(['persons']),
      certifications: rate(['certification']),
      certificates: rate(['copay', 'burden_limit']),
    },
    registerRows: {
      insured_persons: await count('insured_persons', { insurer_no: DEMO_INSURER_NO }),
      register_certificates: await count('register_certificates'),
      certified: Number(
        (
          (await db('insured_persons')
            .where({ insurer_no: DEMO_INSURER_NO })
            .whereNotNull('certified_on')
            .count({ n: '*' })
            .first()) as { n: number | string }
        ).n,
      ),
    },
  };
}
