/**
 * 更新勧奨: started (ABANDON) when a certification is decided. Sleeps until N days before the expiry, raises the
 * renewal tasks for the care office and for the 認定係, and closes them when the renewal is filed or, failing that,
 * when the certification has expired.
 */
import { proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { addDays } from '../../domain/dates';
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import { careLevelLabel } from '../../domain/glossary';
import { WorkflowClock } from '../shared/clock';
import { renewalFiledSignal, type RenewalWatchInput, type RenewalWatchOutcome } from './messages';
import { caseKindKey, caseStageKey, changedAttributes, insurerNoKey } from '../search-attributes';

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Wakes renewalReminderDaysBeforeExpiry days before the expiry and opens the 更新申請 tasks. */
export async function renewalWatchWorkflow(input: RenewalWatchInput): Promise<RenewalWatchOutcome> {
  const { workflowId } = workflowInfo();
  const clock = new WorkflowClock(input.timing);
  let filed: { applicationNo: string; filedOn: string } | null = null;
  setHandler(renewalFiledSignal, (s) => {
    filed ??= s;
  });
  const renewalFiled = async (seq: number) => {
    upsertSearchAttributes([{ key: caseStageKey, value: 'renewal_filed' }]);
    await local.recordProgress({
      workflowId,
      seq,
      occurredAt: new Date().toISOString(),
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
    });
    return 'renewal_filed' as const;
  };
  const startAttributes = [
    { key: caseKindKey, value: 'renewal_watch' },
    { key: insurerNoKey, value: input.insurerNo },
    { key: caseStageKey, value: 'waiting' },
  ] as const;
  // The certification workflow sets these at start (renewalWatchStartAttributes). A watch started without them (every
  // one before that change) upserts all three in one command, as it always did: its first event decides, so it replays.
  const pairs = changedAttributes(workflowInfo().typedSearchAttributes, [...startAttributes]);
  if (pairs.length > 0) upsertSearchAttributes(pairs);
  await clock.waitUntil(addDays(input.validTo, -input.daysBeforeExpiry), () => filed !== null);
  if (filed) return renewalFiled(1);

  upsertSearchAttributes([{ key: caseStageKey, value: 'renewal_due' }]);
  const title = `更新申請の勧奨（${careLevelLabel(input.careLevel)}、${input.validTo} 満了）`;
  await local.recordProgress({
    workflowId,
    seq: 1,
    occurredAt: new Date().toISOString(),
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
      { key: 'renewal-intake', type: 'renewal', title, candidateRole: 'intake', dueOn: input.validTo },
      ...(input.officeNo
        ? [
            {
              key: 'renewal-office',
              type: 'renewal',
              title,
              candidateRole: 'office_staff',
              officeNo: input.officeNo,
              dueOn: input.validTo,
            },
          ]
        : []),
    ],
  });

  await clock.waitUntil(addDays(input.validTo, 1), () => filed !== null);
  if (filed) return renewalFiled(2);
  upsertSearchAttributes([{ key: caseStageKey, value: 'expired' }]);
  await local.recordProgress({
    workflowId,
    seq: 2,
    occurredAt: new Date().toISOString(),
    case: { stage: 'expired', status: 'closed', outcome: 'expired' },
    event: { type: 'certification_expired', actor: SYSTEM_ACTOR_NAME, payload: { validTo: input.validTo } },
    closeAllOpenTasks: 'cancelled',
  });
  return 'expired';
}
