/**
 * Temporal Schedules kaigo-flow keeps: the 更新勧奨 batch of each insurer, every morning at 06:00 Japan time.
 * Ensured at every worker start; one that already exists is left as it is (an operator may have paused it).
 */
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RENEWAL_SWEEP_WORKFLOW_TYPE, renewalSweepScheduleId } from '../workflows/renewal-watch/messages';

export const RENEWAL_SWEEP_HOUR_JST = 6;

/** Creates the missing renewal-sweep schedules; returns the IDs it created. */
export async function ensureRenewalSweepSchedules(
  client: Client,
  opts: { insurerNos: string[]; taskQueue: string },
): Promise<string[]> {
  const created: string[] = [];
  for (const insurerNo of opts.insurerNos) {
    const scheduleId = renewalSweepScheduleId(insurerNo);
    try {
      await client.schedule.create({
        scheduleId,
        spec: { calendars: [{ hour: RENEWAL_SWEEP_HOUR_JST, minute: 0 }], timezone: 'Asia/Tokyo' },
        action: {
          type: 'startWorkflow',
          workflowType: RENEWAL_SWEEP_WORKFLOW_TYPE,
          workflowId: scheduleId,
          taskQueue: opts.taskQueue,
          args: [{ insurerNo }],
        },
        // A morning missed while the server was down is run once when it is back, the same day.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        memo: { description: `更新勧奨の日次バッチ（保険者 ${insurerNo}）` },
      });
      created.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
