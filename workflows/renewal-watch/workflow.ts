/**
 * 更新勧奨: started (ABANDON) when a certification is decided. Sleeps until N days before the expiry, raises the
 * renewal tasks for the care office and for the 認定係, and closes them when the certification has expired.
 */
import { proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { addDays } from '../../domain/dates';
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import { careLevelLabel } from '../../domain/glossary';
import { WorkflowClock } from '../certification/clock';
import type { RenewalWatchInput } from '../certification/messages';
import { caseKindKey, caseStageKey, insurerNoKey } from '../search-attributes';

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Wakes renewalReminderDaysBeforeExpiry days before the expiry and opens the 更新申請 tasks. */
export async function renewalWatchWorkflow(input: RenewalWatchInput): Promise<'expired'> {
  const { workflowId } = workflowInfo();
  const clock = new WorkflowClock(input.timing);
  upsertSearchAttributes([
    { key: caseKindKey, value: 'renewal_watch' },
    { key: insurerNoKey, value: input.insurerNo },
    { key: caseStageKey, value: 'waiting' },
  ]);
  await clock.waitUntil(addDays(input.validTo, -input.daysBeforeExpiry), () => false);

  upsertSearchAttributes([{ key: caseStageKey, value: 'renewal_due' }]);
  const title = `更新申請の勧奨（${careLevelLabel(input.careLevel)}、${input.validTo} 満了）`;
  await local.recordProgress({
    workflowId,
    seq: 1,
    occurredAt: new Date().toISOString(),
    case: {
      case_kind: 'renewal_watch', insurer_no: input.insurerNo, insured_no: input.insuredNo, application_no: input.applicationNo,
      stage: 'renewal_due', status: 'open', due_on: input.validTo, final_level: input.careLevel, valid_to: input.validTo,
    },
    event: { type: 'renewal_due', actor: SYSTEM_ACTOR_NAME, payload: { validTo: input.validTo, daysBeforeExpiry: input.daysBeforeExpiry } },
    openTasks: [
      { key: 'renewal-intake', type: 'renewal', title, candidateRole: 'intake', dueOn: input.validTo },
      ...(input.officeNo
        ? [{ key: 'renewal-office', type: 'renewal', title, candidateRole: 'office_staff', officeNo: input.officeNo, dueOn: input.validTo }]
        : []),
    ],
  });

  await clock.waitUntil(addDays(input.validTo, 1), () => false);
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
