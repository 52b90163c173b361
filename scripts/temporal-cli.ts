import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goInstall, hasGo } from './go-install';

/** The one Temporal CLI version kaigo-flow builds (later tags carry replace directives and cannot be go-installed). */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const GO_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Where a Temporal CLI comes from: a binary on disk, or the SDK's own download (machines with internet). */
export type TemporalCli =
  | { kind: 'existing-path'; path: string; source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go-install' }
  | { kind: 'sdk-download'; downloadDir: string };

/** Per-machine cache outside the repo, so each machine builds the CLI once. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'kaigo-flow', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/** Finds a CLI without building anything: TEMPORAL_CLI_PATH, `temporal` on PATH, then the cache. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): TemporalCli | null {
  if (env.TEMPORAL_CLI_PATH) {
    if (!fs.existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} does not exist`);
    }
    return { kind: 'existing-path', path: env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { kind: 'existing-path', path: fromPath, source: 'PATH' };
  const cached = path.join(cacheDir(env), 'temporal');
  if (fs.existsSync(cached)) return { kind: 'existing-path', path: cached, source: 'cache' };
  return null;
}

/** Builds the CLI with `go install` into the cache, printing progress; resolves to the binary's path. */
export async function goInstallTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<string> {
  const dir = cacheDir(env);
  log(
    `[temporal-cli] Building Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (about 5 minutes, 2 GB of memory; once per machine)`,
  );
  log(`[temporal-cli]   into ${dir}`);
  await goInstall({
    packages: [`${GO_MODULE}@v${TEMPORAL_CLI_VERSION}`],
    binaries: ['temporal'],
    dir,
    label: 'temporal-cli',
    env,
    log,
  });
  return path.join(dir, 'temporal');
}

/**
 * Obtains a CLI in this order: TEMPORAL_CLI_PATH; `temporal` on PATH; the per-machine cache;
 * `go install` into the cache when Go is present; otherwise the SDK's own download.
 */
export async function ensureTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  log?: (line: string) => void,
): Promise<TemporalCli> {
  const found = findTemporalCli(env);
  if (found) return found;
  if (hasGo(env)) {
    try {
      return { kind: 'existing-path', path: await goInstallTemporalCli(env, log), source: 'go-install' };
    } catch (err) {
      (log ?? console.error)(`[temporal-cli] ${(err as Error).message}; falling back to the SDK download`);
    }
  }
  return { kind: 'sdk-download', downloadDir: cacheDir(env) };
}

/** The message shown when no way of obtaining the CLI worked. */
export function noCliMessage(env: NodeJS.ProcessEnv = process.env): string {
  return [
    'Temporal CLI が見つかりません / no Temporal CLI could be obtained. Tried, in order:',
    '  1. TEMPORAL_CLI_PATH (not set)',
    '  2. a `temporal` executable on PATH (none)',
    `  3. the per-machine cache ${path.join(cacheDir(env), 'temporal')} (empty)`,
    `  4. go install ${GO_MODULE}@v${TEMPORAL_CLI_VERSION} (needs Go and the Go module proxy)`,
    '  5. the Temporal SDK download (needs internet access)',
    'Fix one of these, or run `npm run temporal:cli` to build the cache.',
  ].join('\n');
}

if (require.main === module) {
  ensureTemporalCli()
    .then((cli) => {
      if (cli.kind === 'existing-path') {
        const v = spawnSync(cli.path, ['--version'], { encoding: 'utf8' });
        process.stdout.write(`${cli.path} (${cli.source}): ${v.stdout.trim()}\n`);
      } else {
        process.stdout.write(`No local Temporal CLI; the SDK will download one into ${cli.downloadDir} at start.\n`);
      }
    })
    .catch((err: Error) => {
      process.stderr.write(`${err.message}\n\n${noCliMessage()}\n`);
      process.exit(1);
    });
}
