import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goInstall, hasGo } from './go-install';

/** The Temporal server kaigo-flow runs in production: the version the CLI 1.5.1 embeds (its go.mod has no replace). */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const GO_MODULE = 'go.temporal.io/server';

/** The server binary, its SQL schema tool and the PostgreSQL schema files of the same version. */
export interface TemporalServerTools {
  server: string;
  sql: string;
  /** schema/postgresql/v12: temporal/ and visibility/, each with versioned/ */
  schemaDir: string;
}

/** Per-machine cache outside the repo, beside the CLI's. */
export function serverCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'kaigo-flow', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

function toolsIn(dir: string): TemporalServerTools {
  return { server: path.join(dir, 'server'), sql: path.join(dir, 'sql'), schemaDir: path.join(dir, 'schema') };
}

/** The cached tools, or null when any part is missing. */
export function findTemporalServer(env: NodeJS.ProcessEnv = process.env): TemporalServerTools | null {
  const tools = toolsIn(serverCacheDir(env));
  const complete = [tools.server, tools.sql, path.join(tools.schemaDir, 'temporal', 'versioned')].every((f) =>
    fs.existsSync(f),
  );
  return complete ? tools : null;
}

/**
 * Builds the server and the `sql` tool with `go install` (about 3 minutes on 2 cores), and copies the schema files out
 * of the Go module cache: they are not in the binaries, and the cache is where the build just put them.
 */
async function buildTemporalServer(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<TemporalServerTools> {
  const dir = serverCacheDir(env);
  log(
    `[temporal-server] Building Temporal server ${TEMPORAL_SERVER_VERSION} with go install (about 3 minutes; once per machine)`,
  );
  log(`[temporal-server]   into ${dir}`);
  await goInstall({
    packages: [
      `${GO_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
      `${GO_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
    ],
    binaries: ['server', 'sql'],
    dir,
    label: 'temporal-server',
    env,
    log,
  });
  const modCache = spawnSync('go', ['env', 'GOMODCACHE'], { env, encoding: 'utf8' }).stdout.trim();
  const source = path.join(modCache, `${GO_MODULE}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  const tools = toolsIn(dir);
  fs.rmSync(tools.schemaDir, { recursive: true, force: true });
  fs.cpSync(source, tools.schemaDir, { recursive: true });
  // The module cache is read-only; the copy should not be, or clearing the cache needs chmod first.
  spawnSync('chmod', ['-R', 'u+w', tools.schemaDir]);
  return tools;
}

/** The message shown when the tools are not cached and Go is missing. */
export function noServerMessage(env: NodeJS.ProcessEnv = process.env): string {
  return [
    'Temporal server をビルドできません: Go がありません / cannot build the Temporal server: Go is not installed.',
    `  The cache ${serverCacheDir(env)} has no server, sql and schema/.`,
    `  Install Go 1.25 or later and run \`node dist/scripts/temporal-server.js\` (go install ${GO_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
    `  and ${GO_MODULE}/cmd/tools/sql, about 3 minutes once per machine).`,
  ].join('\n');
}

/** The cached tools, building them once when Go is present; throws with noServerMessage otherwise. */
export async function ensureTemporalServer(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<TemporalServerTools> {
  const found = findTemporalServer(env);
  if (found) return found;
  if (!hasGo(env)) throw new Error(noServerMessage(env));
  return buildTemporalServer(env, log);
}

if (require.main === module) {
  const started = Date.now();
  ensureTemporalServer()
    .then((tools) => {
      process.stdout.write(`${JSON.stringify(tools, null, 2)}\n(${Date.now() - started} ms)\n`);
    })
    .catch((err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    });
}
