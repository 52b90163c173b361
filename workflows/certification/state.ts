/**
 * The state of one 要介護認定 case and what each human action (Update) does to it: one method per message, each
 * returning the Step the read model records (case fields, event, tasks, notice). Validators are in validation.ts,
 * automatic steps in steps.ts; all rules come from domain/.
 */
import { patched } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { decisionDueDate } from '../../domain/certification/deadlines';
import type { CertificationRules } from '../../domain/certification/rules';
import { slaState } from '../../domain/certification/sla';
import type {
  CareLevel,
  CertificationStage,
  IsoDate,
  PostponementReason,
  SlaState,
} from '../../domain/certification/types';
import { addDays } from '../../domain/dates';
import type { WorkflowClock } from './clock';

/** Patch ID: human steps write the current stage to the read model and search attributes. */
export const STAGE_ON_EVERY_STEP_PATCH = 'stage-on-every-step';
import {
  CERTIFICATION_ACTION_LABELS,
  type ActionReceipt,
  type CertificationActionKind,
  type CertificationInput,
  type CertificationOutcome,
  type CertificationResult,
  type CertificationSnapshot,
  type Command,
} from './messages';
import { resultNotice } from './steps';
import { refusal, validateCommand } from './validation';

type ProgressRecord = Parameters<Activities['recordProgress']>[0];
type CaseFields = NonNullable<ProgressRecord['case']>;
type TaskSpec = NonNullable<ProgressRecord['openTasks']>[number];
type TaskClose = NonNullable<ProgressRecord['closeTasks']>[number];

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

const close = (key: string, by: string | null = null): TaskClose => ({ key, status: 'completed', by });
const SEVERITY: SlaState[] = ['done', 'on_track', 'at_risk', 'breached'];
const DECEASED_REASON = '認定調査の実施前に申請者が死亡し、審査判定に必要な資料が得られないため';

