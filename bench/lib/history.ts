import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CaseShape } from '../baseline/shape';

/**
 * What one workflow history contains. "State transitions" here = workflow tasks + activity tasks, counted from the
 * history: WorkflowTask{Completed,Failed,TimedOut} + ActivityTask{Completed,Failed,TimedOut,Canceled}. Local
 * activities run inside workflow tasks (MarkerRecorded), so they add no activity task of their own.
 */
export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  activityTasks: number;
  localActivities: number;
  updates: number;
  timers: number;
  stateTransitions: number;
  /** encoded size of the history events (payloads included), bytes */
  bytes: number;
}

export function emptyCounts(): HistoryCounts {
  return {
    events: 0,
    workflowTasks: 0,
    activityTasks: 0,
    localActivities: 0,
    updates: 0,
    timers: 0,
    stateTransitions: 0,
    bytes: 0,
  };
}

export function addCounts(a: HistoryCounts, b: HistoryCounts): HistoryCounts {
  const out = emptyCounts();
  for (const k of Object.keys(out) as (keyof HistoryCounts)[]) out[k] = a[k] + b[k];
  return out;
}

type Event = temporal.api.history.v1.IHistoryEvent;

function isLocalActivityMarker(e: Event): boolean {
  return (
    !!e.markerRecordedEventAttributes && (e.markerRecordedEventAttributes.markerName ?? '').includes('local_activity')
  );
}

export function countHistory(events: Event[]): HistoryCounts {
  const c = emptyCounts();
  for (const e of events) {
    c.events += 1;
    c.bytes += temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
    if (
      e.workflowTaskCompletedEventAttributes ||
      e.workflowTaskFailedEventAttributes ||
      e.workflowTaskTimedOutEventAttributes
    )
      c.workflowTasks += 1;
    if (
      e.activityTaskCompletedEventAttributes ||
      e.activityTaskFailedEventAttributes ||
      e.activityTaskTimedOutEventAttributes ||
      e.activityTaskCanceledEventAttributes
    )
      c.activityTasks += 1;
    if (isLocalActivityMarker(e)) c.localActivities += 1;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) c.updates += 1;
    if (e.timerStartedEventAttributes) c.timers += 1;
  }
  c.stateTransitions = c.workflowTasks + c.activityTasks;
  return c;
}

/** Reads the activity shape of a case from its history (see CaseShape). */
export function shapeOfHistory(events: Event[]): CaseShape {
  const shape: CaseShape = { start: '', updates: [], end: '' };
  let afterLastUpdateCompleted = false;
  for (const e of events) {
    if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      // Activities between two Updates belong to the earlier one (it caused them).
      if (shape.updates.length > 0 && shape.end) {
        shape.updates[shape.updates.length - 1] += shape.end;
        shape.end = '';
      }
      shape.updates.push('');
      afterLastUpdateCompleted = false;
      continue;
    }
    if (e.workflowExecutionUpdateCompletedEventAttributes) {
      afterLastUpdateCompleted = true;
      continue;
    }
    const kind = e.activityTaskScheduledEventAttributes ? 'R' : isLocalActivityMarker(e) ? 'L' : null;
    if (!kind) continue;
    if (shape.updates.length === 0) shape.start += kind;
    else if (afterLastUpdateCompleted) shape.end += kind;
    else shape.updates[shape.updates.length - 1] += kind;
  }
  return shape;
}

export async function fetchEvents(client: Client, workflowId: string): Promise<Event[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events ?? [];
}

/** Sums the history counts of many workflows, `concurrency` fetches at a time. */
export async function countHistories(client: Client, workflowIds: string[], concurrency = 8): Promise<HistoryCounts> {
  let total = emptyCounts();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < workflowIds.length) {
        const id = workflowIds[next++];
        const counts = countHistory(await fetchEvents(client, id)); // await first: `total` must be read after it
        total = addCounts(total, counts);
      }
    }),
  );
  return total;
}
