import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NotFoundError } from '../errors';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One row of the machine-level history as a supervisor reads it. */
export interface HistoryRow {
  eventId: number;
  time: string | null;
  type: string;
  /** activity, update, signal, timer or child-workflow name, when the event has one */
  name: string | null;
}

const EVENT_TYPES = temporal.api.enums.v1.EventType as unknown as Record<number, string>;

function toNumber(v: unknown): number {
  if (v == null) return 0;
  if (typeof v === 'number') return v;
  return Number((v as { toString(): string }).toString());
}

function timeOf(e: HistoryEvent): string | null {
  if (!e.eventTime?.seconds) return null;
  return new Date(toNumber(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6)).toISOString();
}

/** The name an event is about: the activity type, the update or signal name, the timer id, the child workflow type. */
function nameOf(e: HistoryEvent): string | null {
  return (
    e.activityTaskScheduledEventAttributes?.activityType?.name ??
    e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
    e.workflowExecutionUpdateAdmittedEventAttributes?.request?.input?.name ??
    e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ??
    e.workflowExecutionSignaledEventAttributes?.signalName ??
    e.timerStartedEventAttributes?.timerId ??
    e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ??
    e.workflowExecutionStartedEventAttributes?.workflowType?.name ??
    e.markerRecordedEventAttributes?.markerName ??
    null
  );
}

/** ワークフロー履歴: the Temporal event history of one case (handle.fetchHistory()), flattened for a table. */
export class HistoryService {
  constructor(private readonly client: Client) {}

  async events(workflowId: string): Promise<HistoryRow[]> {
    try {
      const history = await this.client.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).map((e) => ({
        eventId: toNumber(e.eventId),
        time: timeOf(e),
        type: (EVENT_TYPES[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, ''),
        name: nameOf(e),
      }));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundError('ワークフローが見つかりません');
      throw err;
    }
  }
}
