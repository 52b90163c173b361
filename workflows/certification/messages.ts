/**
 * The contract of the 要介護認定 workflow: input, human actions (Updates), the live snapshot (Query) and the IDs.
 * The workflow, web/services and tests import this file; web/ takes nothing else from workflows/.
 */
import type { SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { DeadlineBreach } from '../../domain/certification/deadlines';
import type { DecisionOutcome } from '../../domain/certification/decision';
import type { InterimUse, SelfPaidReason } from '../../domain/certification/interim';
import type { HoldPeriod } from '../../domain/certification/sla';
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
import { caseStageKey, decisionDueKey, insurerNoKey } from '../search-attributes';
import type { Timing } from '../shared/timing';

/** Workflow ID of one application: `cert-${保険者番号}-${申請番号}` (a double submit cannot start two cases). */
export function certificationWorkflowId(insurerNo: string, applicationNo: string): string {
  return `cert-${insurerNo}-${applicationNo}`;
}

/** Workflow type names as registered on the worker. */
export const CERTIFICATION_WORKFLOW_TYPE = 'certificationWorkflow';

/**
 * Search attributes a starter sets on a new case (codes and dates only): written with the start, they cost no extra
 * visibility write. The workflow upserts any that are missing or differ.
 */
export function certificationStartAttributes(insurerNo: string, dueOn: string, type: string): SearchAttributePair[] {
  return [
    { key: insurerNoKey, value: insurerNo },
    { key: decisionDueKey, value: new Date(`${dueOn}T00:00:00+09:00`) },
    // The 主治医意見書依頼 goes out in the case's first step, so a case settles in 'investigating' at once (転入 has
    // neither survey nor opinion and settles in 'received').
    { key: caseStageKey, value: type === 'transfer_in' ? 'received' : 'investigating' },
  ];
}

/** 主治医 (only one doctor may be named on the application) [S41]. */
export interface Doctor {
  name: string;
  clinic: string;
  phone?: string | null;
  /** 医療機関番号 of a registered 医療機関 (the request goes to its inbox); else matched by the clinic's name */
  institutionNo?: string | null;
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
  /** 主治医意見書 brought by the applicant at intake: no 意見書依頼 and no 督促 (the 認定係 keys it in and checks it) */
  opinionBroughtAtIntake?: boolean;
  /** Notes from the intake classification (e.g. 更新→新規 with the gap) */
  intakeNotes?: string[];
  receivedBy?: string | null;
  timing?: Timing;
  /** The workflow revision the case runs (CERTIFICATION_REVISION when started). */
  revision?: number;
}

/**
 * Revision of the certification workflow's command sequence that new cases start with, carried in their input. When
 * a change alters the commands a running case issues, raise it, branch on `input.revision` in the workflow and commit
 * a history of the new revision (test/workflows/histories/); a revision in the input costs the server nothing, where
 * each patched() call records a marker and a visibility write in every new case.
 */
export const CERTIFICATION_REVISION = 3;
// 1: a daily check at midnight. 2: one timer, set to the next date something can change (issue 20). 3: the intake
// consent recorded beside the work, not before it (the 一次判定 waited on that activity, and 審査会の割当 was refused).

// ---- Human actions (each an Update with a validator; kind = update name) ----

/** 認定調査員の割当: municipal staff or a contracted office. */
export interface AssignSurveyorAction {
  kind: 'assignSurveyor';
  surveyorKind: 'municipal' | 'office';
  surveyorName: string;
  officeNo?: string | null;
  /** 市職員: the surveyor's account; the 認定調査 task is assigned to it (its inbox) */
  surveyorLoginId?: string | null;
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
  /** The day the board actually met; empty = its scheduled day, which must not be after today */
  boardMetOn?: IsoDate | null;
}
/** 処分の決定 by the 認定係 or the 係長: final at once, or waiting for the 係長's 決裁 (rules.decisionApprovalRequired). */
export interface DecideAction {
  kind: 'decide';
  /** empty = today */
  decidedOn?: IsoDate | null;
}
/** 処分の決裁 by the 係長: the 処分 takes this date, and the 結果通知書 goes out. */
export interface ApproveDecisionAction {
  kind: 'approveDecision';
  /** empty = today */
  approvedOn?: IsoDate | null;
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

/** 暫定利用の登録: services used before the decision (office from the register, start date, the assumed level). */
export interface RecordInterimUseAction {
  kind: 'recordInterimUse';
  officeNo: string;
  startOn: IsoDate;
  assumedLevel: CareLevel;
}
/** 暫定利用の精算 by the 給付係: closes the self-paid flag's task with a note. */
export interface SettleInterimAction {
  kind: 'settleInterim';
  note: string;
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
  | DecideAction
  | ApproveDecisionAction
  | WithdrawAction
  | RecordDeathAction
  | RecordMoveOutAction
  | RejectAction
  | RecordInterimUseAction
  | SettleInterimAction;
export type CertificationActionKind = CertificationAction['kind'];
export type ActionOf<K extends CertificationActionKind> = Extract<CertificationAction, { kind: K }>;

/** What every Update carries: who acts, and what. */
export interface Command<K extends CertificationActionKind = CertificationActionKind> {
  actor: Actor;
  action: ActionOf<K>;
}

// ---- Tasks (tasks.ts: the table by task key, part of this contract) ----

export { CERTIFICATION_TASKS, certificationTask, type CertificationTask, type CertificationTaskKey } from './tasks';

// ---- Live state ----

/** How a case ended (cases.outcome): a 処分 (domain/certification/decision) or an ending action. */
export type CertificationOutcome =
  | DecisionOutcome // 認定, 非該当, 区分変更 却下（変更なし）, みなし更新
  | 'withdrawn' // 取下げ
  | 'rejected_deceased' // 却下（調査前の死亡）
  | 'rejected' // 却下（理由付き）
  | 'moved_out'; // 転出

export interface SurveyState {
  /** 調査依頼: the day the surveyor was assigned; the survey's SLA clock starts here */
  requestedOn: IsoDate | null;
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
  /** brought by the applicant at intake: never requested, never reminded */
  broughtAtIntake?: boolean;
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

/** 暫定利用 on the case: what was recorded, and the settlement once the case has ended. */
export interface InterimRecord extends InterimUse {
  recordedBy: string;
  recordedOn: IsoDate;
  /** null until the case ends; then the self-paid reason, if any */
  selfPaid: { reason: SelfPaidReason; flaggedOn: IsoDate; settledOn: IsoDate | null; note: string | null } | null;
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
  board: { panel: string; boardOn: IsoDate; metOn: IsoDate | null } | null;
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
  /** 処分 entered by the 認定係, waiting for the 係長's 決裁 */
  pendingDecision: { decidedOn: IsoDate; by: string } | null;
  /** The 処分 the 二次判定 leads to, while it waits for its 決定 or 決裁: what the 結果通知書 will say */
  proposedDecision: {
    outcome: CertificationOutcome;
    level: CareLevel;
    validFrom: IsoDate | null;
    validTo: IsoDate | null;
    reason: string | null;
  } | null;
  /** 法27条11項: the decision came after the due date with no (or an outrun) 延期通知 */
  deadlineBreach: DeadlineBreach | null;
  /** 保留 periods per stage (their days stop the stage's SLA clock) */
  holds: { survey: HoldPeriod[]; opinion: HoldPeriod[] };
  postponements: PostponementRecord[];
  /** 延期通知 task currently open (n), if any */
  postponementDue: { n: number; expectedDecisionOn: IsoDate; reason: PostponementReason } | null;
  sla: { survey: SlaState | null; opinion: SlaState | null; board: SlaState | null; overall: SlaState | null };
  deceasedOn: IsoDate | null;
  outcome: CertificationOutcome | null;
  outcomeReason: string | null;
  /** 暫定利用 and, once the case has ended, whether it is 全額自己負担 (and whether the 給付係 has settled it) */
  interim: InterimRecord | null;
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

/**
 * The insurer's settings changed: the case reloads its rules for its application date and sets its one timer again
 * (revision 2 on). Carries nothing; whoever changes a setting signals the insurer's open cases.
 */
export const certificationSettingsChangedSignal = defineSignal('certificationSettingsChanged');

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

const update = <K extends CertificationActionKind>(kind: K) => defineUpdate<ActionReceipt, [Command<K>]>(kind);

/** One Update per action kind, named after it (the service's `perform` looks the action up here). */
export const certificationUpdates = {
  assignSurveyor: update('assignSurveyor'),
  scheduleSurvey: update('scheduleSurvey'),
  completeSurvey: update('completeSurvey'),
  receiveOpinion: update('receiveOpinion'),
  hold: update('hold'),
  resume: update('resume'),
  scheduleBoard: update('scheduleBoard'),
  recordSecondaryJudgement: update('recordSecondaryJudgement'),
  recordPostponementNotice: update('recordPostponementNotice'),
  decide: update('decide'),
  approveDecision: update('approveDecision'),
  withdraw: update('withdraw'),
  recordDeath: update('recordDeath'),
  recordMoveOut: update('recordMoveOut'),
  reject: update('reject'),
  recordInterimUse: update('recordInterimUse'),
  settleInterim: update('settleInterim'),
} as const;
