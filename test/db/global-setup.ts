import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
function pg(tool: string, args: string[]): void {
  const bin = path.join(PG_BIN, tool);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

/**
 * A throwaway PostgreSQL cluster for the migration tests, unless TEST_DATABASE_URL names one already.
 * Without PostgreSQL binaries the tests are skipped locally, but CI (CI=true) fails loudly.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    if (process.env.CI) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN or TEST_DATABASE_URL)`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres', dir]);
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
  pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'kaigo', 'kaigo_test']);
  process.env.TEST_DATABASE_URL = `postgres://kaigo@127.0.0.1:${port}/kaigo_test`;
  process.env.KAIGO_TEST_PG_DIR = dataDir;
}
