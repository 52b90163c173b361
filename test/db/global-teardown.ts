import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.KAIGO_TEST_PG_DIR;
  if (!dataDir) return;
  const bin = path.join(process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin', 'pg_ctl');
  const args = ['-D', dataDir, '-m', 'immediate', 'stop'];
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
}
