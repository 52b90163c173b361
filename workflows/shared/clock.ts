/**
 * The workflow's calendar: "today" in Japan, and timers that wait until a calendar date.
 * All durations are policy: one day of workflow time is `timing.dayMs` of real time (tests shrink it),
 * measured from the run's start. Date arithmetic itself stays in domain/. `timing.startOn` moves the calendar so the run
 * starts on that date (the demo test runs the demo on chosen days: month ends, a leap day).
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import { daysBetween, jstDateOf } from '../../domain/dates';
import type { IsoDate } from '../../domain/certification/types';
import type { Timing } from './timing';

const DAY_MS = 86_400_000;

export class WorkflowClock {
  private readonly dayMs: number;
  private readonly originMs: number;
  private readonly shiftMs: number;

  constructor(timing: Timing | undefined) {
    this.dayMs = timing?.dayMs && timing.dayMs > 0 ? timing.dayMs : DAY_MS;
    this.originMs = workflowInfo().runStartTime.getTime();
    this.shiftMs = timing?.startOn ? daysBetween(jstDateOf(this.originMs), timing.startOn) * DAY_MS : 0;
  }

  /** Workflow time as epoch ms (equals real time when dayMs is one real day and no startOn is given). */
  nowMs(): number {
    return this.originMs + this.shiftMs + (Date.now() - this.originMs) * (DAY_MS / this.dayMs);
  }

  /** 今日 (Japan). */
  today(): IsoDate {
    return jstDateOf(this.nowMs());
  }

  /** Real milliseconds until JST midnight starting `date` (0 when already there). */
  private msUntil(date: IsoDate): number {
    const target = Date.parse(`${date}T00:00:00+09:00`);
    const workflowMs = target - this.nowMs();
    return workflowMs <= 0 ? 0 : Math.max(1, Math.ceil((workflowMs * this.dayMs) / DAY_MS));
  }

  /** Real milliseconds until the workflow-time instant `epochMs` (0 when already there). */
  realMsUntil(epochMs: number): number {
    const workflowMs = epochMs - this.nowMs();
    return workflowMs <= 0 ? 0 : Math.max(1, Math.ceil((workflowMs * this.dayMs) / DAY_MS));
  }

  /** Waits until `date` begins or `done()` holds; true when `done()` ended the wait. */
  async waitUntil(date: IsoDate, done: () => boolean): Promise<boolean> {
    const ms = this.msUntil(date);
    if (ms === 0) return done();
    return condition(done, ms);
  }
}
