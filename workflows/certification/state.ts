/**
 * The state of one 要介護認定 case and what each human action (Update) does to it: one method per message, each
 * returning the Step the read model records (case fields, event, tasks, notice). The automatic steps (steps.ts) and
 * the validators (validation.ts) build on it; all rules come from domain/.
 */
import type { Activities } from '../../activities';
import { allowedActions, type CaseView } from '../../domain/certification/actions';
import { decisionDueDate } from '../../domain/certification/deadlines';
import type { CertificationRules } from '../../domain/certification/rules';
import type {
  CareLevel,
  CertificationStage,
  IsoDate,
  PostponementReason,
  SlaState,
} from '../../domain/certification/types';
import { addDays } from '../../domain/dates';
import { caseSla } from './sla';
import { proposalPreview } from './steps';
import type { WorkflowClock } from '../shared/clock';
import {
  CERTIFICATION_TASKS,
  type ActionReceipt,
  type CertificationActionKind,
  type CertificationInput,
  type CertificationOutcome,
  type CertificationResult,
  type CertificationSnapshot,
  type CertificationTaskKey,
  type Command,
} from './messages';

type ProgressRecord = Parameters<Activities['recordProgress']>[0];
type CaseFields = NonNullable<ProgressRecord['case']>;
type TaskSpec = NonNullable<ProgressRecord['openTasks']>[number];
export type TaskClose = NonNullable<ProgressRecord['closeTasks']>[number];

/** The insured person's current certification as loaded at intake. */
export interface PreviousCertification {
  level: CareLevel | null;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  planOfficeNo: string | null;
}

/** A notice to render and store with the step. */
export interface NoticeSpec {
  key: string;
  kind: string;
  title: string;
  template: string;
  data: Record<string, unknown>;
}

/** One workflow step as the read model records it. */
export interface Step {
  event?: { type: string; actor?: string | null; payload?: Record<string, unknown> };
  case?: CaseFields;
  openTasks?: TaskSpec[];
  closeTasks?: TaskClose[];
  closeAllOpenTasks?: 'completed' | 'cancelled';
  notice?: NoticeSpec;
}

/** A 延期通知 that is due now. */
export interface PostponementCheck {
  required: boolean;
  omittedByRenewalConsent: boolean;
  expectedDecisionOn: IsoDate;
  reason: PostponementReason;
}

export class CertificationState {
  readonly workflowId: string;
  stage: CertificationStage = 'received';
  readonly dueOn: IsoDate;
  readonly survey: CertificationSnapshot['survey'] = {
    requestedOn: null,
    surveyorKind: null,
    surveyorName: null,
    officeNo: null,
    visitOn: null,
    completedOn: null,
    standardMinutes: null,
    dementia: null,
    specialNotes: null,
    dementiaProbabilityIIOrHigher: null,
    unstableCondition: false,
    hold: null,
  };
  readonly opinion: CertificationSnapshot['opinion'];
  primaryLevel: CareLevel | null = null;
  bothDocumentsOn: IsoDate | null = null;
  board: CertificationSnapshot['board'] = null;
  secondary: CertificationSnapshot['secondary'] = null;
  secondaryOn: IsoDate | null = null;
  decision: CertificationSnapshot['decision'] = null;
  pendingDecision: CertificationSnapshot['pendingDecision'] = null;
  deadlineBreach: CertificationSnapshot['deadlineBreach'] = null;
  readonly holds: CertificationSnapshot['holds'] = { survey: [], opinion: [] };
  readonly postponements: CertificationSnapshot['postponements'] = [];
  postponementDue: CertificationSnapshot['postponementDue'] = null;
  deceasedOn: IsoDate | null = null;
  outcome: CertificationOutcome | null = null;
  outcomeReason: string | null = null;
  /** Set when a human action (取下げ, 死亡, 転出, 却下) ended the case. */
  endedByAction = false;
  /** 取下げ日・死亡日 of the action that ended the case (set by the action) */
  endedOn: IsoDate | null = null;
  /** 暫定利用 (recordInterimUse), with its settlement once the case has ended */
  interim: CertificationSnapshot['interim'] = null;
  /** internal to steps.ts */
  postponementOmissionRecorded = false;
  /** the SLA state last written to the read model */
  lastSla: SlaState | null = null;

