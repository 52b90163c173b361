/**
 * 更新勧奨の日次バッチ: every morning a Temporal Schedule (one per insurer) runs this. It asks the read model which
 * certifications expire within the reminder period and have no renewal filed, and starts a renewal watch for each
 * that has none yet; the watch opens the tasks and closes them when the renewal is filed or the certification expires.
 * Since revision 4 this replaces the watch each decided case used to start at once and keep asleep for its whole
 * validity (up to 48 months): nothing sleeps for years, and the reminder period in force on the day applies.
 * First, the next certifications (a 更新 decided before the expiry) that begin today become the current ones.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  renewalWatchStartAttributes,
  renewalWatchWorkflowId,
  type RenewalSweepInput,
  type RenewalSweepResult,
} from '../renewal-watch/messages';
import { renewalWatchWorkflow } from '../renewal-watch/workflow';
import { WorkflowClock } from '../shared/clock';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

/** At most this many watches a run (a first run over migrated data may find many); the rest follow the next day. */
export const RENEWAL_SWEEP_BATCH = 500;

export async function renewalSweepWorkflow(input: RenewalSweepInput): Promise<RenewalSweepResult> {
  const today = new WorkflowClock(input.timing).today();
  // 次期認定の開始: a renewal decided early becomes the current certification on its start date (issue 18).
  if (patched('promote-next-certifications')) await activities.promoteStartedCertifications(input.insurerNo, today);
  const due = await activities.findRenewalsDue(input.insurerNo, today, RENEWAL_SWEEP_BATCH);
  const outcomes = await Promise.all(
    due.map(async (watch) => {
      try {
        await startChild(renewalWatchWorkflow, {
          workflowId: renewalWatchWorkflowId(watch.insurerNo, watch.applicationNo),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: renewalWatchStartAttributes(watch.insurerNo),
          args: [{ ...watch, timing: input.timing }],
        });
        return 'started' as const;
      } catch (err) {
        // Started by an earlier run (its watch is still open): nothing to do.
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'watching' as const;
        throw err;
      }
    }),
  );
  return {
    on: today,
    started: outcomes.filter((o) => o === 'started').length,
    alreadyWatched: outcomes.filter((o) => o === 'watching').length,
  };
}
