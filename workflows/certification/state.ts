/**
 * The state of one 要介護認定 case and what each message does to it. Every method returns the Step the read model
 * records (case fields, event, tasks, notice); validators live in `validate` and never change anything.
 * All rules come from domain/.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { CaseFields, TaskClose, TaskSpec } from '../../db/read-model';
import { can } from '../../domain/access';
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import { validateSecondaryJudgement } from '../../domain/certification/board';
import * as deadlines from '../../domain/certification/deadlines';
import { judgePrimaryLevel } from '../../domain/certification/primary-judgement';
import { slaState } from '../../domain/certification/sla';
import { levelChangeOutcome, validityPeriod } from '../../domain/certification/validity';
import { addDays, compareDates, isValidIsoDate } from '../../domain/dates';
import type { CertificationRules } from '../../domain/certification/rules';
import {
  CARE_LEVELS,
  DEMENTIA_INDEPENDENCE,
  type CareLevel,
  type CertificationStage,
  type IsoDate,
  type PostponementReason,
  type SlaState,
} from '../../domain/certification/types';
import { roleLabel } from '../../domain/glossary';
import { isOfficeNumber } from '../../domain/people/identifiers';
import type { WorkflowClock } from './clock';
import {
  CERTIFICATION_ACTION_LABELS,
  CERTIFICATION_ACTION_PERMISSIONS,
  type CertificationAction,
  type CertificationActionKind,
  type CertificationInput,
  type CertificationOutcome,
  type CertificationResult,
  type CertificationSnapshot,
  type Command,
} from './messages';

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

const fail = (message: string) => ApplicationFailure.create({ message, nonRetryable: true });
const close = (key: string, by: string | null = null): TaskClose => ({ key, status: 'completed', by });
const SEVERITY: SlaState[] = ['done', 'on_track', 'at_risk', 'breached'];
const NON_APPLICABLE_REASON =
  '認定調査の結果及び主治医意見書に基づく介護認定審査会の審査判定の結果、要介護状態又は要支援状態に該当しないと認められたため';
const NO_CHANGE_REASON = '介護認定審査会の審査判定の結果、現在の要介護状態区分から変更がないと認められたため';
const DECEASED_REASON = '認定調査の実施前に申請者が死亡し、審査判定に必要な資料が得られないため';

export class CertificationState {
  readonly workflowId: string;
  stage: CertificationStage = 'received';
  readonly dueOn: IsoDate;
  readonly survey: CertificationSnapshot['survey'] = {
    surveyorKind: null, surveyorName: null, officeNo: null, visitOn: null, completedOn: null, standardMinutes: null,
    dementia: null, specialNotes: null, dementiaProbabilityIIOrHigher: null, unstableCondition: false, hold: null,
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
  private postponementOmissionRecorded = false;
  private lastSla: SlaState | null = null;

  constructor(
    readonly input: CertificationInput,
    readonly rules: CertificationRules,
    readonly previous: PreviousCertification,
    readonly clock: WorkflowClock,
    workflowId: string,
  ) {
    this.workflowId = workflowId;
    this.dueOn = deadlines.decisionDueDate(input.appliedOn, rules);
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

  // ---- Validation (Update validators: no side effects) ----

  /** Throws an ApplicationFailure with a Japanese reason when the actor may not do this now. */
  validate(cmd: Command): void {
    const { actor, action } = cmd;
    if (!actor || !action) throw fail('操作の内容が不正です');
    if (!can(actor.role, CERTIFICATION_ACTION_PERMISSIONS[action.kind])) {
      throw fail(`${roleLabel(actor.role)}は「${CERTIFICATION_ACTION_LABELS[action.kind]}」を行えません`);
    }
    const why = this.refusal(action.kind) ?? this.fieldErrors(action).join(' / ');
    if (why) throw fail(why);
  }

  /** Why `kind` is not possible in the current state (null when it is). */
  refusal(kind: CertificationActionKind): string | null {
    if (this.outcome) return 'この申請は既に終了しています';
    if (this.isDecided) return '既に審査判定が済んでいるため、この操作はできません';
    const s = this.survey;
    const o = this.opinion;
    const noSurvey = this.isTransferIn ? '転入者継続の申請には認定調査がありません' : null;
    switch (kind) {
      case 'assignSurveyor':
        return noSurvey ?? (s.completedOn ? '認定調査は完了しています' : s.hold ? '認定調査は保留中です' : null);
      case 'scheduleSurvey':
      case 'completeSurvey':
        if (noSurvey) return noSurvey;
        if (!s.surveyorName) return '認定調査員が割り当てられていません';
        return s.completedOn ? '認定調査は完了しています' : s.hold ? '認定調査は保留中です' : null;
      case 'receiveOpinion':
        if (this.isTransferIn) return '転入者継続の申請には主治医意見書がありません';
        return o.receivedOn ? '主治医意見書は受領済みです' : o.hold ? '主治医意見書は保留中です' : null;
      case 'hold':
      case 'resume':
        return noSurvey;
      case 'scheduleBoard':
        return this.primaryLevel ? null : '認定調査票と主治医意見書がそろっていないため、審査会に割り当てられません';
      case 'recordSecondaryJudgement':
        return this.board ? null : '審査会が割り当てられていません';
      case 'recordPostponementNotice':
        return this.postponementDue ? null : '現在、延期通知を発行する必要はありません';
      case 'recordDeath':
        return this.deceasedOn ? '死亡は届出済みです' : null;
      default:
        return null;
    }
  }

  private fieldErrors(a: CertificationAction): string[] {
    const e: string[] = [];
    const today = this.clock.today();
    const date = (v: unknown, label: string, opts: { notFuture?: boolean } = {}) => {
      if (typeof v !== 'string' || !isValidIsoDate(v)) e.push(`${label}を正しい日付で入力してください`);
      else if (compareDates(v, this.input.appliedOn) < 0) e.push(`${label}が申請日より前になっています`);
      else if (opts.notFuture && compareDates(v, today) > 0) e.push(`${label}に未来の日付は入力できません`);
    };
    const text = (v: unknown, label: string) => {
      if (typeof v !== 'string' || v.trim() === '') e.push(`${label}を入力してください`);
    };
    switch (a.kind) {
      case 'assignSurveyor':
        text(a.surveyorName, '認定調査員名');
        if (a.surveyorKind !== 'municipal' && a.surveyorKind !== 'office') e.push('調査の実施主体を選んでください');
        if (a.surveyorKind === 'office' && !isOfficeNumber(a.officeNo ?? '')) e.push('委託先の事業所番号は10桁の数字で入力してください');
        break;
      case 'scheduleSurvey':
        date(a.visitOn, '訪問調査日');
        break;
      case 'completeSurvey':
        date(a.surveyedOn, '調査実施日', { notFuture: true });
        if (typeof a.standardMinutes !== 'number' || !Number.isFinite(a.standardMinutes) || a.standardMinutes < 0) {
          e.push('要介護認定等基準時間は0以上の数値（分）で入力してください');
        }
        if (!DEMENTIA_INDEPENDENCE.includes(a.dementia)) e.push('認知症高齢者の日常生活自立度（調査）を選んでください');
        break;
      case 'receiveOpinion':
        date(a.receivedOn, '意見書の受領日', { notFuture: true });
        if (!DEMENTIA_INDEPENDENCE.includes(a.dementia)) e.push('認知症高齢者の日常生活自立度（意見書）を選んでください');
        break;
      case 'hold':
        text(a.reason, '保留の理由');
        if (this.trackDone(a.track)) e.push(`${trackLabel(a.track)}は完了しているため保留にできません`);
        else if (this.holdOf(a.track)) e.push(`${trackLabel(a.track)}は既に保留中です`);
        break;
      case 'resume':
        if (!this.holdOf(a.track)) e.push(`${trackLabel(a.track)}は保留中ではありません`);
        break;
      case 'scheduleBoard':
        text(a.panel, '合議体');
        date(a.boardOn, '審査会の開催日');
        break;
      case 'recordSecondaryJudgement':
        if (!CARE_LEVELS.includes(a.finalLevel)) {
          e.push('二次判定の要介護状態区分を選んでください');
          break;
        }
        e.push(
          ...validateSecondaryJudgement({
              type: this.input.type,
              previousLevel: this.previous.level,
              primaryLevel: this.primaryLevel ?? a.finalLevel,
              finalLevel: a.finalLevel,
              months: a.months,
              rules: this.rules,
            })
            .map((f) => f.message),
        );
        break;
      case 'recordPostponementNotice':
        if (a.expectedDecisionOn != null) date(a.expectedDecisionOn, '処理見込期間');
        break;
      case 'withdraw':
        date(a.withdrawnOn, '取下げ日');
        text(a.reason, '取下げの理由');
        break;
      case 'recordDeath':
        date(a.diedOn, '死亡日', { notFuture: true });
        break;
      case 'recordMoveOut':
        date(a.movedOutOn, '転出日');
        break;
      case 'reject':
        text(a.reason, '却下の理由');
        break;
    }
    return e;
  }

  private trackDone(t: 'survey' | 'opinion'): boolean {
    return t === 'survey' ? this.survey.completedOn != null : this.opinion.receivedOn != null;
  }
  private holdOf(t: 'survey' | 'opinion'): string | null {
    return t === 'survey' ? this.survey.hold : this.opinion.hold;
  }

  // ---- Human actions (one method per Update) ----

  assignSurveyor({ actor, action: a }: Command<'assignSurveyor'>): Step {
    Object.assign(this.survey, { surveyorKind: a.surveyorKind, surveyorName: a.surveyorName, officeNo: a.officeNo ?? null });
    return this.step(actor, 'survey_assigned', { surveyorKind: a.surveyorKind, surveyorName: a.surveyorName, officeNo: a.officeNo ?? null }, {
      closeTasks: [close('survey-assign', actor.loginId)],
      openTasks: [this.task('survey-visit', 'survey', '認定調査（訪問日の設定・調査結果の登録）', 'surveyor', this.surveyDueOn(), a.officeNo)],
    });
  }

  scheduleSurvey({ actor, action: a }: Command<'scheduleSurvey'>): Step {
    this.survey.visitOn = a.visitOn;
    return this.step(actor, 'survey_scheduled', { visitOn: a.visitOn }, {
      openTasks: [this.task('survey-visit', 'survey', `認定調査（訪問予定 ${a.visitOn}）`, 'surveyor', a.visitOn, this.survey.officeNo)],
    });
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
    return this.step(actor, 'survey_completed', { surveyedOn: a.surveyedOn, standardMinutes: a.standardMinutes, dementia: a.dementia }, {
      closeTasks: [close('survey-visit', actor.loginId)],
    });
  }

  receiveOpinion({ actor, action: a }: Command<'receiveOpinion'>): Step {
    Object.assign(this.opinion, { receivedOn: a.receivedOn, dementia: a.dementia });
    this.noteDocumentsIn();
    return this.step(actor, 'opinion_received', { receivedOn: a.receivedOn, dementia: a.dementia }, {
      closeTasks: [close('opinion-receive', actor.loginId)],
    });
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
    return this.step(actor, 'board_scheduled', { panel: a.panel, boardOn: a.boardOn }, {
      closeTasks: [close('board-schedule', actor.loginId)],
      openTasks: [this.task('board-decide', 'board', `二次判定の登録（${a.panel} ${a.boardOn}）`, 'board_secretariat', a.boardOn)],
    });
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
    return this.step(actor, 'secondary_judged', { ...this.secondary, primaryLevel: this.primaryLevel }, {
      case: { final_level: a.finalLevel },
      closeTasks: [close('board-decide', actor.loginId)],
    });
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
      notice: this.notice(`postponement-${record.n}`, 'postponement', '介護保険要介護認定・要支援認定延期通知書', 'postponement', {
        ...record,
        dueOn: this.dueOn,
      }),
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

  // ---- Automatic steps ----

  /** 申請受付: the case row, the intake event and the first tasks. */
  received(): Step {
    const i = this.input;
    const survey = this.isTransferIn ? [] : [this.task('survey-assign', 'survey', '認定調査員の割当', 'intake', this.surveyDueOn())];
    return {
      event: { type: 'received', actor: i.receivedBy ?? null, payload: { type: i.type, applicant: i.applicant, notes: i.intakeNotes ?? [] } },
      case: {
        case_kind: 'certification', insurer_no: i.insurerNo, insured_no: i.insuredNo, application_no: i.applicationNo,
        application_type: i.type, applied_on: i.appliedOn, filed_by_office_no: i.applicant.officeNo ?? null,
        stage: 'received', status: 'open', due_on: this.dueOn, ...this.progressFields(),
      },
      openTasks: survey,
    };
  }

  /** 主治医意見書依頼書 goes out with the intake. */
  opinionRequested(): Step {
    this.stage = 'investigating';
    this.opinion.requestedOn = this.clock.today();
    return {
      event: { type: 'opinion_requested', actor: SYSTEM_ACTOR_NAME, payload: { doctor: this.input.doctor } },
      case: { stage: this.stage, ...this.progressFields() },
      openTasks: [this.task('opinion-receive', 'opinion', '主治医意見書の受領', 'intake', addDays(this.opinion.requestedOn, this.rules.opinionTargetDays))],
      notice: this.notice('opinion-request', 'opinion_request', '主治医意見書作成依頼書', 'opinion-request', { doctor: this.input.doctor }),
    };
  }

  /** 督促: one reminder notice to the doctor. */
  opinionReminded(): Step {
    const n = ++this.opinion.reminders;
    return {
      event: { type: 'opinion_reminded', actor: SYSTEM_ACTOR_NAME, payload: { n } },
      case: this.progressFields(),
      notice: this.notice(`opinion-reminder-${n}`, 'opinion_reminder', '主治医意見書の提出について（督促）', 'opinion-reminder', {
        doctor: this.input.doctor, n, requestedOn: this.opinion.requestedOn,
      }),
    };
  }

  /** 一次判定 as soon as both documents are in. */
  primaryJudged(): Step {
    const s = this.survey;
    this.primaryLevel = judgePrimaryLevel({
      standardMinutes: s.standardMinutes!,
      surveyDementia: s.dementia!,
      opinionDementia: this.opinion.dementia!,
      dementiaProbabilityIIOrHigher: s.dementiaProbabilityIIOrHigher ?? undefined,
      unstableCondition: s.unstableCondition,
    });
    this.stage = 'primary_judged';
    const boardDue = addDays(this.bothDocumentsOn!, this.rules.boardTargetDays);
    return {
      event: { type: 'primary_judged', actor: SYSTEM_ACTOR_NAME, payload: { level: this.primaryLevel, standardMinutes: s.standardMinutes } },
      case: { stage: this.stage, primary_level: this.primaryLevel, ...this.progressFields() },
      openTasks: [this.task('board-schedule', 'board', '介護認定審査会への割当', 'board_secretariat', boardDue)],
    };
  }

  /** 延期通知の要否 today (法27条11項 ただし書). */
  postponementCheck(): PostponementCheck {
    const today = this.clock.today();
    const expectedDecisionOn = deadlines.expectedDecisionDate({ today, boardDate: this.board?.boardOn ?? null, rules: this.rules });
    const reason = deadlines.postponementReason({
      surveyDone: this.survey.completedOn != null || this.isTransferIn,
      opinionReceived: this.opinion.receivedOn != null || this.isTransferIn,
      onHold: this.survey.hold != null || this.opinion.hold != null,
    });
    const base = { type: this.input.type, today, dueDate: this.dueOn, expectedDecision: expectedDecisionOn, currentExpiry: this.previous.validTo, rules: this.rules };
    const required = deadlines.postponementNoticeRequired({ ...base, renewalConsentToSkip: this.input.renewalConsentToSkipPostponement === true });
    const withoutConsent = deadlines.postponementNoticeRequired({ ...base, renewalConsentToSkip: false });
    return { required, omittedByRenewalConsent: !required && withoutConsent, expectedDecisionOn, reason };
  }

  /** Opens the 延期通知 task n. */
  postponementTaskOpened(c: PostponementCheck): Step {
    const n = this.postponements.length + 1;
    this.postponementDue = { n, expectedDecisionOn: c.expectedDecisionOn, reason: c.reason };
    const dueOn = n === 1 ? this.dueOn : this.postponements[n - 2].expectedDecisionOn;
    return {
      event: { type: 'postponement_due', actor: SYSTEM_ACTOR_NAME, payload: { n, expectedDecisionOn: c.expectedDecisionOn, reason: c.reason } },
      case: this.progressFields(),
      openTasks: [this.task(`postponement-${n}`, 'postponement', n === 1 ? '延期通知の発行' : `延期通知の発行（${n}回目）`, 'intake', dueOn)],
    };
  }

  /** Records once that the 延期通知 is omitted (更新 with prior consent); null when already recorded. */
  postponementOmitted(c: PostponementCheck): Step | null {
    if (this.postponementOmissionRecorded) return null;
    this.postponementOmissionRecorded = true;
    return { event: { type: 'postponement_omitted', actor: SYSTEM_ACTOR_NAME, payload: { expectedDecisionOn: c.expectedDecisionOn, currentExpiry: this.previous.validTo } } };
  }

  /** The daily SLA refresh; null when nothing changed. */
  slaRefreshed(): Step | null {
    const now = this.outcome ? 'done' : this.sla().overall;
    return now === this.lastSla ? null : { case: this.progressFields() };
  }

  /** 処分: outcome and 有効期間 from the 二次判定 (or the 受給資格証明書 for 転入). */
  decide(): Step {
    const i = this.input;
    const today = this.clock.today();
    const level = this.isTransferIn ? i.transferCertificate!.level : this.secondary!.finalLevel;
    const months = this.isTransferIn ? this.rules.validityMonths.transfer_in.default : this.secondary!.months;
    let outcome: CertificationOutcome = 'certified';
    let validity: { from: IsoDate; to: IsoDate } | null = null;
    if (level === 'non_applicable') outcome = 'non_applicable';
    else if (i.type === 'level_change' && this.previous.level && this.previous.validTo) {
      outcome = mapLevelChange(levelChangeOutcome({
        currentLevel: this.previous.level, decidedLevel: level, appliedOn: i.appliedOn, currentExpiry: this.previous.validTo, rules: this.rules,
      }));
    }
    if (outcome === 'certified' || outcome === 'deemed_renewal') {
      const renewalLike = outcome === 'deemed_renewal' || (i.type === 'renewal' && this.previous.validTo != null);
      validity = validityPeriod({
        type: renewalLike ? 'renewal' : i.type === 'renewal' ? 'new' : i.type,
        appliedOn: i.appliedOn, previousExpiry: this.previous.validTo, months,
      });
    }
    this.outcome = outcome;
    this.outcomeReason = outcome === 'non_applicable' ? this.secondary?.reason ?? NON_APPLICABLE_REASON : outcome === 'rejected_no_change' ? NO_CHANGE_REASON : null;
    this.decision = { outcome, decidedOn: today, validFrom: validity?.from ?? null, validTo: validity?.to ?? null };
    this.stage = outcome === 'rejected_no_change' ? 'rejected' : 'decided';
    return {
      event: { type: 'decided', actor: SYSTEM_ACTOR_NAME, payload: { ...this.decision, level, months, reason: this.outcomeReason } },
      case: { stage: this.stage, outcome, final_level: level, valid_from: this.decision.validFrom, valid_to: this.decision.validTo, ...this.progressFields() },
    };
  }

  /** 認定結果通知書 issued: the case is closed. */
  notified(): Step {
    if (this.stage === 'decided') this.stage = 'notified';
    return {
      event: { type: 'notified', actor: SYSTEM_ACTOR_NAME, payload: { outcome: this.outcome } },
      case: { stage: this.stage, status: 'closed', ...this.progressFields() },
      closeAllOpenTasks: 'cancelled',
      notice: this.resultNotice(),
    };
  }

  /** The result notice (認定, 非該当, 却下) with the reason where the law requires one (行政手続法8条). */
  resultNotice(): NoticeSpec {
    const level = this.decision ? (this.isTransferIn ? this.input.transferCertificate!.level : this.secondary?.finalLevel) : null;
    return this.notice('result', 'certification_result', '要介護認定・要支援認定等結果通知書', 'certification-result', {
      outcome: this.outcome, reason: this.outcomeReason, level, primaryLevel: this.primaryLevel,
      decision: this.decision, secondary: this.secondary, previous: this.previous, decidedOn: this.decision?.decidedOn ?? this.clock.today(),
    });
  }

  result(): CertificationResult {
    return {
      outcome: this.outcome!,
      finalLevel: this.secondary?.finalLevel ?? this.input.transferCertificate?.level ?? null,
      validFrom: this.decision?.validFrom ?? null,
      validTo: this.decision?.validTo ?? null,
    };
  }

  snapshot(): CertificationSnapshot {
    const i = this.input;
    return structuredCloneish({
      workflowId: this.workflowId, insurerNo: i.insurerNo, applicationNo: i.applicationNo, type: i.type, appliedOn: i.appliedOn,
      today: this.clock.today(), stage: this.stage, dueOn: this.dueOn,
      previous: { level: this.previous.level, validFrom: this.previous.validFrom, validTo: this.previous.validTo },
      survey: this.survey, opinion: this.opinion, primaryLevel: this.primaryLevel, bothDocumentsOn: this.bothDocumentsOn,
      board: this.board, secondary: this.secondary, decision: this.decision, postponements: this.postponements,
      postponementDue: this.postponementDue, sla: this.sla(), deceasedOn: this.deceasedOn, outcome: this.outcome,
      outcomeReason: this.outcomeReason,
      allowedActions: (Object.keys(CERTIFICATION_ACTION_LABELS) as CertificationActionKind[]).filter((k) => this.refusal(k) === null),
    });
  }

  // ---- helpers ----

  private end(actor: Command['actor'], stage: CertificationStage, outcome: CertificationOutcome, reason: string, payload: Record<string, unknown>): Step {
    this.stage = stage;
    this.outcome = outcome;
    this.outcomeReason = reason;
    this.endedByAction = true;
    const noticed = outcome === 'rejected' || outcome === 'rejected_deceased';
    return {
      event: { type: outcome, actor: actor.loginId, payload: { ...payload, reason } },
      case: { stage, status: 'closed', outcome, ...this.progressFields() },
      closeAllOpenTasks: 'cancelled',
      ...(noticed ? { notice: this.resultNotice() } : {}),
    };
  }

  private noteDocumentsIn(): void {
    if (this.documentsIn) this.bothDocumentsOn = this.clock.today();
  }

  private surveyDueOn(): IsoDate {
    return addDays(this.input.appliedOn, this.rules.surveyTargetDays);
  }

  private step(actor: Command['actor'], type: string, payload: Record<string, unknown>, extra: Omit<Step, 'event'> = {}): Step {
    return { ...extra, event: { type, actor: actor.loginId, payload }, case: { ...extra.case, ...this.progressFields() } };
  }

  private task(key: string, type: string, title: string, candidateRole: string, dueOn: IsoDate | null, officeNo?: string | null): TaskSpec {
    return { key, type, title, candidateRole, dueOn, officeNo: officeNo ?? null };
  }

  private notice(key: string, kind: string, title: string, template: string, data: Record<string, unknown>): NoticeSpec {
    const i = this.input;
    return {
      key, kind, title, template,
      data: { applicationNo: i.applicationNo, appliedOn: i.appliedOn, type: i.type, issuedOn: this.clock.today(), ...data },
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
        surveyVisitOn: this.survey.visitOn, surveyCompletedOn: this.survey.completedOn, surveyHold: this.survey.hold,
        opinionRequestedOn: this.opinion.requestedOn, opinionReceivedOn: this.opinion.receivedOn,
        opinionReminders: this.opinion.reminders, opinionHold: this.opinion.hold,
        board: this.board, primaryLevel: this.primaryLevel, months: this.secondary?.months ?? null,
        decidedOn: this.decision?.decidedOn ?? null, postponements: this.postponements.length,
        deceasedOn: this.deceasedOn, outcomeReason: this.outcomeReason, sla,
      },
    };
  }
}

function mapLevelChange(o: 'changed' | 'rejected_no_change' | 'deemed_renewal'): CertificationOutcome {
  return o === 'changed' ? 'certified' : o;
}

function trackLabel(t: 'survey' | 'opinion'): string {
  return t === 'survey' ? '認定調査' : '主治医意見書';
}

/** Queries must not hand out live objects. */
function structuredCloneish<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

