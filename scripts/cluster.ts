/**
 * The production topology on one machine, on throwaway directories and free loopback ports: PostgreSQL 15, the
 * Temporal server (config/temporal-server/production.yaml) on it, kaigo-flow's database on the same PostgreSQL, two
 * workers and two web processes. `npm run test:cluster` walks it; `node dist/scripts/cluster.js` keeps it up until
 * Ctrl-C. Everything is torn down on exit: process groups killed, PostgreSQL stopped, the directory removed.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { searchAttributeCliArgs } from '../workflows/search-attributes';
import { ensureTemporalCli } from './temporal-cli';
import { ensureTemporalServer } from './temporal-server';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NAMESPACE = 'default';

/**
 * The commands and settings the cluster runs, as README's "Production" section gives them (test/unit/production-readme
 * .test.ts holds the two together): the server's arguments, the worker's and the web process's, the migration.
 */
export const PRODUCTION = {
  serverArgs: ['--root', '.', '--config', 'config/temporal-server', '--env', 'production', '--allow-no-auth'],
  dynamicConfig: 'config/temporal-server/dynamic.yaml',
  workerArgs: ['--max-old-space-size=128', 'dist/bin/worker.js'],
  webArgs: ['dist/bin/web.js'],
  migrateArgs: ['dist/scripts/migrate.js'],
  namespaceRetention: '72h',
} as const;

/**
 * The environment of the workers and web processes. Production's, but for the two lines a plain-HTTP loopback test
 * needs (LOOPBACK_ONLY): behind the HTTPS proxy, production keeps the Secure cookie and trusts that one proxy.
 */
export function productionAppEnv(v: {
  temporalAddress: string;
  databaseUrl: string;
  sessionSecret: string;
  payloadKeys: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: v.temporalAddress,
    TEMPORAL_NAMESPACE: NAMESPACE,
    DATABASE_URL: v.databaseUrl,
    SESSION_SECRET: v.sessionSecret,
    PAYLOAD_KEYS: v.payloadKeys,
    ...LOOPBACK_ONLY,
  };
}

/** What the test sets only because its web processes answer plain HTTP on loopback with no proxy in front. */
export const LOOPBACK_ONLY = { SESSION_COOKIE_SECURE: 'false', TRUST_PROXY: '0' } as const;

