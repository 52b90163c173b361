/**
 * `npm run chaos [-- --cases 100 --kills 5]`: certification cases run to their decision while the worker is SIGKILLed
 * and restarted, the Temporal dev server restarted, the app database locked, and the web process killed mid-POST; then
 * every case is counted as ok, lost, doubled or stuck (scripts/chaos/cases.ts). Writes its figures to
 * bench/results/chaos-<time>.json, prints a Markdown table and exits non-zero when anything was not ok.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addBenchPersons, kaigoDriver } from '../bench/lifecycle';
import { sleep } from '../bench/lib/stats';
import { loadConfig } from '../config';
import { projectRoot } from '../config/paths';
import { createRepositories } from '../db';
import { openDatabase } from '../db/connection';
import { caseFootprints, holdWriteLock } from '../db/integrity';
import { DEMO_INSURER_NO } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';
import { CertificationService } from '../web/services/certification';
import { connectTemporal } from '../web/temporal';
import { caseHistory, driveCases } from './chaos/cases';
import { judgeCase, type CaseHistory } from './chaos/judge';
import { startChaosSystem } from './chaos/system';
import { webKillTrial } from './chaos/web-kill';
import type { CaseFootprint } from '../db/integrity';

interface Row {
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

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '20' },
    kills: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '5' },
    'server-restarts': { type: 'string', default: '1' },
    'lock-ms': { type: 'string', default: '7000' },
    'web-kills': { type: 'string', default: '2' },
    /** how long cases may take to finish once the faults are over before they count as stuck */
    'stuck-after-s': { type: 'string', default: '90' },
  },
});
const num = (k: keyof typeof args) => Number(args[k]);
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const log = (line: string) => process.stdout.write(`[chaos] ${line}\n`);

