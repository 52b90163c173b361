/**
 * The system the fault runner breaks: a Temporal dev server on a throwaway SQLite file, kaigo-flow's database on
 * another (migrated, demo data loaded), and real `node dist/bin/worker.js` / `web.js` processes that it can SIGKILL
 * and start again. Everything lives in one temporary directory, removed by `stop()`.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { searchAttributeCliArgs } from '../../workflows/search-attributes';
import { freePort } from '../cluster';
import { findTemporalCli, noCliMessage } from '../temporal-cli';

export interface ChaosSystem {
  dir: string;
  temporalAddress: string;
  /** kaigo-flow's SQLite file */
  appDbFile: string;
  /** the environment of the worker and web processes (and of the runner's own config) */
  appEnv: NodeJS.ProcessEnv;
  startWorker(): Promise<void>;
  killWorker(): Promise<void>;
  /** SIGTERM, then the server again on the same SQLite file and port. */
  restartServer(): Promise<void>;
  startWeb(): Promise<string>;
  killWeb(): Promise<void>;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

export async function startChaosSystem(log: Log): Promise<ChaosSystem> {
  const cli = findTemporalCli();
  if (!cli || cli.kind !== 'existing-path') throw new Error(noCliMessage());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-chaos-'));
  const [temporalPort, httpPort, metricsPort, webPort] = await distinctPorts(4);
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const appDbFile = path.join(dir, 'kaigo-flow.sqlite3');
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: `sqlite://${appDbFile}`,
    KAIGO_DATA_DIR: dir,
    PAYLOAD_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'warn',
    PORT: String(webPort),
  };
  const serverArgs = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(temporalPort),
    '--http-port',
    String(httpPort),
    '--metrics-port',
    String(metricsPort),
    '--headless',
    '--db-filename',
    path.join(dir, 'temporal.sqlite3'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--log-level',
    'warn',
    ...searchAttributeCliArgs(),
  ];
  let server: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  let web: ChildProcess | null = null;
  const startServer = async () => {
    server = startProcess(dir, 'temporal', cli.path, serverArgs, process.env);
    await untilPortOpen(temporalPort, 60_000);
  };
  const system: ChaosSystem = {
    dir,
    temporalAddress,
    appDbFile,
    appEnv,
    startWorker: async () => {
      const logFile = path.join(dir, 'worker.log');
      const before = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('worker started').length : 1;
      worker = startProcess(dir, 'worker', process.execPath, ['--max-old-space-size=128', 'dist/bin/worker.js'], {
        ...appEnv,
        LOG_LEVEL: 'info',
      });
      // "worker started" once more in its log: this process polls.
      await until('worker', 120_000, () => fs.readFileSync(logFile, 'utf8').split('worker started').length > before);
    },
    killWorker: () => killNow(worker),
    restartServer: async () => {
      await stopGently(server);
      await startServer();
    },
    startWeb: async () => {
      web = startProcess(dir, 'web', process.execPath, ['dist/bin/web.js'], appEnv);
      const url = `http://127.0.0.1:${webPort}`;
      await until('web', 60_000, async () => (await fetch(`${url}/healthz`)).ok);
      return url;
    },
    killWeb: () => killNow(web),
    stop: async () => {
      await Promise.all([stopGently(web), stopGently(worker)]);
      await stopGently(server);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await startServer();
    execFileSync(process.execPath, ['dist/scripts/migrate.js', '--seed'], {
      cwd: projectRoot,
      env: appEnv,
      stdio: 'pipe',
    });
    log(`dev server ${temporalAddress}, database ${appDbFile}`);
    return system;
  } catch (err) {
    await system.stop();
    throw err;
  }
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await freePort(true);
    if (!ports.includes(p)) ports.push(p);
  }
  return ports;
}

/** A child in its own process group, its output appended to `<dir>/<name>.log`. */
function startProcess(dir: string, name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const out = fs.openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: projectRoot, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

const running = (c: ChildProcess | null): c is ChildProcess =>
  c !== null && c.pid !== undefined && c.exitCode === null && c.signalCode === null;

function exited(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => (running(c) ? c.once('exit', () => resolve()) : resolve()));
}

/** SIGKILL to the process group, as a crash or the OOM killer would; resolves once it is gone. */
async function killNow(c: ChildProcess | null): Promise<void> {
  if (!running(c)) return;
  const gone = exited(c);
  process.kill(-c.pid!, 'SIGKILL');
  await gone;
}

async function stopGently(c: ChildProcess | null): Promise<void> {
  if (!running(c)) return;
  const gone = exited(c);
  process.kill(-c.pid!, 'SIGTERM');
  const timer = setTimeout(() => running(c) && process.kill(-c.pid!, 'SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

export async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function untilPortOpen(port: number, timeoutMs: number): Promise<void> {
  return until(
    `port ${port}`,
    timeoutMs,
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      }),
  );
}