export class CertificationState {
  readonly workflowId: string;
  stage: CertificationStage = 'received';
  readonly dueOn: IsoDate;
  readonly survey: CertificationSnapshot['survey'] = {
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
  readonly postponements: CertificationSnapshot['postponements'] = [];
  postponementDue: CertificationSnapshot['postponementDue'] = null;
  deceasedOn: IsoDate | null = null;
  outcome: CertificationOutcome | null = null;
  outcomeReason: string | null = null;
  /** Set when a human action (取下げ, 死亡, 転出, 却下) ended the case. */
  endedByAction = false;
  /** internal to steps.ts */
  postponementOmissionRecorded = false;
  /** the SLA state last written to the read model */
  lastSla: SlaState | null = null;
  /** every step carries the stage (set for cases started under the visibility-write patch) */
  stageOnEveryStep = false;

  constructor(
    readonly input: CertificationInput,
    readonly rules: CertificationRules,
    readonly previous: PreviousCertification,
    readonly clock: WorkflowClock,
    workflowId: string,
  ) {
    this.workflowId = workflowId;
    this.dueOn = decisionDueDate(input.appliedOn, rules);
    this.opinion = { requestedOn: input.appliedOn, reminders: 0, receivedOn: null, dementia: null, hold: null };
  }

  get isTransferIn(): boolean {
    return this.input.type === 'transfer_in';
  }
  get documentsIn(): boolean {
    return this.survey.completedOn != null && this.opinion.receivedOn != null;
  }
  get isDecided(): boolean {
    return this.secondary != null || this.decision != null || this.outcome != null;
  }

  // ---- Human actions (one method per Update) ----

  assignSurveyor({ actor, action: a }: Command<'assignSurveyor'>): Step {
    Object.assign(this.survey, {
      surveyorKind: a.surveyorKind,
      surveyorName: a.surveyorName,
      officeNo: a.officeNo ?? null,
    });
    return this.step(
      actor,
      'survey_assigned',
      { surveyorKind: a.surveyorKind, surveyorName: a.surveyorName, officeNo: a.officeNo ?? null },
      {
        closeTasks: [close('survey-assign', actor.loginId)],
        openTasks: [
          this.task(
            'survey-visit',
            'survey',
            '認定調査（訪問日の設定・調査結果の登録）',
            'surveyor',
            this.surveyDueOn(),
            a.officeNo,
          ),
        ],
      },
    );
  }

  scheduleSurvey({ actor, action: a }: Command<'scheduleSurvey'>): Step {
    this.survey.visitOn = a.visitOn;
    return this.step(
      actor,
      'survey_scheduled',
      { visitOn: a.visitOn },
      {
        openTasks: [
          this.task(
            'survey-visit',
            'survey',
            `認定調査（訪問予定 ${a.visitOn}）`,
            'surveyor',
            a.visitOn,
            this.survey.officeNo,
          ),
        ],
      },
    );
  }

  completeSurvey({ actor, action: a }: Command<'completeSurvey'>): Step {
    Object.assign(this.survey, {
      completedOn: a.surveyedOn,
      standardMinutes: a.standardMinutes,
      dementia: a.dementia,
      specialNotes: a.specialNotes ?? null,
      dementiaProbabilityIIOrHigher: a.dementiaProbabilityIIOrHigher ?? null,
      unstableCondition: a.unstableCondition === true,
    });
    this.noteDocumentsIn();
    return this.step(
      actor,
      'survey_completed',
      { surveyedOn: a.surveyedOn, standardMinutes: a.standardMinutes, dementia: a.dementia },
      {
        closeTasks: [close('survey-visit', actor.loginId)],
      },
    );
  }

  receiveOpinion({ actor, action: a }: Command<'receiveOpinion'>): Step {
    Object.assign(this.opinion, { receivedOn: a.receivedOn, dementia: a.dementia });
    this.noteDocumentsIn();
    return this.step(
      actor,
      'opinion_received',
      { receivedOn: a.receivedOn, dementia: a.dementia },
      {
        closeTasks: [close('opinion-receive', actor.loginId)],
      },
    );
  }

  hold({ actor, action: a }: Command<'hold'>): Step {
    (a.track === 'survey' ? this.survey : this.opinion).hold = a.reason;
    return this.step(actor, 'hold', { track: a.track, reason: a.reason });
  }

  resume({ actor, action: a }: Command<'resume'>): Step {
    (a.track === 'survey' ? this.survey : this.opinion).hold = null;
    return this.step(actor, 'resume', { track: a.track });
  }

  scheduleBoard({ actor, action: a }: Command<'scheduleBoard'>): Step {
    this.board = { panel: a.panel, boardOn: a.boardOn };
    this.stage = 'board_scheduled';
    return this.step(
      actor,
      'board_scheduled',
      { panel: a.panel, boardOn: a.boardOn },
      {
        closeTasks: [close('board-schedule', actor.loginId)],
        openTasks: [
          this.task(
            'board-decide',
            'board',
            `二次判定の登録（${a.panel} ${a.boardOn}）`,
            'board_secretariat',
            a.boardOn,
          ),
        ],
      },
    );
  }

  recordSecondaryJudgement({ actor, action: a }: Command<'recordSecondaryJudgement'>): Step {
    const nonApplicable = a.finalLevel === 'non_applicable';
    this.secondary = {
      finalLevel: a.finalLevel,
      months: nonApplicable ? 0 : a.months,
      careNotes: a.careNotes ?? null,
      serviceTypeRestriction: a.serviceTypeRestriction ?? null,
      reason: a.reason?.trim() || null,
    };
    this.secondaryOn = this.clock.today();
    return this.step(
      actor,
      'secondary_judged',
      { ...this.secondary, primaryLevel: this.primaryLevel },
      {
        case: { final_level: a.finalLevel },
        closeTasks: [close('board-decide', actor.loginId)],
      },
    );
  }

  recordPostponementNotice({ actor, action: a }: Command<'recordPostponementNotice'>): Step {
    const due = this.postponementDue!;
    const record = {
      n: due.n,
      noticeOn: this.clock.today(),
      expectedDecisionOn: a.expectedDecisionOn ?? due.expectedDecisionOn,
      reason: a.reason ?? due.reason,
    };
    this.postponements.push(record);
    this.postponementDue = null;
    return this.step(actor, 'postponement_notified', record, {
      closeTasks: [close(`postponement-${record.n}`, actor.loginId)],
      notice: this.notice(
        `postponement-${record.n}`,
        'postponement',
        '介護保険要介護認定・要支援認定延期通知書',
        'postponement',
        {
          ...record,
          dueOn: this.dueOn,
        },
      ),
    });
  }

  withdraw({ actor, action: a }: Command<'withdraw'>): Step {
    return this.end(actor, 'withdrawn', 'withdrawn', a.reason, { withdrawnOn: a.withdrawnOn });
  }

  recordDeath({ actor, action: a }: Command<'recordDeath'>): Step {
    this.deceasedOn = a.diedOn;
    if (!this.survey.completedOn && !this.isTransferIn) {
      return this.end(actor, 'rejected', 'rejected_deceased', DECEASED_REASON, { diedOn: a.diedOn });
    }
    return this.step(actor, 'deceased', { diedOn: a.diedOn, continues: true });
  }

  recordMoveOut({ actor, action: a }: Command<'recordMoveOut'>): Step {
    return this.end(actor, 'closed', 'moved_out', '転出のため', { movedOutOn: a.movedOutOn });
  }

  reject({ actor, action: a }: Command<'reject'>): Step {
    return this.end(actor, 'rejected', 'rejected', a.reason, {});
  }

  /** Dispatches a validated command to its method. */
  apply(cmd: Command): Step {
    const method = this[cmd.action.kind] as (c: Command) => Step;
    return method.call(this, cmd);
  }

  /** Why `kind` is not possible now (null when it is); used for allowedActions. */
  refusal(kind: CertificationActionKind): string | null {
    return refusal(this, kind);
  }

  /** Update validator: throws a Japanese ApplicationFailure, changes nothing. */
  validate(cmd: Command, kind: CertificationActionKind): void {
    validateCommand(this, cmd, kind);
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
    return (Object.keys(CERTIFICATION_ACTION_LABELS) as CertificationActionKind[]).filter(
      (k) => this.refusal(k) === null,
    );
  }

  snapshot(): CertificationSnapshot {
    const i = this.input;
    return structuredCloneish({
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
      postponements: this.postponements,
      postponementDue: this.postponementDue,
      sla: this.sla(),
      deceasedOn: this.deceasedOn,
      outcome: this.outcome,
      outcomeReason: this.outcomeReason,
      allowedActions: this.allowedActions(),
    });
  }

  // ---- helpers ----

  private end(
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
      ...(noticed ? { notice: resultNotice(this) } : {}),
    };
  }

