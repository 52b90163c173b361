/** The printed report and the JSON result of a bench run. */
import { LoadResult } from '../lifecycle';
import { machineInfo, type WorkerThreadCpu } from '../lib/proc';
import { round } from '../lib/stats';
import { QueryBenchResult } from './queries';
import type { WaitingFigures } from './waiting';
import { LifecycleFigures } from './lifecycle';
import { MemoryFigures } from './memory';
import { SweepRow } from './sweep';
import type { ImportFigures } from './import';
import type { ProductionFigures } from './production';

export function pad(s: string, n: number): string {
  const w = [...s].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, n - w));
}

export function table(title: string, header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [
    header,
    ...rows.map((r) =>
      r.map((c) =>
        c === null || c === undefined ? '-' : typeof c === 'number' ? (Number.isNaN(c) ? '-' : String(c)) : c,
      ),
    ),
  ];
  const widths = header.map((_, i) =>
    Math.max(...cells.map((r) => [...(r[i] ?? '')].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))),
  );
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i])).join('  ');
  return [
    `\n== ${title}`,
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function report(r: BenchResult): string {
  const parts: string[] = [];
  parts.push(
    `kaigo-flow bench — ${r.startedAt} — ${r.machine.cpuCount}× ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}, Temporal CLI ${r.temporal.cli} (${r.temporal.reported})`,
  );
  parts.push(`settings: ${JSON.stringify(r.settings)}`);
  if (r.quick) parts.push('QUICK RUN: small numbers for a smoke test; the figures are not a judgement of speed.');
  const l = r.lifecycle;
  if (l) {
    parts.push(
      `case shape (baseline replays it): ${l.shape.used}${l.shape.matchesCode ? '' : ' (measured; counts differ from bench/baseline/shape.ts)'}`,
    );
    const row = (name: string, x: LoadResult | null) =>
      x
        ? [
            name,
            x.cases,
            x.concurrency,
            x.casesPerSecond,
            x.stateTransitionsPerCase,
            x.stateTransitionsPerSecond,
            x.history ? round(x.history.bytes / x.cases / 1024, 1) : '-',
            x.actionLatencyMs.p50,
            x.actionLatencyMs.p95,
            x.actionLatencyMs.p99,
            x.caseLatencyMs.p50,
          ]
        : [name, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'];
    parts.push(
      table(
        '1-2. Lifecycle throughput (cases started → decision, every human step an Update)',
        [
          'workflow',
          'cases',
          'conc',
          'cases/s',
          'ST/case',
          'ST/s',
          'KB/case',
          'act p50',
          'act p95',
          'act p99',
          'case p50 ms',
        ],
        [row('kaigo-flow', l.load.kaigo), row('bare baseline', l.load.baseline)],
      ),
    );
    parts.push(
      `   ratio kaigo-flow / baseline (cases/s): median of the rounds ${l.medianRoundRatio ?? '-'}, pooled ${l.ratio ?? '-'}   (target ≥ 0.85)`,
    );
    if (l.rounds.length > 1) {
      const each = l.rounds.map(
        (x, i) => `${i + 1}: ${x.order.map((o) => (o === 'kaigo' ? 'K' : 'B')).join('')} ${x.ratio ?? '-'}`,
      );
      parts.push(`   per interleaved round (B = baseline, K = kaigo-flow, in the order run): ${each.join(' | ')}`);
    }
    parts.push(
      '   ST = state transitions = workflow tasks + activity tasks, counted from every history (local activities run inside workflow tasks); KB = encoded history size per case.',
    );
    const lat = (name: string, x: LoadResult | null) =>
      x
        ? [
            name,
            x.actionLatencyMs.n,
            x.actionLatencyMs.p50,
            x.actionLatencyMs.p95,
            x.actionLatencyMs.p99,
            x.actionLatencyMs.max,
          ]
        : [name, '-', '-', '-', '-', '-'];
    parts.push(
      table(
        '3. Action latency, ms (Update accepted + read model shows the step; baseline: Update round trip)',
        ['run', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          lat('kaigo-flow, concurrency 1', l.latencyC1.kaigo),
          lat('baseline,   concurrency 1', l.latencyC1.baseline),
          lat(`kaigo-flow, concurrency ${r.settings.concurrency}`, l.load.kaigo),
          lat(`baseline,   concurrency ${r.settings.concurrency}`, l.load.baseline),
        ],
      ),
    );
    parts.push(`   p95 ratio at concurrency 1: ${l.latencyP95RatioC1 ?? '-'}   (target ≤ 1.3)`);
    if (l.latencyC1.kaigo) {
      const base = l.latencyC1.baseline ? Object.values(l.latencyC1.baseline.perAction) : [];
      parts.push(
        table(
          '   per action at concurrency 1, ms (the first Update also waits for the start steps, in both)',
          ['action', 'kaigo p50', 'kaigo p95', 'baseline p50', 'baseline p95'],
          Object.entries(l.latencyC1.kaigo.perAction).map(([k, p], i) => [k, p.p50, p.p95, base[i]?.p50, base[i]?.p95]),
        ),
      );
    }
    const cpuRows = Object.entries(l.cpuSeconds).map(([phase, c]) =>
      [phase, ...Object.entries(c).map(([k, v]) => `${k} ${v}s`)].join(' | '),
    );
    if (cpuRows.length) parts.push(`   CPU during the load phases: \n     ${cpuRows.join('\n     ')}`);
    if (l.cpuPerCase) {
      const line = (c: Record<string, number>) =>
        Object.entries(c)
          .map(([k, v]) => `${k} ${v}`)
          .join(' | ');
      parts.push(
        `   CPU ms per case: kaigo-flow ${line(l.cpuPerCase.kaigo)}\n                    baseline   ${line(l.cpuPerCase.baseline)}`,
      );
      parts.push(
        `   CPU ratio baseline / kaigo-flow per case: ${l.cpuPerCase.ratio ?? '-'}   (target ≥ 0.85; the machine is CPU-bound, so this tracks the throughput ratio)`,
      );
    }
    if (l.workerThreadsPerCase) {
      const line = (t: WorkerThreadCpu) =>
        `main ${t.main} | workflow thread ${t.workflows} | core (Rust) ${t.core} | other (GC, thread pool) ${t.other}`;
      parts.push(
        `   worker CPU ms per case by thread: kaigo-flow ${line(l.workerThreadsPerCase.kaigo)}\n                                     baseline   ${line(l.workerThreadsPerCase.baseline)}`,
      );
    }
  }
  for (const q of [r.queries, r.queriesPostgres]) if (q) parts.push(...queryReport(q));
  if (r.import) parts.push(...importReport(r.import));
  if (r.production) parts.push(...productionReport(r.production));
  const w = r.waiting;
  if (w) {
    parts.push(
      table(
        `waiting: ${w.cases} open cases, nobody acting, through ${w.policyDays} policy days of ${w.dayMs} ms (the daily check: 1 task per case per day, all at 00:00)`,
        ['figure', 'value', 'target'],
        [
          ['workflow tasks per case per day', w.workflowTasksPerCasePerDay, '< 0.3'],
          ['wakes (timers fired) per case per day', w.wakesPerCasePerDay, ''],
          ['CPU ms per case per day, dev server', w.cpuMsPerCasePerDay['dev server'], ''],
          ['CPU ms per case per day, kaigo worker', w.cpuMsPerCasePerDay['kaigo worker'], ''],
          ['CPU ms per case per day, all (incl. driver)', w.cpuMsPerCasePerDay.total, ''],
          ['history events per case (at the end)', w.historyEventsPerCase, ''],
          ['history KB per case (at the end)', w.historyKbPerCase, ''],
          ['workflow tasks per case (start to end)', w.workflowTasksPerCase, ''],
          ['wakes in the window', w.wakes.total, ''],
          ['max wakes in one policy minute', w.wakes.maxInOneMinute, ''],
          ["  as a share of a day's wakes", `${round(w.wakes.maxMinuteShareOfDay * 100, 2)} %`, '< 5 %'],
          [
            'minutes of the day used',
            `${w.wakes.minutesUsed} (${w.wakes.firstMinute ?? '-'}–${w.wakes.lastMinute ?? '-'})`,
            '30–329',
          ],
          ['wakes more than a policy hour late', w.lateWakes, '0'],
          ['real seconds of the window', w.windowSeconds, ''],
          ['workflow tasks failed or timed out', w.failedWorkflowTasks, '0'],
        ],
      ),
    );
  }
  const m = r.memory;
  if (m) {
    parts.push(
      table(
        `5. Memory, MB (${m.openCases.toLocaleString()} open cases)`,
        ['process', 'peak RSS', 'VmHWM', 'note'],
        [
          [
            'bare idle worker (baseline)',
            m.bareIdleWorker?.rssMb,
            m.bareIdleWorker?.vmHwmMb,
            'VmHWM includes bundling at start',
          ],
          ['kaigo worker, idle', m.kaigoWorkerIdle?.rssMb, m.kaigoWorkerIdle?.vmHwmMb, ''],
          [
            'kaigo worker, open cases',
            m.kaigoWorker?.peakRssMb,
            m.kaigoWorker?.vmHwmMb,
            `${m.kaigoWorkerVsBareIdle ?? '-'}× bare idle (target ≤ 1.5)`,
          ],
          [
            'kaigo worker, every case page opened',
            m.touched?.workerPeakRssMb,
            m.touched?.workerVmHwmMb,
            m.touched
              ? `${m.touched.vsBareIdle ?? '-'}× bare idle; Query p50 ${m.touched.queryMs.p50} / p95 ${m.touched.queryMs.p95} ms`
              : '',
          ],
          [
            `kaigo worker, maxCachedWorkflows=${m.tuned?.maxCachedWorkflows ?? '-'}`,
            m.tuned?.workerPeakRssMb,
            m.tuned?.workerVmHwmMb,
            m.tuned
              ? `${m.tuned.vsBareIdle ?? '-'}× bare idle; idle ${m.tuned.idleRssMb}; Query p50 ${m.tuned.queryMs.p50} / p95 ${m.tuned.queryMs.p95} ms`
              : '',
          ],
          [
            'web (bin/web.js)',
            m.web?.peakRssMb,
            m.web?.vmHwmMb,
            `idle ${m.web?.idleRssMb ?? '-'}; target ≤ 150${m.web?.error ? `; probe error: ${m.web.error.slice(0, 80)}` : ''}`,
          ],
          ['temporal dev server', m.devServer?.rssMb, m.devServer?.vmHwmMb, ''],
        ],
      ),
    );
    if (m.openCasesStartedPerSecond) parts.push(`   open cases started at ${m.openCasesStartedPerSecond}/s`);
    if (m.web?.probe)
      parts.push(
        `   web pages: ${Object.entries(m.web.probe.statuses)
          .map(([k, v]) => `${k}×${v}`)
          .join(', ')}`,
      );
  }
  if (r.sweep) {
    parts.push(
      table(
        `Settings sweep (${r.sweep[0]?.cases ?? '-'} cases at concurrency ${r.sweep[0]?.concurrency ?? '-'} each, fresh server + worker per row)`,
        ['setting', 'cases/s', 'ST/s', 'act p50', 'act p95', 'worker RSS', 'server CPU s', 'worker CPU s'],
        r.sweep.map((s) => [
          s.setting + (s.error ? ` (failed: ${s.error.slice(0, 60)})` : ''),
          s.casesPerSecond,
          s.stateTransitionsPerSecond,
          s.actionP50Ms,
          s.actionP95Ms,
          s.workerPeakRssMb,
          s.cpuSeconds['temporal dev server'],
          s.cpuSeconds['kaigo worker'],
        ]),
      ),
    );
  }
  parts.push(...summaryReport(summaryOf(r)));
  return parts.join('\n');
}

/** The figures issue 20 asks for, in one place of the printed report and the JSON (null: its phase did not run). */
export interface BenchSummary {
  throughput: { medianRoundRatio: number | null; pooledRatio: number | null; cpuPerCaseRatio: number | null } | null;
  waiting: {
    workflowTasksPerCasePerDay: number;
    cpuMsPerCasePerDay: number;
    historyEventsPerCase: number;
    maxWakesInOneMinute: number;
    maxMinuteShareOfDay: number;
  } | null;
  production: {
    casesPerSecond: number;
    cpuMsPerCase: number | null;
    devServerCasesPerSecond: number | null;
    devServerCpuMsPerCase: number | null;
  } | null;
  import: ImportFigures['perSecond'] | null;
  /** slowest page p95 and slowest single query p95 at each scale, per database */
  queries: {
    database: 'sqlite' | 'postgres';
    cases: number;
    slowestPageP95: number;
    slowestPage: string;
    slowestQueryP95: number;
    slowestQuery: string;
  }[];
}

export function summaryOf(r: BenchResult): BenchSummary {
  const l = r.lifecycle;
  const w = r.waiting;
  const p = r.production;
  return {
    throughput: l
      ? {
          medianRoundRatio: l.medianRoundRatio ?? null,
          pooledRatio: l.ratio,
          cpuPerCaseRatio: l.cpuPerCase?.ratio ?? null,
        }
      : null,
    waiting: w
      ? {
          workflowTasksPerCasePerDay: w.workflowTasksPerCasePerDay,
          cpuMsPerCasePerDay: w.cpuMsPerCasePerDay.total,
          historyEventsPerCase: w.historyEventsPerCase,
          maxWakesInOneMinute: w.wakes.maxInOneMinute,
          maxMinuteShareOfDay: w.wakes.maxMinuteShareOfDay,
        }
      : null,
    production: p
      ? {
          casesPerSecond: p.production.casesPerSecond,
          cpuMsPerCase: p.production.cpuMsPerCase.total ?? null,
          devServerCasesPerSecond: p.devServer?.casesPerSecond ?? null,
          devServerCpuMsPerCase: p.devServer?.cpuMsPerCase.total ?? null,
        }
      : null,
    import: r.import?.perSecond ?? null,
    queries: [r.queries, r.queriesPostgres].flatMap((q) =>
      (q?.scales ?? []).map((s) => {
        const ok = s.pages.filter((x) => !x.error);
        const page = ok.reduce((a, x) => (x.p95 > a.p95 ? x : a), ok[0] ?? { name: '-', p95: NaN });
        return {
          database: q!.database,
          cases: s.cases,
          slowestPageP95: page.p95,
          slowestPage: page.name,
          slowestQueryP95: s.worstP95.p95,
          slowestQuery: s.worstP95.name,
        };
      }),
    ),
  };
}

export function summaryReport(s: BenchSummary): string[] {
  const t = s.throughput;
  const w = s.waiting;
  const p = s.production;
  const i = s.import;
  return [
    table(
      'Issue 20 figures (also `summary` in the JSON)',
      ['figure', 'value', 'target'],
      [
        ['throughput ratio, median of the rounds', t?.medianRoundRatio, '≥ 0.85'],
        ['CPU per case ratio (baseline / kaigo-flow)', t?.cpuPerCaseRatio, '≥ 0.85'],
        ['waiting: workflow tasks per case per day', w?.workflowTasksPerCasePerDay, '< 0.3'],
        ['waiting: CPU ms per case per day', w?.cpuMsPerCasePerDay, ''],
        ['waiting: history events per case', w?.historyEventsPerCase, ''],
        [
          'waiting: busiest policy minute, wakes / share of a day',
          w ? `${w.maxWakesInOneMinute} / ${round(w.maxMinuteShareOfDay * 100, 2)} %` : null,
          '< 5 %',
        ],
        [
          'production topology: cases/s, CPU ms per case',
          p ? `${p.casesPerSecond}, ${p.cpuMsPerCase ?? '-'}` : null,
          '',
        ],
        [
          '  dev server beside it: cases/s, CPU ms per case',
          p ? `${p.devServerCasesPerSecond ?? '-'}, ${p.devServerCpuMsPerCase ?? '-'}` : null,
          '',
        ],
        [
          'import: persons / certifications / certificates per s',
          i ? `${i.persons} / ${i.certifications} / ${i.certificates}` : null,
          '',
        ],
        ...s.queries.map((q) => [
          `queries ${q.database} at ${q.cases.toLocaleString()}: slowest page p95 / query p95, ms`,
          `${q.slowestPageP95} (${q.slowestPage}) / ${q.slowestQueryP95} (${q.slowestQuery})`,
          q.cases <= 100_000 ? '≤ 10' : '',
        ]),
      ],
    ),
  ];
}

export interface BenchResult {
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  quick: boolean;
  machine: ReturnType<typeof machineInfo>;
  temporal: { cli: string; reported: string; sdk: string };
  settings: Record<string, unknown>;
  lifecycle: LifecycleFigures | null;
  memory: MemoryFigures | null;
  waiting: WaitingFigures | null;
  /** SQLite */
  queries: QueryBenchResult | null;
  queriesPostgres: QueryBenchResult | null;
  production: ProductionFigures | null;
  import: ImportFigures | null;
  sweep: SweepRow[] | null;
  /** issue 20's figures gathered from the phases above (written just before the file) */
  summary?: BenchSummary;
  errors: string[];
}

/** The query phase on one database: timings per scale, then every statement's plan. */
export function queryReport(q: QueryBenchResult): string[] {
  const parts: string[] = [];
  const db = q.database === 'postgres' ? 'PostgreSQL' : 'SQLite';
  for (const s of q.scales) {
    parts.push(
      table(
        `5. Read-model queries on ${db} at ${s.cases.toLocaleString()} cases (${s.openCases.toLocaleString()} open; DB ${s.dbSizeMb} MB), ms`,
        ['group', 'query', 'p50', 'p95', 'max'],
        [
          ...s.queries.map((x) => [
            x.group,
            x.name + (x.error ? ` FAILED: ${x.error.slice(0, 70)}` : ''),
            x.p50,
            x.p95,
            x.max,
          ]),
          ...s.pages.map((x) => [x.group, x.name + (x.error ? ` (${x.error})` : ''), x.p50, x.p95, x.max]),
        ],
      ),
    );
    parts.push(`   slowest p95: ${s.worstP95.p95} ms (${s.worstP95.name})   (target ≤ 10 ms at 100,000)`);
  }
  const warn = q.plans.filter((p) => p.warnings.length);
  parts.push(
    `\n   ${q.database === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} (${db}, at the largest scale): ${q.plans.length} statements, ${warn.length} with a full scan or temp sort:`,
  );
  for (const p of q.plans) {
    parts.push(`   [${p.query}] ${p.sql.slice(0, 160)}${p.sql.length > 160 ? '…' : ''}`);
    for (const line of p.plan) parts.push(`       ${p.warnings.includes(line) ? '!' : ' '} ${line}`);
  }
  if (q.batchSizes.length) {
    parts.push(
      table(
        '   read-model insert batch size (rows per INSERT)',
        ['batch', 'cases', 'ms', 'rows/s'],
        q.batchSizes.map((b) => [
          b.batchSize + (b.error ? ` (failed: ${b.error.slice(0, 50)})` : ''),
          b.cases,
          b.ms,
          b.rowsPerSecond,
        ]),
      ),
    );
  }
  return parts;
}

/** The import phase: rows per second of each kind. */
export function importReport(i: ImportFigures): string[] {
  return [
    table(
      `4. Register import, ${i.persons.toLocaleString()} persons (generated files, via ${i.via === 'workflow' ? 'the register-import workflow on bin/worker.js' : 'its activities in process'})`,
      ['kind', 'rows', 'MB', 'invalid', 's', 'rows/s', 'CPU ms/row by process'],
      i.kinds.map((k) => [
        k.kind,
        k.rows,
        i.fileMb[k.kind],
        k.invalid,
        k.seconds,
        k.rowsPerSecond,
        Object.entries(k.cpuMsPerRow)
          .map(([p, v]) => `${p} ${v}`)
          .join(', '),
      ]),
    ),
    `   persons ${i.perSecond.persons}/s, certifications ${i.perSecond.certifications}/s, certificates (負担割合 + 負担限度額) ${i.perSecond.certificates}/s; register after: ${JSON.stringify(i.registerRows)}`,
  ];
}

/** The production phase beside the dev server. */
export function productionReport(p: ProductionFigures): string[] {
  const row = (t: ProductionFigures['production'] | null) =>
    t
      ? [
          t.topology,
          t.cases,
          t.casesPerSecond,
          t.actionP50Ms,
          t.actionP95Ms,
          t.stateTransitionsPerCase,
          t.historyEventsPerCase,
          Object.entries(t.cpuMsPerCase)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ]
      : ['dev server: not run', '-', '-', '-', '-', '-', '-', '-'];
  return [
    table(
      `3. The lifecycle on the production topology beside the dev server (${p.cases} cases each at concurrency ${p.concurrency}, after ${p.warmup} unmeasured)`,
      ['topology', 'cases', 'cases/s', 'act p50', 'act p95', 'ST/case', 'events/case', 'CPU ms per case'],
      [row(p.production), row(p.devServer)],
    ),
    `   production / dev server: cases/s ${p.ratios.casesPerSecond ?? '-'}, CPU per case ${p.ratios.cpuPerCase ?? '-'}; cluster start ${JSON.stringify(p.clusterStartMs)} ms`,
  ];
}