  constructor(
    readonly input: CertificationInput,
    readonly rules: CertificationRules,
    readonly previous: PreviousCertification,
    readonly clock: WorkflowClock,
    workflowId: string,
  ) {
    this.workflowId = workflowId;
    this.dueOn = decisionDueDate(input.appliedOn, rules);
    // The 意見書依頼 goes out with the intake (steps.opinionRequested), so its clock starts today, not on the 申請日.
    this.opinion = { requestedOn: clock.today(), reminders: 0, receivedOn: null, dementia: null, hold: null };
    if (input.opinionBroughtAtIntake) this.opinion.broughtAtIntake = true;
  }

  get isTransferIn(): boolean {
    return this.input.type === 'transfer_in';
  }
  get documentsIn(): boolean {
    return this.survey.completedOn != null && this.opinion.receivedOn != null;
  }
  /** 二次判定 recorded (or the case decided or ended): the actions before the board are over. */
  get isJudged(): boolean {
    return this.secondary != null || this.decision != null || this.outcome != null;
  }
  /** 処分 made (or the case ended): the 30-day clock stops here, not at the 二次判定. */
  get isDecided(): boolean {
    return this.decision != null || this.outcome != null;
  }

  /** The case as the action rules (domain/certification/actions) read it. */
  view(): CaseView {
    return {
      type: this.input.type,
      appliedOn: this.input.appliedOn,
      today: this.clock.today(),
      ended: this.outcome != null,
      judged: this.isJudged,
      survey: this.survey,
      opinion: this.opinion,
      primaryLevel: this.primaryLevel,
      boardScheduled: this.board != null,
      boardOn: this.board?.boardOn ?? null,
      boardMetOn: this.board?.metOn ?? null,
      pendingDecisionOn: this.pendingDecision?.decidedOn ?? null,
      postponementDue: this.postponementDue != null,
      deceasedOn: this.deceasedOn,
      previousLevel: this.previous.level,
      previousValidTo: this.previous.validTo,
      rules: this.rules,
      interim: this.interim,
    };
  }

  result(): CertificationResult {
    return {
      outcome: this.outcome!,
      finalLevel: this.secondary?.finalLevel ?? this.input.transferCertificate?.level ?? null,
      validFrom: this.decision?.validFrom ?? null,
      validTo: this.decision?.validTo ?? null,
    };
  }

  /** An Update's answer: the step's seq and where the case stands now. */
  receipt(seq: number): ActionReceipt {
    return { seq, stage: this.stage, outcome: this.outcome, allowedActions: this.allowedActions() };
  }

  /** The actions possible now. */
  allowedActions(): CertificationActionKind[] {
    return allowedActions(this.view());
  }

  snapshot(): CertificationSnapshot {
    const i = this.input;
    const snap: CertificationSnapshot = {
      workflowId: this.workflowId,
      insurerNo: i.insurerNo,
      applicationNo: i.applicationNo,
      type: i.type,
      appliedOn: i.appliedOn,
      today: this.clock.today(),
      stage: this.stage,
      dueOn: this.dueOn,
      previous: { level: this.previous.level, validFrom: this.previous.validFrom, validTo: this.previous.validTo },
      survey: this.survey,
      opinion: this.opinion,
      primaryLevel: this.primaryLevel,
      bothDocumentsOn: this.bothDocumentsOn,
      board: this.board,
      secondary: this.secondary,
      decision: this.decision,
      pendingDecision: this.pendingDecision,
      proposedDecision: proposalPreview(this),
      deadlineBreach: this.deadlineBreach,
      holds: this.holds,
      postponements: this.postponements,
      postponementDue: this.postponementDue,
      sla: caseSla(this),
      deceasedOn: this.deceasedOn,
      outcome: this.outcome,
      outcomeReason: this.outcomeReason,
      interim: this.interim,
      allowedActions: this.allowedActions(),
    };
    // A copy: queries must not hand out live objects.
    return JSON.parse(JSON.stringify(snap)) as CertificationSnapshot;
  }

  // ---- helpers ----

  /** Ends the case by a human action (取下げ・死亡・転出・却下). */
  end(
    actor: Command['actor'],
    stage: CertificationStage,
    outcome: CertificationOutcome,
    reason: string,
    payload: Record<string, unknown>,
  ): Step {
    this.stage = stage;
    this.outcome = outcome;
    this.outcomeReason = reason;
    this.endedByAction = true;
    const noticed = outcome === 'rejected' || outcome === 'rejected_deceased';
    return {
      event: { type: outcome, actor: actor.loginId, payload: { ...payload, reason } },
      case: { stage, status: 'closed', outcome, ...this.progressFields() },
      closeAllOpenTasks: 'cancelled',
      ...(noticed ? { notice: this.resultNotice(), openTasks: this.officeNotice('office-result') } : {}),
    };
  }

