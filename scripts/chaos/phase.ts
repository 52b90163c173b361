/**
 * One phase of the fault runner: cases driven while a fault is injected, then each case judged against the control
 * case (the first case this runner drove, before any fault).
 */
import type { Client } from '@temporalio/client';
import { caseFootprints, type CaseFootprint } from '../../db/integrity';
import type { CertificationService } from '../../web/services/certification';
import { caseHistory, driveCases } from './cases';
import { judgeCase, type CaseHistory } from './judge';

export interface Row {
  fault: string;
  cases: number;
  faults: number;
  lost: number;
  doubled: number;
  stuck: number;
  failed: number;
  /** SQLITE_BUSY errors the worker logged (and retried) during the phase: the lock did bite */
  busyErrors: number;
  seconds: number;
  notes: string[];
}

export function emptyRow(fault: string, cases: number): Row {
  return { fault, cases, faults: 0, lost: 0, doubled: 0, stuck: 0, failed: 0, busyErrors: 0, seconds: 0, notes: [] };
}

/** Runs `count` cases while `inject` causes faults (it returns how many), then counts what went wrong. */
export type Phase = (fault: string, count: number, inject: (running: () => boolean) => Promise<number>) => Promise<Row>;

export function phaseRunner(ctx: {
  service: CertificationService;
  client: Client;
  db: Parameters<typeof caseFootprints>[0];
  insurerNo: string;
  today: string;
  concurrency: number;
  /** the first case number to use */
  from: number;
  stuckAfterS: number;
  /** the worker processes' output so far (SQLITE_BUSY is counted in it) */
  workerLog: () => string;
  log: (line: string) => void;
}): Phase {
  let next = ctx.from;
  let control: { footprint: CaseFootprint; history: CaseHistory } | null = null;
  return async (fault, count, inject) => {
    const started = Date.now();
    const logFrom = ctx.workerLog().length;
    let driving = true;
    let faultsOver: number | null = null;
    const drive = driveCases({
      ...ctx,
      tag: 'C',
      from: next,
      count,
      deadline: () => (faultsOver === null ? Infinity : faultsOver + ctx.stuckAfterS * 1000),
    }).finally(() => (driving = false));
    const faults = await inject(() => driving);
    faultsOver = Date.now();
    const driven = await drive;
    next += count;
    const histories = await Promise.all(driven.workflowIds.map((id) => caseHistory(ctx.client, id)));
    const footprints = await caseFootprints(ctx.db, driven.workflowIds);
    control ??= { footprint: footprints[0], history: histories[0] };
    const verdicts = footprints.map((f, i) => judgeCase(control!, f, histories[i]));
    const n = (v: string) => verdicts.filter((x) => x.verdict === v).length;
    const row: Row = {
      ...emptyRow(fault, count),
      faults,
      lost: n('lost') + driven.unfinished.filter((u) => u.workflowId === null).length,
      doubled: n('doubled'),
      stuck: n('stuck'),
      busyErrors: ctx.workerLog().slice(logFrom).split('SQLITE_BUSY').length - 1,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      notes: [
        ...verdicts.filter((v) => v.verdict !== 'ok').map((v) => `${v.workflowId} ${v.verdict}: ${v.why.join('; ')}`),
        ...driven.unfinished.map((u) => `${u.workflowId ?? '(not started)'} unfinished: ${u.error}`),
      ],
    };
    // a case that never finished but whose rows and history look whole still failed
    row.failed = Math.max(0, driven.unfinished.length - row.lost - row.stuck);
    ctx.log(`${fault}: ${JSON.stringify({ ...row, notes: row.notes.length, retries: driven.retries })}`);
    for (const note of row.notes.slice(0, 10)) ctx.log(`  ${note}`);
    return row;
  };
}
