/**
 * Lifecycle driver: cases started and driven to the decision by a simulated caseworker, one Update per human step,
 * `concurrency` cases in flight. The same runner drives kaigo-flow (through CertificationService, the service layer
 * the web pages use) and the bare baseline workflow (plain client calls), so the two are measured the same way.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Actor } from '../domain/actor';
import type { Role } from '../domain/certification/types';
import { CertificationService } from '../web/services/certification';
import type { CertificationAction } from '../workflows/certification/messages';
import { baselineStepUpdate, baselineWorkflow } from './baseline/workflow';
import type { CaseShape } from './baseline/shape';
import { countHistories, HistoryCounts } from './lib/history';
import { nowMs, percentiles, Percentiles, round, runPool, sleep } from './lib/stats';

/** One case as the runner sees it: start, the human steps in order, then wait for the end. */
export interface CaseScript {
  workflowId: string;
  /** `before` runs untimed (e.g. reading the current read-model seq); `run` is the timed action. */
  actions: { name: string; before?: () => Promise<void>; run: () => Promise<void> }[];
  finish: () => Promise<void>;
}

export interface Driver {
  name: string;
  /** Starts case i and returns its script. */
  start: (i: number) => Promise<CaseScript>;
}

export interface LoadResult {
  driver: string;
  cases: number;
  concurrency: number;
  wallSeconds: number;
  casesPerSecond: number;
  actionsPerCase: number;
  startLatencyMs: Percentiles;
  actionLatencyMs: Percentiles;
  perAction: Record<string, Percentiles>;
  caseLatencyMs: Percentiles;
  history: HistoryCounts | null;
  stateTransitionsPerCase: number | null;
  stateTransitionsPerSecond: number | null;
  historyEventsPerSecond: number | null;
  workflowIds: string[];
  /** the raw timings, so that the results of several runs can be merged (dropped from the saved results) */
  samples: LoadSamples;
}

/** Milliseconds per start, per action (and by action name) and per whole case. */
export interface LoadSamples {
  starts: number[];
  actions: number[];
  perAction: Record<string, number[]>;
  cases: number[];
}

/** Runs `cases` cases through `driver` with `concurrency` in flight and times every step. */
export async function runLoad(
  driver: Driver,
  opts: { cases: number; concurrency: number; offset: number; client: Client; countHistory: boolean },
): Promise<LoadResult> {
  const samples: LoadSamples = { starts: [], actions: [], perAction: {}, cases: [] };
  const ids: string[] = [];
  const t0 = nowMs();
  await runPool(opts.cases, opts.concurrency, async (k) => {
    const c0 = nowMs();
    const script = await driver.start(opts.offset + k);
    samples.starts.push(nowMs() - c0);
    ids.push(script.workflowId);
    for (const a of script.actions) {
      await a.before?.();
      const a0 = nowMs();
      await a.run();
      const ms = nowMs() - a0;
      samples.actions.push(ms);
      (samples.perAction[a.name] ??= []).push(ms);
    }
    await script.finish();
    samples.cases.push(nowMs() - c0);
  });
  const wallSeconds = (nowMs() - t0) / 1000;
  const history = opts.countHistory ? await countHistories(opts.client, ids, 4) : null;
  return summarize(driver.name, opts.concurrency, wallSeconds, samples, ids, history);
}

/**
 * One result for several runs of the same driver (the rounds of an interleaved load): cases and wall time add up, the
 * percentiles are taken over every sample.
 */
export function mergeLoads(runs: LoadResult[], history: HistoryCounts | null): LoadResult {
  const samples: LoadSamples = { starts: [], actions: [], perAction: {}, cases: [] };
  for (const r of runs) {
    samples.starts.push(...r.samples.starts);
    samples.actions.push(...r.samples.actions);
    samples.cases.push(...r.samples.cases);
    for (const [k, v] of Object.entries(r.samples.perAction)) (samples.perAction[k] ??= []).push(...v);
  }
  const wall = runs.reduce((t, r) => t + r.wallSeconds, 0);
  return summarize(
    runs[0].driver,
    runs[0].concurrency,
    wall,
    samples,
    runs.flatMap((r) => r.workflowIds),
    history,
  );
}

function summarize(
  driver: string,
  concurrency: number,
  wallSeconds: number,
  samples: LoadSamples,
  ids: string[],
  history: HistoryCounts | null,
): LoadResult {
  const n = samples.cases.length;
  return {
    driver,
    cases: n,
    concurrency,
    wallSeconds: round(wallSeconds),
    casesPerSecond: round(n / wallSeconds),
    actionsPerCase: round(samples.actions.length / n, 1),
    startLatencyMs: percentiles(samples.starts),
    actionLatencyMs: percentiles(samples.actions),
    perAction: Object.fromEntries(Object.entries(samples.perAction).map(([k, v]) => [k, percentiles(v)])),
    caseLatencyMs: percentiles(samples.cases),
    history,
    stateTransitionsPerCase: history ? round(history.stateTransitions / n, 1) : null,
    stateTransitionsPerSecond: history ? round(history.stateTransitions / wallSeconds, 1) : null,
    historyEventsPerSecond: history ? round(history.events / wallSeconds, 1) : null,
    workflowIds: ids,
    samples,
  };
}

// ---------------------------------------------------------------- baseline

export function baselineDriver(client: Client, taskQueue: string, shape: CaseShape, tag: string): Driver {
  return {
    name: 'baseline',
    start: async (i) => {
      const workflowId = `bench-baseline-${tag}-${i}`;
      const handle = await client.workflow.start(baselineWorkflow, { workflowId, taskQueue, args: [shape] });
      return {
        workflowId,
        actions: shape.updates.map((_, n) => ({
          name: `update ${n + 1}`,
          run: async () => {
            await handle.executeUpdate(baselineStepUpdate, { args: [n], updateId: `${workflowId}:${n}` });
          },
        })),
        finish: async () => {
          await handle.result();
        },
      };
    },
  };
}

