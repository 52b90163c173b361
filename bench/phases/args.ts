/** The options of `npm run bench`. */
import { SyncPragma } from '../lib/server';

export interface Args {
  cases: number;
  concurrency: number;
  rounds: number;
  warmup: number;
  quick: boolean;
  sweep: boolean;
  openCases: number;
  latencyCases: number;
  sync: SyncPragma;
  queryScales: number[];
  queryIterations: number;
  sweepCases: number;
  tunedCache: number;
  waitingCases: number;
  waitingDays: number;
  waitingDayMs: number;
  /** import phase: persons in the generated register file, and the path it takes */
  importPersons: number;
  importVia: 'workflow' | 'activities';
  /** query phase: the databases it loads and times */
  queryDatabases: ('sqlite' | 'postgres')[];
  /** production phase: measured cases and unmeasured warm-up cases on each topology */
  productionCases: number;
  productionWarmup: number;
  /** `--phase a,b`: only these phases ran (the others are in skip) */
  phases: string[] | null;
  skip: Set<string>;
}

/** The phases `--phase` names (each can run alone); `--skip-<phase>` leaves one out of a full run. */
export const PHASES = ['lifecycle', 'memory', 'queries', 'waiting', 'production', 'import'] as const;

export function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) flags.set(k, v);
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) flags.set(k, argv[++i]);
    else flags.set(k, true);
  }
  const quick = flags.has('quick');
  const num = (k: string, full: number, q: number) => {
    const v = flags.get(k);
    if (v === undefined || v === true) return quick ? q : full;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} needs a number`);
    return n;
  };
  const skip = new Set([...flags.keys()].filter((k) => k.startsWith('skip-')).map((k) => k.slice(5)));
  const known = new Set([
    'cases',
    'concurrency',
    'rounds',
    'warmup',
    'quick',
    'sweep',
    'open-cases',
    'latency-cases',
    'sync',
    'query-scales',
    'query-iterations',
    'sweep-cases',
    'tuned-cache',
    'waiting-cases',
    'waiting-days',
    'waiting-day-ms',
    'phase',
    'persons',
    'import-via',
    'query-databases',
    'production-cases',
    'production-warmup',
  ]);
  for (const k of flags.keys()) if (!known.has(k) && !k.startsWith('skip-')) throw new Error(`unknown option --${k}`);
  const sync = String(flags.get('sync') ?? 'NORMAL').toUpperCase() as SyncPragma;
  if (!['OFF', 'NORMAL', 'FULL'].includes(sync)) throw new Error('--sync must be OFF, NORMAL or FULL');
  const scales = flags.get('query-scales');
  const phaseFlag = flags.get('phase');
  const phases = typeof phaseFlag === 'string' ? phaseFlag.split(',').map((p) => p.trim()) : null;
  if (phaseFlag === true) throw new Error(`--phase needs one of ${PHASES.join(', ')}`);
  for (const p of phases ?? [])
    if (!(PHASES as readonly string[]).includes(p))
      throw new Error(`--phase: unknown phase ${p} (${PHASES.join(', ')})`);
  if (phases) for (const p of PHASES) if (!phases.includes(p)) skip.add(p);
  const via = String(flags.get('import-via') ?? 'workflow');
  if (via !== 'workflow' && via !== 'activities') throw new Error('--import-via must be workflow or activities');
  const dbs = String(flags.get('query-databases') ?? 'sqlite,postgres').split(',');
  if (dbs.some((d) => d !== 'sqlite' && d !== 'postgres'))
    throw new Error('--query-databases is a list of sqlite and postgres');
  return {
    cases: num('cases', 200, 8),
    concurrency: Math.max(1, num('concurrency', 20, 5)),
    rounds: Math.max(1, num('rounds', 4, 2)),
    warmup: Math.max(3, num('warmup', 60, 3)),
    quick,
    sweep: flags.has('sweep'),
    openCases: num('open-cases', 10_000, 60),
    latencyCases: num('latency-cases', 20, 2),
    sync,
    queryScales:
      typeof scales === 'string' ? scales.split(',').map(Number) : quick ? [1000, 5000] : [100_000, 1_000_000],
    queryIterations: num('query-iterations', 60, 10),
    sweepCases: num('sweep-cases', 80, 6),
    tunedCache: num('tuned-cache', 100, 0),
    waitingCases: Math.max(1, num('waiting-cases', 10_000, 100)),
    waitingDays: Math.max(1, num('waiting-days', 40, 40)),
    // long enough that the worker keeps up with the early-morning wakes (about 3 ms of real time per case per day)
    waitingDayMs: Math.max(1000, num('waiting-day-ms', 0, 0) || 3 * Math.max(1, num('waiting-cases', 10_000, 100))),
    importPersons: Math.max(1, num('persons', 100_000, 300)),
    importVia: via,
    queryDatabases: dbs as ('sqlite' | 'postgres')[],
    productionCases: Math.max(1, num('production-cases', 200, 5)),
    productionWarmup: num('production-warmup', 20, 2),
    phases,
    skip,
  };
}
