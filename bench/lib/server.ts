import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findTemporalCli, noCliMessage, TEMPORAL_CLI_VERSION } from '../../scripts/temporal-cli';
import { searchAttributeCliArgs } from '../../workflows/search-attributes';
import { Child, freePort, spawnChild } from './proc';
import { sleep } from './stats';

/** SQLite `synchronous` pragma of the dev server's database file (WAL is always on). */
export type SyncPragma = 'OFF' | 'NORMAL' | 'FULL';

export interface DevServer {
  address: string;
  child: Child;
  dbFile: string;
  pragmas: string[];
  stop: () => Promise<void>;
}

export function temporalCliPath(): string {
  const cli = findTemporalCli();
  if (!cli || cli.kind !== 'existing-path') throw new Error(noCliMessage());
  return cli.path;
}

/** `temporal --version` plus the version kaigo-flow pins (source builds print 0.0.0-DEV). */
export function temporalVersions(cliPath: string): { cli: string; reported: string } {
  const out = spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { cli: TEMPORAL_CLI_VERSION, reported: out };
}

/**
 * Starts `temporal server start-dev` on a fresh SQLite file (WAL) in `dir`. Spawned directly rather than through
 * TestWorkflowEnvironment so that the benchmark knows the server's pid (CPU and memory) and passes every flag itself.
 */
export async function startDevServer(opts: {
  cliPath: string;
  dir: string;
  synchronous: SyncPragma;
  name?: string;
}): Promise<DevServer> {
  const port = await freePort();
  const dbFile = path.join(opts.dir, `${opts.name ?? 'temporal'}.sqlite`);
  fs.rmSync(dbFile, { force: true });
  const pragmas = ['journal_mode=WAL', `synchronous=${opts.synchronous}`];
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    dbFile,
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...pragmas.flatMap((p) => ['--sqlite-pragma', p]),
    ...searchAttributeCliArgs(),
  ];
  const child = spawnChild('temporal dev server', opts.cliPath, args, process.env);
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2000 });
      await conn.workflowService.getSystemInfo({});
      // Search attributes are registered during start; wait until the namespace answers a visibility call.
      await conn.workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: 1 });
      await conn.close();
      break;
    } catch (err) {
      if (child.proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`dev server did not start: ${(err as Error).message}\n${child.tail()}`);
      }
      await sleep(250);
    }
  }
  return { address, child, dbFile, pragmas, stop: () => child.stop() };
}
