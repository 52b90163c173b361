/**
 * Cases driven to their decision while faults happen, and the count of what each left behind. The driver is the
 * bench's (bench/lifecycle.ts: CertificationService, one Update per human step) with every call retried as a user or
 * an API client would, with the same requestId, so a retry may never add an effect. scripts/chaos/judge.ts then
 * compares each case with a control case run before any fault and with its own history.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { kaigoDriver } from '../../bench/lifecycle';
import { runPool, sleep } from '../../bench/lib/stats';
import type { CaseHistory } from './judge';
import type { CertificationService } from '../../web/services/certification';

const EventType = temporal.api.enums.v1.EventType;

export interface DriveResult {
  workflowIds: string[];
  /** cases whose calls still failed when the deadline passed, with the last error */
  unfinished: { workflowId: string | null; error: string }[];
  retries: number;
}

/** Runs cases [from, from + count) to their end; gives up on a case at `deadline` (it counts as stuck). */
export async function driveCases(opts: {
  service: CertificationService;
  client: Client;
  db: Parameters<typeof kaigoDriver>[0]['db'];
  insurerNo: string;
  today: string;
  tag: string;
  from: number;
  count: number;
  concurrency: number;
  deadline: () => number;
}): Promise<DriveResult> {
  const driver = kaigoDriver({ ...opts });
  const result: DriveResult = { workflowIds: [], unfinished: [], retries: 0 };
  const retrying = async (fn: () => Promise<void>) => {
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        if (Date.now() > opts.deadline()) throw err;
        result.retries++;
        await sleep(300);
      }
    }
  };
  await runPool(opts.count, opts.concurrency, async (k) => {
    let workflowId: string | null = null;
    try {
      let script: Awaited<ReturnType<typeof driver.start>> | null = null;
      await retrying(async () => {
        script = await driver.start(opts.from + k);
      });
      workflowId = script!.workflowId;
      result.workflowIds.push(workflowId);
      for (const a of script!.actions) await retrying(a.run);
      await retrying(script!.finish);
    } catch (err) {
      result.unfinished.push({ workflowId, error: (err as Error).message });
    }
  });
  return result;
}

export async function caseHistory(client: Client, workflowId: string): Promise<CaseHistory> {
  try {
    const handle = client.workflow.getHandle(workflowId);
    const status = (await handle.describe()).status.name;
    const history = await handle.fetchHistory();
    const count = (t: number) => (history.events ?? []).filter((e) => e.eventType === t).length;
    return {
      status,
      updatesAccepted: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
      updatesCompleted: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
    };
  } catch {
    return { status: null, updatesAccepted: 0, updatesCompleted: 0 };
  }
}
