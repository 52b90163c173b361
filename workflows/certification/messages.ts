/**
 * The contract of the 要介護認定 workflow: input, human actions (Updates), the live snapshot (Query) and the IDs.
 * The workflow, web/services and tests import this file; web/ takes nothing else from workflows/.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { Action as Permission } from '../../domain/access';
import type {
  ApplicantKind,
  ApplicationType,
  CareLevel,
  CertificationStage,
  DementiaIndependence,
  IsoDate,
  PostponementReason,
  SlaState,
} from '../../domain/certification/types';
export { certificationStartAttributes, renewalWatchStartAttributes } from '../search-attributes';
// The 更新勧奨 messages live beside their workflows; the web takes them from here like every other message.
export * from '../renewal-watch/messages';

/** Workflow ID of one application: `cert-${保険者番号}-${申請番号}` (a double submit cannot start two cases). */
export function certificationWorkflowId(insurerNo: string, applicationNo: string): string {
  return `cert-${insurerNo}-${applicationNo}`;
}

/** Workflow type names as registered on the worker. */
export const CERTIFICATION_WORKFLOW_TYPE = 'certificationWorkflow';

/** Timer policy: one "day" of every timer is dayMs milliseconds (tests shrink it; calendar dates stay real). */
export interface Timing {
  /** default 86_400_000 */
  dayMs?: number;
  /** The date (Japan) the workflow's calendar starts on; default the real date. Lets a test run a case on any day. */
  startOn?: IsoDate;
}

/** 主治医 (only one doctor may be named on the application) [S41]. */
export interface Doctor {
  name: string;
  clinic: string;
  phone?: string | null;
}

/** 情報基盤への提供の同意 (包括同意), recorded at intake [S52] [S53]. */
export interface IntakeConsent {
  granted: boolean;
  date: IsoDate;
  obtainedBy: 'municipality' | 'office_proxy';
  officeNo?: string | null;
}

/** 申請書の内容: what the 認定係 receives, already classified by the service (type is the accepted 申請区分). */
export interface CertificationInput {
  insurerNo: string;
  applicationNo: string;
  /** 被保険者番号 (kept in the history and the read model, never in search attributes) */
  insuredNo: string;
  type: ApplicationType;
  appliedOn: IsoDate;
  applicant: { kind: ApplicantKind; name: string; officeNo?: string | null };
  identityCheckedBy?: string | null;
  identityCheckMethod?: string | null;
  doctor: Doctor;
  /** 居所: home / hospital / facility / other, with a free-text place */
  residence?: { kind: 'home' | 'hospital' | 'facility' | 'other'; name?: string | null } | null;
  levelChangeReason?: string | null;
  movedInOn?: IsoDate | null;
  /** 転入者継続: the level on the previous insurer's 受給資格証明書 */
  transferCertificate?: { level: CareLevel; validTo?: IsoDate | null } | null;
  consent?: IntakeConsent | null;
  /** 更新: prior consent to omit the 延期通知 when decided within the current validity [S6] [S9] */
  renewalConsentToSkipPostponement?: boolean;
  /** Notes from the intake classification (e.g. 更新→新規 with the gap) */
  intakeNotes?: string[];
  receivedBy?: string | null;
  timing?: Timing;
  /** The workflow revision the case runs (CERTIFICATION_REVISION when started); absent in cases started before 4. */
  revision?: number;
}

/**
 * Revision of the certification workflow's command sequence that new cases start with, carried in their input.
 * A revision in the input costs the server nothing, while every patched() call records a marker and upserts the
 * TemporalChangeVersion search attribute (one more visibility write per case). Cases started without one (before
 * revision 4) replay on the patched paths they were recorded with: 2 = stage-on-every-step, 3 = fewer-visibility-writes.
 * 4: the stage 'investigating' comes with the start; one daily check (SLA, 督促, 延期通知) instead of three timers;
 *    no renewal watch started at the decision (the daily 更新勧奨 batch starts it near the expiry).
 */
export const CERTIFICATION_REVISION = 4;

// ---- Human actions (each an Update with a validator; kind = update name) ----

