/**
 * Phase: the cost of waiting (issue 20). N open cases with realistic dates (applied 0–29 days ago, nobody acting on
 * them) live through `days` policy days of `dayMs` real milliseconds each: workflow tasks and CPU per case per day,
 * history events per case, and the largest number of wakes in any one policy minute. The former daily check cost
 * one workflow task per open case per day, every one of them at 00:00.
 */
import type { temporal } from '@temporalio/proto';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { wakeMinuteOfDay } from '../../domain/certification/wake';
import { addDays, jstDateOf } from '../../domain/dates';
import { benchActor, benchInsuredNo } from '../lifecycle';
import { countHistory, fetchEvents } from '../lib/history';
import { round, runPool, sleep } from '../lib/stats';
import { log, withCpu, type Stack } from './stack';

type Event = temporal.api.history.v1.IHistoryEvent;

const DAY_MS = 86_400_000;

export interface WaitingFigures {
  cases: number;
  policyDays: number;
  dayMs: number;
  /** workflow tasks in the window, per open case per policy day (the daily check: 1) */
  workflowTasksPerCasePerDay: number;
  /** timers that fired (wakes) in the window, per open case per policy day */
  wakesPerCasePerDay: number;
  /** CPU ms per open case per policy day, by process, over the window */
  cpuMsPerCasePerDay: Record<string, number>;
  /** history events per case at the end (start, 申請受付 and every wake of its life so far) */
  historyEventsPerCase: number;
  /** encoded history bytes per case at the end */
  historyKbPerCase: number;
  /** workflow tasks per case, from its start to the end of the window */
  workflowTasksPerCase: number;
  wakes: {
    total: number;
    /** the largest number of wakes in one policy minute (date and minute of day, JST) */
    maxInOneMinute: number;
    /** that, over the average wakes per policy day (target: below 5 %; the daily check: 100 %) */
    maxMinuteShareOfDay: number;
    /** distinct minutes of the day wakes fell in (the window 00:30–05:30 has 300) */
    minutesUsed: number;
    /** the earliest and latest minute of the day a case woke at */
    firstMinute: number | null;
    lastMinute: number | null;
  };
  /** real seconds the window took, and whether the worker kept up (timers fired late by more than a policy hour) */
  windowSeconds: number;
  /** workflow tasks that failed or timed out (should be 0), and the event types seen, for diagnosis */
  failedWorkflowTasks: number;
  eventTypes: Record<string, number>;
  lateWakes: number;
}

const ms = (e: Event) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

