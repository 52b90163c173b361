/**
 * Temporal Schedules kaigo-flow keeps: the 更新勧奨 batch of each insurer, every morning at 06:00 Japan time, and the
 * 証の年次切替 of each insurer, on 7/1 and 8/1 at 06:00 Japan time.
 * Ensured at every worker start; one that already exists is left as it is (an operator may have paused it).
 */
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { ROLL_CALENDAR } from '../domain/register/roll';
import { REGISTER_ROLL_WORKFLOW_TYPE, registerRollScheduleId } from '../workflows/register-roll/messages';
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

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** Creates the missing register-roll schedules (証の年次切替, 7/1 and 8/1); returns the IDs it created. */
export async function ensureRegisterRollSchedules(
  client: Client,
  opts: { insurerNos: string[]; taskQueue: string },
): Promise<string[]> {
  const created: string[] = [];
  for (const insurerNo of opts.insurerNos) {
    const scheduleId = registerRollScheduleId(insurerNo);
    try {
      await client.schedule.create({
        scheduleId,
        spec: {
          calendars: ROLL_CALENDAR.map((c) => ({
            month: MONTHS[c.month - 1],
            dayOfMonth: c.dayOfMonth,
            hour: c.hour,
            minute: 0,
          })),
          timezone: 'Asia/Tokyo',
        },
        action: {
          type: 'startWorkflow',
          workflowType: REGISTER_ROLL_WORKFLOW_TYPE,
          workflowId: scheduleId,
          taskQueue: opts.taskQueue,
          args: [{ insurerNo }],
        },
        // A run missed while the server was down is made up within a week; the roll finds what is still missing.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
        memo: { description: `負担割合証・負担限度額認定証の年次切替（保険者 ${insurerNo}）` },
      });
      created.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
