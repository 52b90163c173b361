/**
 * A throwaway PostgreSQL 15 cluster for a bench phase, as test/db/global-setup.ts starts one for the tests: initdb in
 * a temporary directory, loopback only, trust auth, `fsync=off` (the bench times reads; nothing here is kept).
 * `stop()` stops it and removes the directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './proc';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  /** superuser URL of the database `kaigo_bench` */
  url: string;
  /** the postmaster's PID (its backends are its children) */
  pid: () => number | null;
  stop: () => Promise<void>;
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
function pg(tool: string, args: string[]): void {
  const bin = path.join(PG_BIN, tool);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export function postgresAvailable(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb'));
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-bench-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres', dir]);
  let started = false;
  const stop = async () => {
    if (started) {
      try {
        pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    pg('initdb', ['-D', dataDir, '-U', 'kaigo', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    pg('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
      '-l',
      path.join(dir, 'log'),
    ]);
    started = true;
    pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'kaigo', 'kaigo_bench']);
  } catch (err) {
    await stop();
    throw err;
  }
  const pid = () => {
    try {
      return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };
  return { url: `postgres://kaigo@127.0.0.1:${port}/kaigo_bench`, pid, stop };
}