// ---------------------------------------------------------------- kaigo-flow

export function benchActor(role: Role, userId: number, insurerNo: string): Actor {
  const login = {
    intake: 'nintei',
    surveyor: 'chosa',
    board_secretariat: 'shinsakai',
    benefits: 'kyufu',
    supervisor: 'kakaricho',
    office_staff: 'ukinosato',
    doctor: 'ishi',
  }[role];
  return { userId, loginId: login, displayName: login, role, officeNo: null, insurerNo };
}

/** Insured number of bench person i (generated into the app database before the run). */
export function benchInsuredNo(i: number): string {
  return `8${String(i).padStart(9, '0')}`;
}

/** Adds `count` active, uncertified persons (new applications are accepted for them), in batches. */
export async function addBenchPersons(db: Knex, insurerNo: string, from: number, count: number): Promise<void> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, k) => ({
    insured_no: benchInsuredNo(from + k),
    insurer_no: insurerNo,
    name: `ベンチ ${from + k}`,
    kana: 'ベンチ タロウ',
    birth_date: '1940-01-01',
    sex: '1',
    insured_category: 1,
    status: 'active',
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) await db('insured_persons').insert(rows.slice(i, i + 500));
}

/**
 * Drives one 新規 application through CertificationService: 受付 → 調査員割当 → 訪問日 → 調査完了 → 意見書受領 →
 * 審査会割当 → 二次判定, then waits for the workflow to finish (処分・結果通知). Like the baseline's driver it acts as soon
 * as the case has started (the intake page also waits for the case row before showing it, CertificationService.untilListed;
 * an API client need not): the first Update then waits in the workflow until the case has initialised.
 * After each action it checks the read model shows the step (cases.last_seq reached the receipt's seq): the action latency covers
 * "Update accepted and the read model showing the new state".
 */
export function kaigoDriver(opts: {
  service: CertificationService;
  client: Client;
  db: Knex;
  insurerNo: string;
  today: string;
  tag: string;
  /** stop after starting (open cases for the memory phase) */
  openOnly?: boolean;
}): Driver {
  const { service, db, insurerNo, today, tag } = opts;
  const intake = benchActor('intake', 1, insurerNo);
  const surveyor = benchActor('surveyor', 2, insurerNo);
  const board = benchActor('board_secretariat', 3, insurerNo);
  const steps: [Actor, CertificationAction][] = [
    [intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' }],
    [surveyor, { kind: 'scheduleSurvey', visitOn: today }],
    [
      surveyor,
      {
        kind: 'completeSurvey',
        surveyedOn: today,
        standardMinutes: 55,
        dementia: 'IIa',
        specialNotes: '歩行時にふらつきあり',
      },
    ],
    [intake, { kind: 'receiveOpinion', receivedOn: today, dementia: 'IIa' }],
    [board, { kind: 'scheduleBoard', panel: '第1合議体', boardOn: today }],
    [
      board,
      {
        kind: 'recordSecondaryJudgement',
        finalLevel: 'care_1',
        months: 12,
        careNotes: '転倒に注意',
        serviceTypeRestriction: null,
      },
    ],
    // 処分の決定 (issue 18: a human act of its own); the baseline has no counterpart of this seventh Update.
    [intake, { kind: 'decide' }],
  ];
  const lastSeq = async (workflowId: string): Promise<number> =>
    ((await db('cases').where({ workflow_id: workflowId }).first('last_seq')) as { last_seq: number } | undefined)
      ?.last_seq ?? 0;
  return {
    name: 'kaigo-flow',
    start: async (i) => {
      const applicationNo = `B${tag}-${i}`;
      const received = await service.receiveApplication(
        {
          insurerNo,
          applicationNo,
          insuredNo: benchInsuredNo(i),
          type: 'new',
          appliedOn: today,
          applicant: { kind: 'family', name: '家族 花子' },
          identityCheckedBy: 'nintei',
          identityCheckMethod: '運転免許証',
          doctor: { name: '宇土 誠', clinic: '宇城中央クリニック', phone: '0964-32-9999' },
          residence: { kind: 'home' },
          consent: { granted: true, date: today, obtainedBy: 'municipality' },
        },
        intake,
      );
      const workflowId = received.workflowId;
      if (opts.openOnly) {
        // Like the intake clerk, wait until the case is in the lists (its start steps are written): this keeps the
        // opening rate at what the worker really processes instead of piling up a backlog in the task queue.
        for (let tries = 0; (await lastSeq(workflowId)) < 2; tries++) {
          if (tries > 6000) throw new Error(`read model did not show the new case ${workflowId}`);
          await sleep(10);
        }
        return { workflowId, actions: [], finish: async () => undefined };
      }
      return {
        workflowId,
        actions: steps.map(([who, action], n) => ({
          name: action.kind,
          run: async () => {
            const { seq } = await service.perform(workflowId, action, who, `bench-${n}`);
            // The Update returns once its local activity wrote the step; confirm the read model shows it.
            for (let tries = 0; (await lastSeq(workflowId)) < seq; tries++) {
              if (tries > 2000)
                throw new Error(`read model did not show ${action.kind} (step ${seq}) for ${workflowId}`);
              await sleep(2);
            }
          },
        })),
        finish: async () => {
          await opts.client.workflow.getHandle(workflowId).result();
        },
      };
    },
  };
}
