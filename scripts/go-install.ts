import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** True when a `go` toolchain is on PATH. */
export function hasGo(env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync('go', ['version'], { env, stdio: 'ignore' }).status === 0;
}

/**
 * `go install` of the given packages into `dir`, printing progress every 15 s. The binaries land in a staging
 * directory first and are moved in only when all of them built, so an interrupted build leaves no half cache.
 */
export async function goInstall(opts: {
  packages: string[];
  binaries: string[];
  dir: string;
  label: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<void> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const staging = `${opts.dir}.building-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  const started = Date.now();
  const child = spawn('go', ['install', '-v', ...opts.packages], {
    env: { ...env, GOBIN: staging, GOFLAGS: `${env.GOFLAGS ?? ''} -mod=mod`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let steps = 0;
  let lastLine = '';
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim()) {
        steps += 1;
        lastLine = line.trim();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const ticker = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    log(`[${opts.label}]   ${s}s, ${steps} steps (${lastLine.slice(0, 80)})`);
  }, 15000);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(ticker);
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`go install failed (exit ${code}); last output: ${lastLine}`);
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  for (const name of opts.binaries) fs.renameSync(path.join(staging, name), path.join(opts.dir, name));
  fs.rmSync(staging, { recursive: true, force: true });
  log(`[${opts.label}] Built in ${Math.round((Date.now() - started) / 1000)}s: ${opts.dir}`);
}