/** Opens `cases` cases applied 0–29 days ago (as many of each age), then lets them wait for `days` policy days. */
export async function runWaiting(
  stack: Stack,
  opts: {
    cases: number;
    days: number;
    dayMs: number;
    concurrency: number;
    today: string;
    tag: string;
    firstPerson: number;
  },
): Promise<WaitingFigures> {
  const { cases, days, dayMs, today, tag } = opts;
  const intake = benchActor('intake', 1, DEMO_INSURER_NO);
  const ids: string[] = [];
  log(`waiting: opening ${cases} cases (applied 0–29 days ago, dayMs ${dayMs})`);
  await runPool(cases, opts.concurrency, async (k) => {
    const appliedOn = addDays(today, -(k % 30));
    const received = await stack.service.receiveApplication(
      {
        insurerNo: DEMO_INSURER_NO,
        applicationNo: `W${tag}-${k}`,
        insuredNo: benchInsuredNo(opts.firstPerson + k),
        type: 'new',
        appliedOn,
        applicant: { kind: 'family', name: '家族 花子' },
        identityCheckedBy: 'nintei',
        identityCheckMethod: '運転免許証',
        doctor: { name: '宇土 誠', clinic: '宇城中央クリニック', phone: '0964-32-9999' },
        residence: { kind: 'home' },
        consent: { granted: true, date: appliedOn, obtainedBy: 'municipality' },
        timing: { dayMs },
      },
      intake,
    );
    ids.push(received.workflowId);
  });
  // Measure from when every case has made its intake check and set its timer (its start steps are in the read model).
  for (let tries = 0; tries < 600; tries++) {
    const row = (await stack.db('cases').where('last_seq', '>=', 2).count({ n: '*' }).first()) as { n: number };
    if (Number(row.n) >= cases) break;
    await sleep(500);
  }
  await sleep(Math.min(5000, dayMs / 4));
  const pids = { 'dev server': stack.server.child.pid, 'kaigo worker': stack.kaigoWorker.pid };
  const windowMs = days * dayMs;
  log(`waiting: ${cases} cases open; ${days} policy days (${round(windowMs / 1000, 0)} s)`);
  const t0 = Date.now();
  const { cpuSeconds } = await withCpu(pids, () => sleep(windowMs));
  const t1 = Date.now();
  log('waiting: reading the histories');
  let tasksInWindow = 0;
  let wakesInWindow = 0;
  let lateWakes = 0;
  let events = 0;
  let bytes = 0;
  let failedTasks = 0;
  const eventTypes: Record<string, number> = {};
  let tasks = 0;
  const perMinute = new Map<string, number>();
  const minutes = new Set<number>();
  await runPool(ids.length, 8, async (i) => {
    const id = ids[i];
    const h = await fetchEvents(stack.client, id);
    events += h.length;
    bytes += countHistory(h).bytes;
    const origin = ms(h[0]);
    const policy = (t: number) => origin + (t - origin) * (DAY_MS / dayMs);
    const minute = wakeMinuteOfDay(id);
    const timers = new Map<string, number>(); // timer id → intended real fire time
    for (const e of h) {
      const t = ms(e);
      const type = String(e.eventType);
      eventTypes[type] = (eventTypes[type] ?? 0) + 1;
      if (e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) failedTasks += 1;
      if (e.workflowTaskCompletedEventAttributes) {
        tasks += 1;
        if (t >= t0 && t < t1) tasksInWindow += 1;
      }
      const started = e.timerStartedEventAttributes;
      if (started?.timerId) {
        const d = started.startToFireTimeout;
        timers.set(started.timerId, t + Number(d?.seconds ?? 0) * 1000 + Math.floor((d?.nanos ?? 0) / 1e6));
      }
      const fired = e.timerFiredEventAttributes;
      if (fired?.timerId && t >= t0 && t < t1) {
        wakesInWindow += 1;
        const intended = timers.get(fired.timerId) ?? t;
        if ((t - intended) * (DAY_MS / dayMs) > 3_600_000) lateWakes += 1;
        // The date from the intended instant; the minute is the case's own (fixed by its workflow ID).
        const key = `${jstDateOf(policy(intended))} ${minute}`;
        perMinute.set(key, (perMinute.get(key) ?? 0) + 1);
        minutes.add(minute);
      }
    }
  });
  const policyDays = (t1 - t0) / dayMs;
  const perCaseDay = (n: number) => round(n / cases / policyDays, 3);
  const cpuMs = Object.fromEntries(
    Object.entries(cpuSeconds).map(([k, v]) => [k, round((v * 1000) / cases / policyDays, 3)]),
  );
  cpuMs.total = round(Object.values(cpuSeconds).reduce((a, v) => a + v, 0) * (1000 / cases / policyDays), 3);
  const maxInOneMinute = Math.max(0, ...perMinute.values());
  const sortedMinutes = [...minutes].sort((a, b) => a - b);
  return {
    cases,
    policyDays: round(policyDays, 1),
    dayMs,
    workflowTasksPerCasePerDay: perCaseDay(tasksInWindow),
    wakesPerCasePerDay: perCaseDay(wakesInWindow),
    cpuMsPerCasePerDay: cpuMs,
    historyEventsPerCase: round(events / cases, 1),
    historyKbPerCase: round(bytes / cases / 1024, 1),
    workflowTasksPerCase: round(tasks / cases, 1),
    wakes: {
      total: wakesInWindow,
      maxInOneMinute,
      maxMinuteShareOfDay: wakesInWindow ? round(maxInOneMinute / (wakesInWindow / policyDays), 4) : 0,
      minutesUsed: minutes.size,
      firstMinute: sortedMinutes[0] ?? null,
      lastMinute: sortedMinutes[sortedMinutes.length - 1] ?? null,
    },
    windowSeconds: round((t1 - t0) / 1000, 1),
    failedWorkflowTasks: failedTasks,
    eventTypes,
    lateWakes,
  };
}