  noteDocumentsIn(): void {
    if (this.documentsIn) this.bothDocumentsOn = this.clock.today();
  }

  surveyDueOn(): IsoDate {
    return addDays(this.input.appliedOn, this.rules.surveyTargetDays);
  }

  private step(
    actor: Command['actor'],
    type: string,
    payload: Record<string, unknown>,
    extra: Omit<Step, 'event'> = {},
  ): Step {
    // v2: every human step carries the stage (v1 left it out for e.g. 審査会の割当); patched so v1 histories replay.
    // Cases started since the visibility-write patch always carry it, without a second patch (each costs an upsert).
    const stage = this.stageOnEveryStep || patched(STAGE_ON_EVERY_STEP_PATCH) ? { stage: this.stage } : {};
    return {
      ...extra,
      event: { type, actor: actor.loginId, payload },
      case: { ...stage, ...extra.case, ...this.progressFields() },
    };
  }

  task(
    key: string,
    type: string,
    title: string,
    candidateRole: string,
    dueOn: IsoDate | null,
    officeNo?: string | null,
  ): TaskSpec {
    return { key, type, title, candidateRole, dueOn, officeNo: officeNo ?? null };
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

  /** SLA per stage against the MHLW 参考期間 (survey 7 / 意見書 13 / board 12 days). */
  sla(): CertificationSnapshot['sla'] {
    if (this.isTransferIn) return { survey: null, opinion: null, board: null, overall: null };
    const r = this.rules;
    const today = this.clock.today();
    const st = (startedOn: IsoDate, targetDays: number, completedOn: IsoDate | null) =>
      slaState({ startedOn, targetDays, today, completedOn, atRiskRatio: r.slaAtRiskRatio });
    const survey = st(this.input.appliedOn, r.surveyTargetDays, this.survey.completedOn);
    const opinion = st(this.opinion.requestedOn, r.opinionTargetDays, this.opinion.receivedOn);
    const boardSla = this.bothDocumentsOn ? st(this.bothDocumentsOn, r.boardTargetDays, this.secondaryOn) : null;
    const states = [survey, opinion, boardSla].filter((s): s is SlaState => s != null);
    const overall = states.reduce((w, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(w) ? s : w), 'done' as SlaState);
    return { survey, opinion, board: boardSla, overall };
  }

  /** Fields every step refreshes: SLA state and the list summary (no names, no 被保険者番号). */
  progressFields(): CaseFields {
    const sla = this.sla();
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
        postponements: this.postponements.length,
        deceasedOn: this.deceasedOn,
        outcomeReason: this.outcomeReason,
        sla,
      },
    };
  }
}

/** Queries must not hand out live objects. */
function structuredCloneish<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
