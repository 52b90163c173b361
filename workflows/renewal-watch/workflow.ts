/**
 * 更新勧奨: started by the daily batch (renewal-sweep) for a certification near its expiry. Sleeps until N days
 * before the expiry, raises the renewal tasks for the care office and for the 認定係, and closes them when the
 * renewal is filed or, failing that, when the certification has expired.
 */
import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { addDays } from '../../domain/dates';
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import { careLevelLabel } from '../../domain/glossary';
import { caseStageKey, changedAttributes, insurerNoKey } from '../search-attributes';
import { WorkflowClock } from '../shared/clock';
import { renewalFiledSignal, type RenewalWatchInput, type RenewalWatchOutcome } from './messages';

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

type Progress = Omit<Parameters<Activities['recordProgress']>[0], 'workflowId' | 'seq' | 'occurredAt'>;
type Filed = { applicationNo: string; filedOn: string };

/** Wakes renewalReminderDaysBeforeExpiry days before the expiry and opens the 更新申請 tasks. */
export async function renewalWatchWorkflow(input: RenewalWatchInput): Promise<RenewalWatchOutcome> {
  const { workflowId } = workflowInfo();
  const clock = new WorkflowClock(input.timing);
  let filed: Filed | null = null;
  setHandler(renewalFiledSignal, (s) => {
    filed ??= s;
  });
  // Each step moves the stage search attribute, then writes the read model.
  const record = async (seq: number, stage: string, progress: Progress) => {
    upsertSearchAttributes([{ key: caseStageKey, value: stage }]);
    await local.recordProgress({ workflowId, seq, occurredAt: new Date().toISOString(), ...progress });
  };
  upsertMissingStartAttributes(input.insurerNo);

  await clock.waitUntil(addDays(input.validTo, -input.daysBeforeExpiry), () => filed !== null);
  if (filed) return record(1, 'renewal_filed', renewalFiled(input, filed)).then(() => 'renewal_filed' as const);
  await record(1, 'renewal_due', renewalDue(input));
  // 更新勧奨通知 (issue 16): the letter to the person, once, unless the person's status has ended meanwhile.
  if (patched('renewal-reminder-letter')) {
    await activities.issueRenewalReminderLetter({
      workflowId,
      insurerNo: input.insurerNo,
      insuredNo: input.insuredNo,
      careLevel: input.careLevel,
      validTo: input.validTo,
      issuedOn: clock.today(),
      issuedAt: new Date().toISOString(),
    });
  }

  await clock.waitUntil(addDays(input.validTo, 1), () => filed !== null);
  if (filed) return record(2, 'renewal_filed', renewalFiled(input, filed)).then(() => 'renewal_filed' as const);
  await record(2, 'expired', {
    case: { stage: 'expired', status: 'closed', outcome: 'expired' },
    event: { type: 'certification_expired', actor: SYSTEM_ACTOR_NAME, payload: { validTo: input.validTo } },
    closeAllOpenTasks: 'cancelled',
  });
  return 'expired';
}

/**
 * The batch sets these at start (renewalWatchStartAttributes); a watch started without them upserts both in
 * one command.
 */
function upsertMissingStartAttributes(insurerNo: string): void {
  const pairs = changedAttributes(workflowInfo().typedSearchAttributes, [
    { key: insurerNoKey, value: insurerNo },
    { key: caseStageKey, value: 'waiting' },
  ]);
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}

/** 更新勧奨: the case row and the tasks for the 認定係 and, when there is one, the plan office. */
function renewalDue(input: RenewalWatchInput): Progress {
  const title = `更新申請の勧奨（${careLevelLabel(input.careLevel)}、${input.validTo} 満了）`;
  const task = { type: 'renewal', title, dueOn: input.validTo };
  return {
    case: {
      case_kind: 'renewal_watch',
      insurer_no: input.insurerNo,
      insured_no: input.insuredNo,
      application_no: input.applicationNo,
      stage: 'renewal_due',
      status: 'open',
      due_on: input.validTo,
      final_level: input.careLevel,
      valid_to: input.validTo,
    },
    event: {
      type: 'renewal_due',
      actor: SYSTEM_ACTOR_NAME,
      payload: { validTo: input.validTo, daysBeforeExpiry: input.daysBeforeExpiry },
    },
    openTasks: [
      { key: 'renewal-intake', ...task, candidateRole: 'intake' },
      ...(input.officeNo
        ? [{ key: 'renewal-office', ...task, candidateRole: 'office_staff', officeNo: input.officeNo }]
        : []),
    ],
  };
}

/** 更新申請の受付: the watch closes, its tasks completed. */
function renewalFiled(input: RenewalWatchInput, filed: Filed): Progress {
  return {
    case: {
      case_kind: 'renewal_watch',
      insurer_no: input.insurerNo,
      insured_no: input.insuredNo,
      application_no: input.applicationNo,
      stage: 'renewal_filed',
      status: 'closed',
      outcome: 'renewal_filed',
      valid_to: input.validTo,
    },
    event: { type: 'renewal_filed', actor: SYSTEM_ACTOR_NAME, payload: { ...filed } },
    closeAllOpenTasks: 'completed',
  };
}