async function main(): Promise<number> {
  const t0 = Date.now();
  const size = num('cases');
  const system = await startChaosSystem(log);
  const rows: Row[] = [];
  let db: ReturnType<typeof openDatabase> | null = null;
  let gateway: Awaited<ReturnType<typeof connectTemporal>> | null = null;
  process.once('SIGINT', () => void system.stop().then(() => process.exit(130)));
  try {
    await system.startWorker();
    const config = loadConfig(system.appEnv);
    db = openDatabase(config.databaseUrl);
    gateway = await connectTemporal({
      address: system.temporalAddress,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      payloadKeys: config.payloadKeys,
    });
    const client = gateway.client;
    const workerLog = () => fs.readFileSync(path.join(system.dir, 'worker.log'), 'utf8');
    const service = new CertificationService({ repos: createRepositories(db), client, taskQueue: gateway.taskQueue });
    const today = jstDateOf(Date.now());
    const half = Math.max(5, Math.ceil(size / 2));
    const webKills = num('web-kills');
    await addBenchPersons(db, DEMO_INSURER_NO, 0, 1 + size + 2 * half + webKills);
    const common = { service, client, db, insurerNo: DEMO_INSURER_NO, today, concurrency: num('concurrency') };
    let next = 0;
    let control: { footprint: CaseFootprint; history: CaseHistory } | null = null;

    /** Runs `count` cases while `fault` runs (it returns how many faults it caused), then judges each case. */
    const phase = async (fault: string, count: number, inject: (running: () => boolean) => Promise<number>) => {
      const started = Date.now();
      const logFrom = workerLog().length;
      let driving = true;
      let faultsOver: number | null = null;
      const drive = driveCases({
        ...common,
        tag: 'C',
        from: next,
        count,
        deadline: () => (faultsOver === null ? Infinity : faultsOver + num('stuck-after-s') * 1000),
      }).finally(() => (driving = false));
      const faults = await inject(() => driving);
      faultsOver = Date.now();
      const driven = await drive;
      next += count;
      const histories = await Promise.all(driven.workflowIds.map((id) => caseHistory(client, id)));
      const footprints = await caseFootprints(db!, driven.workflowIds);
      control ??= { footprint: footprints[0], history: histories[0] };
      const verdicts = footprints.map((f, i) => judgeCase(control!, f, histories[i]));
      const n = (v: string) => verdicts.filter((x) => x.verdict === v).length;
      const row: Row = {
        fault,
        cases: count,
        faults,
        lost: n('lost') + driven.unfinished.filter((u) => u.workflowId === null).length,
        doubled: n('doubled'),
        stuck: n('stuck'),
        failed: 0,
        busyErrors: workerLog().slice(logFrom).split('SQLITE_BUSY').length - 1,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        notes: [
          ...verdicts.filter((v) => v.verdict !== 'ok').map((v) => `${v.workflowId} ${v.verdict}: ${v.why.join('; ')}`),
          ...driven.unfinished.map((u) => `${u.workflowId ?? '(not started)'} unfinished: ${u.error}`),
        ],
      };
      row.failed = Math.max(0, driven.unfinished.length - row.lost - row.stuck);
      rows.push(row);
      log(`${fault}: ${JSON.stringify({ ...row, notes: row.notes.length, retries: driven.retries })}`);
      for (const note of row.notes.slice(0, 10)) log(`  ${note}`);
    };

    await phase('none (control case)', 1, async () => 0);
    await phase('worker SIGKILL and restart', size, async (running) => {
      let kills = 0;
      while (running() && kills < num('kills')) {
        await sleep(rand(500, 2500));
        if (!running()) break;
        await system.killWorker();
        kills++;
        await sleep(rand(200, 1500));
        await system.startWorker();
      }
      return kills;
    });
    await phase('Temporal dev server restart (SIGTERM, same SQLite file)', half, async (running) => {
      let restarts = 0;
      while (running() && restarts < num('server-restarts')) {
        await sleep(rand(500, 2000));
        if (running()) await system.restartServer().then(() => restarts++);
      }
      return restarts;
    });
    await phase(`app database locked ${num('lock-ms') / 1000} s (BEGIN EXCLUSIVE)`, half, async () => {
      await sleep(500);
      await holdWriteLock(system.appDbFile, num('lock-ms'));
      return 1;
    });

    // The web process: each trial a fresh case waiting for its first action.
    const started = Date.now();
    const webRow: Row = { fault: 'web SIGKILL during a POST, same form again', cases: webKills, faults: 0 } as Row;
    Object.assign(webRow, { lost: 0, doubled: 0, stuck: 0, failed: 0, busyErrors: 0, notes: [] });
    const driver = kaigoDriver({ ...common, tag: 'web' });
    for (let i = 0; i < webKills; i++) {
      const { workflowId } = await driver.start(next++);
      const r = await webKillTrial({ system, client, workflowId, killAfterMs: Math.round(rand(0, 40)) });
      webRow.faults++;
      if (r.updatesAccepted === 0 || !r.pageShowsIt) webRow.lost++;
      else if (r.updatesAccepted > 1) webRow.doubled++;
      else if (!r.ok) webRow.failed++;
      if (!r.ok) webRow.notes.push(JSON.stringify(r));
      log(`web kill ${i + 1}: ${JSON.stringify(r)}`);
    }
    webRow.seconds = Math.round((Date.now() - started) / 100) / 10;
    rows.push(webRow);
  } catch (err) {
    log(`stopped by ${(err as Error).stack}`);
    for (const f of fs.readdirSync(system.dir).filter((x) => x.endsWith('.log')))
      log(`--- ${f}\n${fs.readFileSync(path.join(system.dir, f), 'utf8').split('\n').slice(-20).join('\n')}`);
    rows.push({
      fault: 'runner',
      cases: 0,
      faults: 0,
      lost: 0,
      doubled: 0,
      stuck: 0,
      failed: 1,
      seconds: 0,
      notes: [],
    });
  } finally {
    await gateway?.close();
    await db?.destroy();
    await system.stop();
  }
  return report(rows, (Date.now() - t0) / 1000);
}

/** The JSON figures and the Markdown table; the exit code: 0 only when every row counts nothing. */
function report(rows: Row[], seconds: number): number {
  const dir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const figures = { at: new Date().toISOString(), args, seconds: Math.round(seconds), rows };
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  const lines = [
    '| fault | cases | faults | lost | doubled | stuck | failed | SQLITE_BUSY retried | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.cases} | ${r.faults} | ${r.lost} | ${r.doubled} | ${r.stuck} | ${r.failed} | ${r.busyErrors} | ${r.seconds} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\nwhole run ${Math.round(seconds)} s; figures in ${file}\n`);
  return rows.every((r) => r.lost + r.doubled + r.stuck + r.failed === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
