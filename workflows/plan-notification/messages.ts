/**
 * The contract of the 居宅サービス計画作成依頼（変更）届出 (居宅届) workflow: start input, human actions (Updates),
 * the live snapshot (Query) and the IDs. The workflow, web/services and tests import this file; web/ takes nothing
 * else from workflows/.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { PLAN_NOTIFICATION_PHASE_LABELS } from '../../domain/glossary';
import type { CareLevel, IsoDate, OfficeKind } from '../../domain/certification/types';
import type { FieldError } from '../../domain/certification/intake';
import type { IdentityCheck } from '../../domain/plan-notification/checks';
import type { Timing } from '../certification/messages';

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

/** 届出の種類: 新規 (first office) or 変更 (change of office). */
export type PlanFilingKind = 'new' | 'change';

/** 届出人と本人との関係. */
export type NotifierRelation = 'self' | 'family' | 'care_manager' | 'other';

/** What the care office types in (the 事業所 comes from the session, never from the form). */
export interface PlanFiling {
  kind: PlanFilingKind;
  /** 被保険者 as written on the form (checked against the register: number + birth date). */
  person: { insuredNo: string; name: string; kana: string; birthDate: IsoDate };
  /** 開始（変更）年月日: notified to 国保連 [S67d]. */
  startDate: IsoDate;
  /** 届出書に記載の届出日 (used only when planNotificationDateBasis = 'written'). */
  writtenOn?: IsoDate | null;
  /** 変更事由 and the previous office (kind = 'change'). */
  change?: { reason: string; previousOfficeNo: string } | null;
  /** 届出人 (submitter). */
  notifier: { name: string; relation: NotifierRelation; phone?: string | null };
  /** 本人確認の記録 [S72] [S74]. */
  identity: IdentityCheck;
}

/** The office that makes the plan, as registered (offices table) when the round was received. */
export interface PlanOffice {
  officeNo: string;
  name: string;
  kind: OfficeKind;
  address: string | null;
  phone: string | null;
}

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

export type PlanActionKind = 'file' | 'refile' | 'review' | 'accept' | 'return' | 'withdraw';

/** 操作名 (buttons, history). */
export const PLAN_ACTION_LABELS: Record<PlanActionKind, string> = {
  file: '届出',
  refile: '再提出',
  review: '審査開始',
  accept: '受理',
  return: '返戻',
  withdraw: '取下げ',
};

// ---- Live state ----

/** 状態: new (before the first round is accepted by the checks) → submitted → under_review → returned | accepted. */
export type PlanPhase = 'new' | 'submitted' | 'under_review' | 'returned' | 'accepted' | 'withdrawn' | 'refused';

/** 状態の表示名. */
export const PLAN_PHASE_LABELS: Record<PlanPhase, string> = PLAN_NOTIFICATION_PHASE_LABELS;

/** One round: a (re)submission and what the 給付係 did with it. The history keeps every round. */
export interface PlanRound {
  n: number;
  filing: PlanFiling;
  office: PlanOffice;
  filedBy: string;
  submittedAt: string;
  /** 受付日 (JST date of submittedAt). */
  receivedOn: IsoDate;
  /** e.g. the 償還払い warning when the start date precedes the filing date. */
  warnings: string[];
  /** The person's level used for the office-kind check ('pending' = 申請中). */
  personLevel: CareLevel | 'pending' | null;
  /** 届出年月日の基準 (rules setting in force on receivedOn). */
  dateBasis: 'received' | 'written';
  reviewStartedAt: string | null;
  reviewedBy: string | null;
  decision: 'accepted' | 'returned' | 'withdrawn' | null;
  decidedAt: string | null;
  decidedBy: string | null;
  returnReason: string | null;
  note: string | null;
}

/** What planNotificationSnapshotQuery and every Update return. */
export interface PlanNotificationSnapshot {
  workflowId: string;
  insurerNo: string;
  filingNo: string;
  officeNo: string;
  phase: PlanPhase;
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

// ---- Activity contract (implemented in activities/plan-notification.ts) ----

/** Input of checkPlanFiling: the facts are read from the database, the rules are domain/plan-notification/checks. */
export interface PlanFilingCheckInput {
  workflowId: string;
  insurerNo: string;
  officeNo: string;
  filing: PlanFiling;
  filedOn: IsoDate;
}

/** Output of checkPlanFiling. */
export interface PlanFilingCheckResult {
  errors: FieldError[];
  warnings: string[];
  office: PlanOffice | null;
  personLevel: CareLevel | 'pending' | null;
  dateBasis: 'received' | 'written';
  insurerName: string;
}

/** Input of applyPlanAcceptance (idempotent per workflow). */
export interface PlanAcceptanceInput {
  workflowId: string;
  insurerNo: string;
  insuredNo: string;
  officeNo: string;
  startDate: IsoDate;
  notifiedOn: IsoDate;
  updatedAt: string;
}

/** The assignments acceptance ended (前事業所の終了). */
export interface PlanAcceptanceResult {
  endedAssignments: { officeNo: string; endDate: IsoDate }[];
}