/** 認定調査員の割当: municipal staff or a contracted office. */
export interface AssignSurveyorAction {
  kind: 'assignSurveyor';
  surveyorKind: 'municipal' | 'office';
  surveyorName: string;
  officeNo?: string | null;
}
/** 訪問日の設定. */
export interface ScheduleSurveyAction {
  kind: 'scheduleSurvey';
  visitOn: IsoDate;
}
/** 認定調査の完了: 基準時間, 認知症自立度 (調査), 特記事項. */
export interface CompleteSurveyAction {
  kind: 'completeSurvey';
  surveyedOn: IsoDate;
  standardMinutes: number;
  dementia: DementiaIndependence;
  specialNotes?: string | null;
  dementiaProbabilityIIOrHigher?: number | null;
  unstableCondition?: boolean;
}
/** 主治医意見書の受領: 認知症自立度 (意見書). */
export interface ReceiveOpinionAction {
  kind: 'receiveOpinion';
  receivedOn: IsoDate;
  dementia: DementiaIndependence;
}
/** 保留 (survey or opinion) with a reason. */
export interface HoldAction {
  kind: 'hold';
  track: 'survey' | 'opinion';
  reason: string;
}
/** 保留の解除. */
export interface ResumeAction {
  kind: 'resume';
  track: 'survey' | 'opinion';
}
/** 審査会の割当: 合議体 and date. */
export interface ScheduleBoardAction {
  kind: 'scheduleBoard';
  panel: string;
  boardOn: IsoDate;
}
/** 二次判定の登録. */
export interface RecordSecondaryJudgementAction {
  kind: 'recordSecondaryJudgement';
  finalLevel: CareLevel;
  months: number;
  /** 療養上の留意事項 (審査会の意見) */
  careNotes?: string | null;
  /** サービスの種類の指定 */
  serviceTypeRestriction?: string | null;
  /** 非該当 の理由 (行政手続法8条); a default text is used when empty */
  reason?: string | null;
}
/** 延期通知の発行 (defaults: the computed 処理見込期間 and reason). */
export interface RecordPostponementNoticeAction {
  kind: 'recordPostponementNotice';
  expectedDecisionOn?: IsoDate | null;
  reason?: PostponementReason | null;
}
/** 取下げ (refused once decided). */
export interface WithdrawAction {
  kind: 'withdraw';
  withdrawnOn: IsoDate;
  reason: string;
}
/** 死亡の届出: before the survey → 却下; after it the case may go on to the board. */
export interface RecordDeathAction {
  kind: 'recordDeath';
  diedOn: IsoDate;
}
/** 転出: the case is closed. */
export interface RecordMoveOutAction {
  kind: 'recordMoveOut';
  movedOutOn: IsoDate;
}
/** 却下 with a stated reason (行政手続法8条). */
export interface RejectAction {
  kind: 'reject';
  reason: string;
}

/** Every human action on a certification case. */
export type CertificationAction =
  | AssignSurveyorAction
  | ScheduleSurveyAction
  | CompleteSurveyAction
  | ReceiveOpinionAction
  | HoldAction
  | ResumeAction
  | ScheduleBoardAction
  | RecordSecondaryJudgementAction
  | RecordPostponementNoticeAction
  | WithdrawAction
  | RecordDeathAction
  | RecordMoveOutAction
  | RejectAction;
export type CertificationActionKind = CertificationAction['kind'];
export type ActionOf<K extends CertificationActionKind> = Extract<CertificationAction, { kind: K }>;

/** What every Update carries: who acts, and what. */
export interface Command<K extends CertificationActionKind = CertificationActionKind> {
  actor: Actor;
  action: ActionOf<K>;
}

/** 操作名 (button and task-form labels). */
export const CERTIFICATION_ACTION_LABELS: Record<CertificationActionKind, string> = {
  assignSurveyor: '認定調査員の割当',
  scheduleSurvey: '訪問調査日の設定',
  completeSurvey: '認定調査の完了登録',
  receiveOpinion: '主治医意見書の受領',
  hold: '保留',
  resume: '保留の解除',
  scheduleBoard: '審査会の割当',
  recordSecondaryJudgement: '二次判定の登録',
  recordPostponementNotice: '延期通知の発行',
  withdraw: '取下げ',
  recordDeath: '死亡の届出',
  recordMoveOut: '転出の届出',
  reject: '却下',
};

/** Which domain/access permission each action needs (domain/access.ts `can`). */
export const CERTIFICATION_ACTION_PERMISSIONS: Record<CertificationActionKind, Permission> = {
  assignSurveyor: 'survey.assign',
  scheduleSurvey: 'survey.record',
  completeSurvey: 'survey.record',
  receiveOpinion: 'opinion.record',
  hold: 'case.hold',
  resume: 'case.hold',
  scheduleBoard: 'board.schedule',
  recordSecondaryJudgement: 'board.decide',
  recordPostponementNotice: 'certification.postpone',
  withdraw: 'certification.withdraw',
  recordDeath: 'certification.withdraw',
  recordMoveOut: 'certification.withdraw',
  reject: 'certification.withdraw',
};

// ---- Live state ----

/** How a case ended (cases.outcome). */
export type CertificationOutcome =
  | 'certified' // 認定
  | 'non_applicable' // 非該当
  | 'rejected_no_change' // 区分変更 却下（変更なし）
  | 'deemed_renewal' // みなし更新
  | 'withdrawn' // 取下げ
  | 'rejected_deceased' // 却下（調査前の死亡）
  | 'rejected' // 却下（理由付き）
  | 'moved_out'; // 転出

export interface SurveyState {
  surveyorKind: 'municipal' | 'office' | null;
  surveyorName: string | null;
  officeNo: string | null;
  visitOn: IsoDate | null;
  completedOn: IsoDate | null;
  standardMinutes: number | null;
  dementia: DementiaIndependence | null;
  specialNotes: string | null;
  dementiaProbabilityIIOrHigher: number | null;
  unstableCondition: boolean;
  hold: string | null;
}