  /** 調査の期限: the survey request + surveyTargetDays; before the request, the application + it (the 割当 task's due). */
  surveyDueOn(): IsoDate {
    return addDays(this.survey.requestedOn ?? this.input.appliedOn, this.rules.surveyTargetDays);
  }

  /** A human step: its event, the stage and the progress fields. */
  step(actor: Command['actor'], type: string, payload: Record<string, unknown>, extra: Omit<Step, 'event'> = {}): Step {
    return {
      ...extra,
      event: { type, actor: actor.loginId, payload },
      case: { stage: this.stage, ...extra.case, ...this.progressFields() },
    };
  }

  /** A task of the contract's table (CERTIFICATION_TASKS); `n` numbers the 延期通知, `detail` follows the title. */
  task(
    taskKey: CertificationTaskKey,
    o: { dueOn: IsoDate | null; detail?: string; officeNo?: string | null; n?: number },
  ): TaskSpec {
    const t = CERTIFICATION_TASKS[taskKey];
    return {
      key: o.n ? `${taskKey}-${o.n}` : taskKey,
      taskKey,
      type: t.type,
      title: o.detail ? `${t.title}（${o.detail}）` : t.title,
      candidateRole: t.candidateRole,
      dueOn: o.dueOn,
      officeNo: o.officeNo ?? null,
    };
  }

  /** The お知らせ to the office that filed the case on the person's behalf (代行申請); none when the person filed. */
  officeNotice(taskKey: 'office-result' | 'office-postponement', o: { n?: number; detail?: string } = {}): TaskSpec[] {
    const officeNo = this.input.applicant.officeNo;
    return officeNo ? [this.task(taskKey, { ...o, dueOn: null, officeNo })] : [];
  }

  /** The result notice (認定, 非該当, 却下) with the reason where the law requires one (行政手続法8条). */
  resultNotice(): NoticeSpec {
    const level = this.decision
      ? this.isTransferIn
        ? this.input.transferCertificate!.level
        : this.secondary?.finalLevel
      : null;
    return this.notice('result', 'certification_result', '要介護認定・要支援認定等結果通知書', 'certification-result', {
      outcome: this.outcome,
      reason: this.outcomeReason,
      level,
      primaryLevel: this.primaryLevel,
      decision: this.decision,
      secondary: this.secondary,
      previous: this.previous,
      decidedOn: this.decision?.decidedOn ?? this.clock.today(),
    });
  }

  notice(key: string, kind: string, title: string, template: string, data: Record<string, unknown>): NoticeSpec {
    const i = this.input;
    return {
      key,
      kind,
      title,
      template,
      data: {
        applicationNo: i.applicationNo,
        appliedOn: i.appliedOn,
        type: i.type,
        issuedOn: this.clock.today(),
        ...data,
      },
    };
  }

  /** Fields every step refreshes: SLA state and the list summary (no names, no 被保険者番号). */
  progressFields(): CaseFields {
    // SLA per stage against the MHLW 参考期間 (survey 7 / 意見書 13 / board 12 days): sla.ts
    const sla = caseSla(this);
    this.lastSla = this.outcome ? 'done' : sla.overall;
    return {
      sla_state: this.lastSla,
      summary: {
        surveyVisitOn: this.survey.visitOn,
        surveyCompletedOn: this.survey.completedOn,
        surveyHold: this.survey.hold,
        opinionRequestedOn: this.opinion.requestedOn,
        opinionReceivedOn: this.opinion.receivedOn,
        opinionReminders: this.opinion.reminders,
        opinionHold: this.opinion.hold,
        board: this.board,
        primaryLevel: this.primaryLevel,
        months: this.secondary?.months ?? null,
        decidedOn: this.decision?.decidedOn ?? null,
        pendingDecisionOn: this.pendingDecision?.decidedOn ?? null,
        deadlineBreach: this.deadlineBreach,
        postponements: this.postponements.length,
        deceasedOn: this.deceasedOn,
        outcomeReason: this.outcomeReason,
        // only when recorded, so the summaries of cases without interim use stay as they were
        ...(this.interim ? { interim: this.interim } : {}),
        sla,
      },
    };
  }
}
