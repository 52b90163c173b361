/**
 * 証の年次切替: a Temporal Schedule (one per insurer, 7/1 and 8/1 at 06:00 Japan time) runs this. For the period of
 * the 負担割合証 and 負担限度額認定証 about to start (domain/register/roll), it goes through the insurer's persons in
 * batches: each batch moves the register's current values to the period in force on the day and opens a task for the
 * 給付係 for every person whose certificate for the new period is missing. A task is opened once per person, kind and
 * period, so a second run (the 8/1 one, or a retry) opens only what is newly missing. Long runs continue as new.
 */
import { ApplicationFailure, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { isValidIsoDate } from '../../domain/dates';
import { rollPeriodOf } from '../../domain/register/roll';
import { WorkflowClock } from '../shared/clock';
import type { RegisterRollInput, RegisterRollResult, RegisterRollTotals } from './messages';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute' },
});

/** Persons per batch (one activity, one transaction). */
export const REGISTER_ROLL_BATCH = 500;
/** Batches per run before it continues as new (keeps the history short for 100,000 persons). */
export const REGISTER_ROLL_BATCHES_PER_RUN = 100;

export async function registerRollWorkflow(input: RegisterRollInput): Promise<RegisterRollResult> {
  if (input.asOf !== undefined && !isValidIsoDate(input.asOf))
    throw ApplicationFailure.nonRetryable(`基準日が正しくありません: ${input.asOf}`, 'InvalidInput');
  const asOf = input.asOf ?? new WorkflowClock(input.timing).today();
  const period = rollPeriodOf('copay', asOf);
  let totals: RegisterRollTotals = input.totals ?? { persons: 0, rolled: 0, opened: 0, alreadyOpened: 0 };
  let after = input.after ?? null;
  for (let i = 0; i < REGISTER_ROLL_BATCHES_PER_RUN; i++) {
    const r = await activities.rollRegisterBatch({
      insurerNo: input.insurerNo,
      asOf,
      period,
      after,
      limit: REGISTER_ROLL_BATCH,
      at: new Date().toISOString(),
    });
    totals = {
      persons: totals.persons + r.persons,
      rolled: totals.rolled + r.rolled,
      opened: totals.opened + r.opened,
      alreadyOpened: totals.alreadyOpened + r.alreadyOpened,
    };
    if (r.next === null) return { asOf, periodFrom: period.from, periodTo: period.to, ...totals };
    after = r.next;
  }
  return continueAsNew<typeof registerRollWorkflow>({ ...input, asOf, after, totals });
}
