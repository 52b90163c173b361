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
import { holdWriteLock } from '../db/integrity';
import { DEMO_INSURER_NO } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';
import { CertificationService } from '../web/services/certification';
import { connectTemporal } from '../web/temporal';
import { clusterServerRestart } from './chaos/cluster-restart';
import { emptyRow, phaseRunner, type Phase, type Row } from './chaos/phase';
import { startChaosSystem } from './chaos/system';
import { webKillTrial } from './chaos/web-kill';
import { writeSuiteFigures } from './report/figures';

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
    /** also restart the production topology's server (scripts/cluster.ts; PostgreSQL 15 and the built server) */
    cluster: { type: 'boolean', default: false },
    /** puts the table into README.md between <!-- chaos:NAME --> and <!-- /chaos:NAME --> (ci or large) */
    readme: { type: 'string' },
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
    const run = phaseRunner({ ...common, from: 0, stuckAfterS: num('stuck-after-s'), workerLog, log });
    let next = 1 + size + 2 * half;
    const phase: Phase = async (...a) => {
      const row = await run(...a);
      rows.push(row);
      return row;
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
    const webRow = emptyRow('web SIGKILL during a POST, same form again', webKills);
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
    if (args.cluster) {
      const clusterRows = await clusterServerRestart({
        cases: half,
        concurrency: num('concurrency'),
        restarts: num('server-restarts'),
        stuckAfterS: num('stuck-after-s'),
        log,
      });
      rows.push(...clusterRows);
    }
  } catch (err) {
    log(`stopped by ${(err as Error).stack}`);
    for (const f of fs.readdirSync(system.dir).filter((x) => x.endsWith('.log')))
      log(`--- ${f}\n${fs.readFileSync(path.join(system.dir, f), 'utf8').split('\n').slice(-20).join('\n')}`);
    rows.push({ ...emptyRow('runner', 0), failed: 1 });
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
  if (args.readme) writeReadmeTable(args.readme, lines);
  process.stdout.write(`\n${lines.join('\n')}\n\nwhole run ${Math.round(seconds)} s; figures in ${file}\n`);
  const ok = rows.every((r) => r.lost + r.doubled + r.stuck + r.failed === 0);
  const sum = (k: 'cases' | 'faults' | 'lost' | 'doubled' | 'stuck' | 'failed' | 'busyErrors') =>
    rows.reduce((n, r) => n + r[k], 0);
  writeSuiteFigures(
    {
      suite: 'chaos',
      size: `${sum('cases')} cases under ${sum('faults')} faults: ${rows
        .filter((r) => r.faults > 0)
        .map((r) => `${r.fault.replace(/ \(.*\)$/, '')} ×${r.faults} over ${r.cases} cases`)
        .join('; ')}`,
      lost: sum('lost'),
      doubled: sum('doubled'),
      leaked: null,
      status5xx: null,
      other: `stuck ${sum('stuck')}, failed ${sum('failed')}, SQLITE_BUSY retried ${sum('busyErrors')}`,
      passed: ok,
    },
    { args, rows, file },
  );
  return ok ? 0 : 1;
}

/** The README's table of one size, regenerated by the run that measured it. */
function writeReadmeTable(name: string, lines: string[]): void {
  const file = path.join(projectRoot, 'README.md');
  const [open, close] = [`<!-- chaos:${name} -->`, `<!-- /chaos:${name} -->`];
  const text = fs.readFileSync(file, 'utf8');
  const from = text.indexOf(open);
  const to = text.indexOf(close);
  if (from < 0 || to < from) throw new Error(`README.md has no ${open} … ${close}`);
  fs.writeFileSync(file, `${text.slice(0, from + open.length)}\n${lines.join('\n')}\n${text.slice(to)}`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
