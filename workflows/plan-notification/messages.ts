/**
 * The contract of the 居宅サービス計画作成依頼（変更）届出 (居宅届) workflow: start input, human actions (Updates),
 * the live snapshot (Query) and the IDs. The workflow, web/services and tests import this file; web/ takes nothing
 * else from workflows/.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import type { FieldError } from '../../domain/certification/intake';
import type { PlanActionKind, PlanFiling, PlanRound, PlanStage } from '../../domain/plan-notification/types';
import type { Timing } from '../shared/timing';

/** Workflow ID of one 居宅届: `plan-${保険者番号}-${届出番号}`. The 届出番号 is opaque (no 被保険者番号, no name). */
export function planNotificationWorkflowId(insurerNo: string, filingNo: string): string {
  return `plan-${insurerNo}-${filingNo}`;
}

/** 届出番号: `YYYYMMDD-` + 8 hex digits, generated when the form is rendered (it doubles as the form's requestId). */
export const FILING_NO_PATTERN = /^[0-9]{8}-[0-9a-f]{8}$/;

/** Update ID chosen by the caller, so a double click (same requestId) performs the action once. */
export function planUpdateId(workflowId: string, kind: PlanActionKind, requestId: string): string {
  return `${workflowId}:${kind}:${requestId}`;
}

/** Workflow type name as registered on the worker. */
export const PLAN_NOTIFICATION_WORKFLOW_TYPE = 'planNotificationWorkflow';

/** ApplicationFailure type of a filing refused by the acceptance checks; details[0] is FieldError[]. */
export const PLAN_FILING_REFUSED = 'PlanFilingRefused';
/** ApplicationFailure type of an action that does not fit the state or the actor's role. */
export const PLAN_ACTION_REJECTED = 'PlanActionRejected';

/** Start input: which insurer, which filing, which office. The first round arrives as the file Update (update-with-start). */
export interface PlanNotificationStart {
  insurerNo: string;
  filingNo: string;
  /** 事業所番号 of the filing office (from the session). */
  officeNo: string;
  /** The calendar's start date for a test run on another day (see the certification Timing); absent in real use. */
  timing?: Timing;
}

// ---- Human actions (each an Update with a validator) ----

/** 届出 (first round) or 再提出 (after 返戻). */
export interface FileCommand {
  actor: Actor;
  filing: PlanFiling;
}
/** 審査開始 (給付係 picks the filing up). */
export interface ReviewCommand {
  actor: Actor;
}
/** 受理. */
export interface AcceptCommand {
  actor: Actor;
  note?: string | null;
}
/** 返戻 with a reason the office sees. */
export interface ReturnCommand {
  actor: Actor;
  reason: string;
}
/** 取下げ by the filing office (before acceptance). */
export interface WithdrawCommand {
  actor: Actor;
  reason?: string | null;
}

// ---- Live state ----

/** What planNotificationSnapshotQuery and every Update return. */
export interface PlanNotificationSnapshot {
  workflowId: string;
  insurerNo: string;
  filingNo: string;
  officeNo: string;
  stage: PlanStage;
  rounds: PlanRound[];
  /** 受理日 and the 届出年月日 written on the 被保険者証. */
  acceptedOn: IsoDate | null;
  notifiedOn: IsoDate | null;
  refusal: FieldError[] | null;
  /** Read-model sequence of the last recorded step (the page's live version). */
  version: number;
  allowedActions: PlanActionKind[];
}

/** Result of the workflow run. */
export interface PlanNotificationResult {
  outcome: 'accepted' | 'withdrawn' | 'refused' | 'abandoned';
  acceptedOn: IsoDate | null;
  notifiedOn: IsoDate | null;
  rounds: number;
}

/** Live state of one filing. */
export const planNotificationSnapshotQuery = defineQuery<PlanNotificationSnapshot>('planNotificationSnapshot');

/** 届出 (sent with update-with-start). */
export const filePlanUpdate = defineUpdate<PlanNotificationSnapshot, [FileCommand]>('filePlan');
/** 再提出 after 返戻. */
export const refilePlanUpdate = defineUpdate<PlanNotificationSnapshot, [FileCommand]>('refilePlan');
/** 審査開始. */
export const reviewPlanUpdate = defineUpdate<PlanNotificationSnapshot, [ReviewCommand]>('reviewPlan');
/** 受理. */
export const acceptPlanUpdate = defineUpdate<PlanNotificationSnapshot, [AcceptCommand]>('acceptPlan');
/** 返戻. */
export const returnPlanUpdate = defineUpdate<PlanNotificationSnapshot, [ReturnCommand]>('returnPlan');
/** 取下げ. */
export const withdrawPlanUpdate = defineUpdate<PlanNotificationSnapshot, [WithdrawCommand]>('withdrawPlan');