/** A running cluster; `stop()` is safe to call more than once. */
export interface Cluster {
  dir: string;
  temporalAddress: string;
  databaseUrl: string;
  webUrls: string[];
  workers: ChildProcess[];
  server: ChildProcess;
  /** The environment the workers and web processes run with. */
  appEnv: NodeJS.ProcessEnv;
  /** Milliseconds each phase of the start took. */
  timings: Record<string, number>;
  /** Ends one worker at once (SIGKILL to its process group), as a crash would. */
  killWorker(i: number): void;
  /** Stops the Temporal server (SIGTERM) and starts it again on the same database; resolves once it serves. */
  restartServer(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Load the demo data after migrating (`migrate.js --seed`), before the workers start their schedules. */
  seed?: boolean;
  workers?: number;
  webs?: number;
  log?: (line: string) => void;
}

/**
 * A free loopback port. Temporal's ports are taken below 32768 (`low`): the server stores its own in a smallint column
 * of cluster_membership, and the ephemeral ports the OS hands out are above it.
 */
export async function freePort(low = false): Promise<number> {
  for (;;) {
    const port = await listenOn(low ? 20000 + Math.floor(Math.random() * 12000) : 0).catch(() => null);
    if (port !== null) return port;
  }
}

function listenOn(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(wanted, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
function pgTool(tool: string, args: string[]): string {
  const bin = path.join(PG_BIN, tool);
  const [cmd, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(cmd, args, { env, cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A long-running child in its own process group, its output appended to `<dir>/<name>.log`. */
function startProcess(dir: string, name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const out = fs.openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: projectRoot, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resident memory of a process, MB (Linux). */
export function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Brings the whole topology up; on any failure what was started is torn down before the error is thrown. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`[cluster] ${l}\n`));
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    timings[name] = Date.now() - t;
    t = Date.now();
  };
  const tools = await ensureTemporalServer(process.env, log);
  const cli = await ensureTemporalCli(process.env, log);
  if (cli.kind !== 'existing-path') throw new Error('the cluster needs a local Temporal CLI (npm run temporal:cli)');
  lap('tools');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-cluster-'));
  fs.chmodSync(dir, 0o777);
  const children: ChildProcess[] = [];
  let pgStarted = false;
  let stopped: Promise<void> | null = null;
  const pgData = path.join(dir, 'pg');
  const stop = () =>
    (stopped ??= (async () => {
      // Web and workers first, the server next, PostgreSQL last: nothing loses its store mid-write.
      const [server, ...apps] = children;
      await Promise.all(apps.map((c) => stopProcess(c)));
      if (server) await stopProcess(server);
      if (pgStarted) {
        try {
          pgTool('pg_ctl', ['-D', pgData, '-m', 'fast', '-w', 'stop']);
        } catch (err) {
          // Never leave a postmaster behind on a deleted directory: SIGQUIT is PostgreSQL's immediate shutdown.
          log(`pg_ctl stop: ${(err as Error).message}; stopping the postmaster by its PID`);
          try {
            process.kill(
              Number(fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]),
              'SIGQUIT',
            );
          } catch {
            // not running
          }
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    })());
  // Ctrl-C or a CI timeout while anything runs: tear it all down, then exit as the signal asked.
  const onSignal = (signal: NodeJS.Signals) => void stop().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // PostgreSQL: superuser over the socket only; Temporal and kaigo-flow log in over TCP with passwords.
    const pgPort = await freePort();
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
    pgTool('initdb', ['-D', pgData, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth-local=trust']);
    pgTool('pg_ctl', [
      '-D',
      pgData,
      '-o',
      `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      '-w',
      'start',
      '-l',
      path.join(dir, 'postgres.log'),
    ]);
    pgStarted = true;
    const temporalPassword = randomBytes(12).toString('hex');
    const kaigoPassword = randomBytes(12).toString('hex');
    const psql = (sql: string) => pgTool('psql', ['-h', dir, '-p', String(pgPort), '-U', 'postgres', '-qc', sql]);
    psql(`create role temporal login createdb password '${temporalPassword}'`);
    psql(`create role kaigo login password '${kaigoPassword}'`);
    psql('create database kaigo owner kaigo');
    lap('postgres');

    // Temporal's schemas: every command is safe to rerun, which is how an upgrade applies new versions.
    const sqlEnv = {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: '127.0.0.1',
      SQL_PORT: String(pgPort),
      SQL_USER: 'temporal',
      SQL_PASSWORD: temporalPassword,
    };
    for (const [db, schema] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ]) {
      run(tools.sql, ['--db', db, 'create-database'], sqlEnv);
      run(tools.sql, ['--db', db, 'setup-schema', '-v', '0.0'], sqlEnv);
      run(tools.sql, ['--db', db, 'update-schema', '-d', path.join(tools.schemaDir, schema, 'versioned')], sqlEnv);
    }
    lap('schemas');

    const ports: number[] = [];
    while (ports.length < 9) {
      const port = await freePort(true);
      if (!ports.includes(port)) ports.push(port);
    }
    const serverEnv = {
      ...process.env,
      TEMPORAL_DB_ADDRESS: `127.0.0.1:${pgPort}`,
      TEMPORAL_DB_USER: 'temporal',
      TEMPORAL_DB_PASSWORD: temporalPassword,
      TEMPORAL_BIND_IP: '127.0.0.1',
      TEMPORAL_PORT: String(ports[0]),
      TEMPORAL_HTTP_PORT: String(ports[1]),
      TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports[2]),
      TEMPORAL_HISTORY_PORT: String(ports[3]),
      TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports[4]),
      TEMPORAL_MATCHING_PORT: String(ports[5]),
      TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports[6]),
      TEMPORAL_WORKER_PORT: String(ports[7]),
      TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports[8]),
    };
    const temporalAddress = `127.0.0.1:${ports[0]}`;
    const serverArgs = [...PRODUCTION.serverArgs];
    run(tools.server, [...serverArgs, 'validate-dynamic-config', PRODUCTION.dynamicConfig], serverEnv);
    const startServer = () => startProcess(dir, 'temporal-server', tools.server, [...serverArgs, 'start'], serverEnv);
    children.push(startServer());
    const temporal = (...args: string[]) =>
      execFileSync(cli.path, [...args, '--address', temporalAddress], { encoding: 'utf8', stdio: 'pipe' });
    const serving = () =>
      until('Temporal server', 60_000, () => temporal('operator', 'cluster', 'health').includes('SERVING'));
    await serving();
    lap('temporalServer');

    // A real server has no namespace: create it, then the search attributes workflows/search-attributes.ts defines.
    temporal('operator', 'namespace', 'create', '--namespace', NAMESPACE, '--retention', PRODUCTION.namespaceRetention);
    const attributes = searchAttributeCliArgs().filter((a) => a !== '--search-attribute');
    await until('search attributes', 30_000, () => {
      for (const pair of attributes) {
        const [name, type] = pair.split('=');
        const existing = temporal('operator', 'search-attribute', 'list', '--namespace', NAMESPACE);
        if (!existing.includes(name))
          temporal('operator', 'search-attribute', 'create', '--namespace', NAMESPACE, '--name', name, '--type', type);
      }
      return true;
    });
    lap('namespace');

    const databaseUrl = `postgres://kaigo:${kaigoPassword}@127.0.0.1:${pgPort}/kaigo`;
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...productionAppEnv({
        temporalAddress,
        databaseUrl,
        sessionSecret: randomBytes(24).toString('hex'),
        payloadKeys: `k1:${randomBytes(32).toString('base64')}`,
      }),
      LOG_LEVEL: 'info',
    };
    run(process.execPath, [...PRODUCTION.migrateArgs, ...(opts.seed ? ['--seed'] : [])], appEnv);
    lap('migrate');

    const workers = Array.from({ length: opts.workers ?? 2 }, (_, i) =>
      startProcess(dir, `worker-${i + 1}`, process.execPath, [...PRODUCTION.workerArgs], { ...appEnv }),
    );
    const webPorts = await Promise.all(Array.from({ length: opts.webs ?? 2 }, () => freePort()));
    const webs = webPorts.map((port, i) =>
      startProcess(dir, `web-${i + 1}`, process.execPath, [...PRODUCTION.webArgs], { ...appEnv, PORT: String(port) }),
    );
    children.push(...workers, ...webs);
    for (const [i, c] of [...workers, ...webs].entries())
      c.once('exit', (code, signal) => {
        if (!stopped) log(`${i < workers.length ? 'worker' : 'web'} pid ${c.pid} exited (${code ?? signal})`);
      });
    const webUrls = webPorts.map((p) => `http://127.0.0.1:${p}`);
    const workerLogs = workers.map((_, i) => path.join(dir, `worker-${i + 1}.log`));
    await until('workers', 120_000, () =>
      workerLogs.every((f) => fs.readFileSync(f, 'utf8').includes('worker started')),
    );
    // /healthz answers 200 once the database, Temporal and a polling worker are all there.
    await until('web processes', 60_000, async () =>
      (await Promise.all(webUrls.map((u) => fetch(`${u}/healthz`)))).every((r) => r.ok),
    );
    lap('apps');
    log(`up in ${Object.values(timings).reduce((a, b) => a + b, 0)} ms: ${JSON.stringify(timings)}`);
    const cluster: Cluster = {
      dir,
      temporalAddress,
      databaseUrl,
      webUrls,
      workers,
      server: children[0],
      appEnv,
      timings,
      killWorker: (i) => killGroup(workers[i], 'SIGKILL'),
      restartServer: async () => {
        await stopProcess(children[0]);
        cluster.server = children[0] = startServer();
        await serving();
      },
      stop,
    };
    return cluster;
  } catch (err) {
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.log')))
      log(
        `--- ${name} (last lines)\n${fs.readFileSync(path.join(dir, name), 'utf8').split('\n').slice(-15).join('\n')}`,
      );
    await stop();
    throw err;
  }
}

if (require.main === module) {
  startCluster({ seed: process.argv.includes('--seed') })
    .then((cluster) => {
      process.stdout.write(
        [
          `Temporal  ${cluster.temporalAddress} (namespace ${NAMESPACE})`,
          `database  ${cluster.databaseUrl}`,
          ...cluster.webUrls.map((u) => `web       ${u}/`),
          `logs      ${cluster.dir}/*.log`,
          'Ctrl-C で停止します / Ctrl-C stops everything.',
          '',
        ].join('\n'),
      );
      // startCluster's own signal handlers stop everything and exit.
    })
    .catch((err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    });
}