export interface OpinionState {
  requestedOn: IsoDate;
  reminders: number;
  receivedOn: IsoDate | null;
  dementia: DementiaIndependence | null;
  hold: string | null;
}

export interface PostponementRecord {
  n: number;
  noticeOn: IsoDate;
  expectedDecisionOn: IsoDate;
  reason: PostponementReason;
}

/** What certificationSnapshotQuery returns (and every Update, after it has been applied). */
export interface CertificationSnapshot {
  workflowId: string;
  insurerNo: string;
  applicationNo: string;
  type: ApplicationType;
  appliedOn: IsoDate;
  today: IsoDate;
  stage: CertificationStage;
  dueOn: IsoDate;
  previous: { level: CareLevel | null; validFrom: IsoDate | null; validTo: IsoDate | null };
  survey: SurveyState;
  opinion: OpinionState;
  primaryLevel: CareLevel | null;
  bothDocumentsOn: IsoDate | null;
  board: { panel: string; boardOn: IsoDate } | null;
  secondary: {
    finalLevel: CareLevel;
    months: number;
    careNotes: string | null;
    serviceTypeRestriction: string | null;
    reason: string | null;
  } | null;
  decision: {
    outcome: CertificationOutcome;
    decidedOn: IsoDate;
    validFrom: IsoDate | null;
    validTo: IsoDate | null;
  } | null;
  postponements: PostponementRecord[];
  /** 延期通知 task currently open (n), if any */
  postponementDue: { n: number; expectedDecisionOn: IsoDate; reason: PostponementReason } | null;
  sla: { survey: SlaState | null; opinion: SlaState | null; board: SlaState | null; overall: SlaState | null };
  deceasedOn: IsoDate | null;
  outcome: CertificationOutcome | null;
  outcomeReason: string | null;
  /** Actions the current state accepts (roles are checked separately) */
  allowedActions: CertificationActionKind[];
}

/** Result of the workflow run. */
export interface CertificationResult {
  outcome: CertificationOutcome;
  finalLevel: CareLevel | null;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
}

/** Live state of one case. */
export const certificationSnapshotQuery = defineQuery<CertificationSnapshot>('certificationSnapshot');

/**
 * What every Update answers: the step the action was recorded as (the read model shows it once the Update returns)
 * and where the case now stands. Small on purpose, since each Update's result stays in the history; the whole case is
 * one Query away (certificationSnapshotQuery).
 */
export interface ActionReceipt {
  /** case_events.seq of the step; cases.last_seq is at least this */
  seq: number;
  stage: CertificationStage;
  outcome: CertificationOutcome | null;
  allowedActions: CertificationActionKind[];
}

export const assignSurveyorUpdate = defineUpdate<ActionReceipt, [Command<'assignSurveyor'>]>('assignSurveyor');
export const scheduleSurveyUpdate = defineUpdate<ActionReceipt, [Command<'scheduleSurvey'>]>('scheduleSurvey');
export const completeSurveyUpdate = defineUpdate<ActionReceipt, [Command<'completeSurvey'>]>('completeSurvey');
export const receiveOpinionUpdate = defineUpdate<ActionReceipt, [Command<'receiveOpinion'>]>('receiveOpinion');
export const holdUpdate = defineUpdate<ActionReceipt, [Command<'hold'>]>('hold');
export const resumeUpdate = defineUpdate<ActionReceipt, [Command<'resume'>]>('resume');
export const scheduleBoardUpdate = defineUpdate<ActionReceipt, [Command<'scheduleBoard'>]>('scheduleBoard');
export const recordSecondaryJudgementUpdate = defineUpdate<ActionReceipt, [Command<'recordSecondaryJudgement'>]>(
  'recordSecondaryJudgement',
);
export const recordPostponementNoticeUpdate = defineUpdate<ActionReceipt, [Command<'recordPostponementNotice'>]>(
  'recordPostponementNotice',
);
export const withdrawUpdate = defineUpdate<ActionReceipt, [Command<'withdraw'>]>('withdraw');
export const recordDeathUpdate = defineUpdate<ActionReceipt, [Command<'recordDeath'>]>('recordDeath');
export const recordMoveOutUpdate = defineUpdate<ActionReceipt, [Command<'recordMoveOut'>]>('recordMoveOut');
export const rejectUpdate = defineUpdate<ActionReceipt, [Command<'reject'>]>('reject');

/** Update definition per action kind (the service's `perform` looks the action up here). */
export const certificationUpdates = {
  assignSurveyor: assignSurveyorUpdate,
  scheduleSurvey: scheduleSurveyUpdate,
  completeSurvey: completeSurveyUpdate,
  receiveOpinion: receiveOpinionUpdate,
  hold: holdUpdate,
  resume: resumeUpdate,
  scheduleBoard: scheduleBoardUpdate,
  recordSecondaryJudgement: recordSecondaryJudgementUpdate,
  recordPostponementNotice: recordPostponementNoticeUpdate,
  withdraw: withdrawUpdate,
  recordDeath: recordDeathUpdate,
  recordMoveOut: recordMoveOutUpdate,
  reject: rejectUpdate,
} as const;
