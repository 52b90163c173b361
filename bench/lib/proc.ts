import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

/** Memory of one process from /proc/<pid>/status (Linux only), in MB. */
export interface MemSample {
  rssMb: number;
  /** Peak RSS since the process started (VmHWM). */
  peakRssMb: number;
}

export function readMem(pid: number): MemSample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) in a /proc …/stat line of a process or a thread. */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (0-based after the comm field), in clock ticks
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number {
  try {
    return statCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return NaN;
  }
}

/** CPU seconds each thread of a process has used so far (Linux only), by thread ID. */
export function readThreadCpu(pid: number): Map<number, { name: string; seconds: number }> {
  const out = new Map<number, { name: string; seconds: number }>();
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      out.set(Number(tid), {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        seconds: statCpuSeconds(stat),
      });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** Where a Node worker process spent its CPU: the threads that matter for a Temporal worker, in seconds. */
export interface WorkerThreadCpu {
  /** the main thread: activities, the SDK's JavaScript glue (rxjs pipelines, payload conversion, postMessage) */
  main: number;
  /** the workflow thread (the busiest thread besides the main one): workflow code in the SDK's sandbox */
  workflows: number;
  /** the SDK core's Rust runtime (threads named tokio-*): polling, history, gRPC */
  core: number;
  /** everything else: V8's garbage-collection and compiler helpers, libuv's thread pool (SQLite) */
  other: number;
}

/**
 * Splits the CPU a worker process used between two readThreadCpu snapshots. Node does not name its threads, so the
 * workflow thread is taken to be the busiest one besides the main thread (by far, in every run seen).
 */
export function workerThreadCpu(
  pid: number,
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
): WorkerThreadCpu {
  const deltas = [...after].map(([tid, t]) => ({
    tid,
    name: t.name,
    seconds: t.seconds - (before.get(tid)?.seconds ?? 0),
  }));
  const main = deltas.find((d) => d.tid === pid)?.seconds ?? 0;
  const core = deltas.filter((d) => d.name.startsWith('tokio')).reduce((t, d) => t + d.seconds, 0);
  const rest = deltas.filter((d) => d.tid !== pid && !d.name.startsWith('tokio')).sort((a, b) => b.seconds - a.seconds);
  const workflows = rest[0]?.seconds ?? 0;
  const other = rest.slice(1).reduce((t, d) => t + d.seconds, 0);
  return { main, workflows, core, other };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A spawned helper process whose output is kept (last lines) for error messages. */
export interface Child {
  proc: ChildProcess;
  pid: number;
  name: string;
  tail: () => string;
  /** Resolves when a line matching `re` appears on stdout/stderr; rejects if the process exits first. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

/** Every child still running, so that a failed or interrupted run leaves no process behind. */
const running = new Set<ChildProcess>();

/** Kills every child this process started that is still running (by pid, never by name). */
export function killAllChildren(): void {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
}

export function spawnChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  let exited: string | null = null;
  const exitWaiters: ((msg: string) => void)[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  proc.on('exit', (code, signal) => {
    running.delete(proc);
    exited = `${name} exited (code ${code}, signal ${signal})`;
    for (const w of exitWaiters) w(exited);
  });
  const tail = () => lines.slice(-15).join('\n');
  return {
    proc,
    pid: proc.pid!,
    name,
    tail,
    waitFor: (re, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (exited) return reject(new Error(`${exited}\n${tail()}`));
        const timer = setTimeout(
          () => reject(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms\n${tail()}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        exitWaiters.push((msg) => {
          clearTimeout(timer);
          reject(new Error(`${msg}\n${tail()}`));
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Peak-RSS sampler: polls /proc every `everyMs` and keeps the highest VmRSS and VmHWM seen. */
export class MemWatcher {
  private timer: NodeJS.Timeout;
  peakRssMb = 0;
  peakHwmMb = 0;
  constructor(
    private readonly pid: number,
    everyMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }
  sample(): void {
    const m = readMem(this.pid);
    if (!m) return;
    this.peakRssMb = Math.max(this.peakRssMb, m.rssMb);
    this.peakHwmMb = Math.max(this.peakHwmMb, m.peakRssMb);
  }
  stop(): { peakRssMb: number; vmHwmMb: number } {
    this.sample();
    clearInterval(this.timer);
    return { peakRssMb: Math.round(this.peakRssMb), vmHwmMb: Math.round(this.peakHwmMb) };
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
  };
}

/**
 * CPU seconds used so far by a process and every process below it (PostgreSQL's backends are the postmaster's
 * children), counting children that already exited and were waited for (cutime, cstime).
 */
export function readTreeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      const own = Number(fields[11]) + Number(fields[12]);
      const waited = Number(fields[13]) + Number(fields[14]);
      cpu.set(Number(name), (own + waited) / 100);
    } catch {
      // gone meanwhile
    }
  }
  if (!cpu.has(root)) return NaN;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, s] of cpu) if (inTree(pid)) total += s;
  return total;
}
