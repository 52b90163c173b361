/**
 * The 居宅届 case as the workflow holds it: one method per message. The validator (assertCan) throws an
 * ApplicationFailure with a Japanese message, so a rejected command never enters history; transitions return the
 * read-model step to record. Pure apart from ApplicationFailure: no activities, no timers.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PlanFilingCheckResult } from '../../activities/plan-notification';
import type { Actor } from '../../domain/actor';
import type { FieldError } from '../../domain/certification/intake';
import type { IsoDate } from '../../domain/certification/types';
import { allowedPlanActions, planCommandRefusal, type PlanFilingView } from '../../domain/plan-notification/actions';
import { notificationDate } from '../../domain/plan-notification/checks';
import type { PlanActionKind, PlanRound, PlanStage } from '../../domain/plan-notification/types';
import {
  AcceptCommand,
  FileCommand,
  PLAN_ACTION_REJECTED,
  PlanNotificationResult,
  PlanNotificationSnapshot,
  PlanNotificationStart,
  ReturnCommand,
  ReviewCommand,
  WithdrawCommand,
} from './messages';

type ProgressRecord = Parameters<Activities['recordProgress']>[0];

/** A read-model step before the workflow gives it a sequence number and a time. */
export type Step = Omit<ProgressRecord, 'workflowId' | 'seq' | 'occurredAt'>;

export class PlanNotificationState {
  stage: PlanStage = 'new';
  rounds: PlanRound[] = [];
  acceptedOn: IsoDate | null = null;
  notifiedOn: IsoDate | null = null;
  refusal: FieldError[] | null = null;
  /** 保険者名 for the notices (read with the facts when a round is checked). */
  insurerName = '';
  /** True while a (re)filing is being checked: other actions wait. */
  busy = false;
  /** Read-model sequence of the last step handed out. */
  seq = 0;
  /** 返戻 rounds whose 返戻通知 is still to be issued. */
  readonly pendingReturnNotices: number[] = [];

  constructor(
    readonly start: PlanNotificationStart,
    readonly workflowId: string,
  ) {}

  get current(): PlanRound | undefined {
    return this.rounds[this.rounds.length - 1];
  }

  isFinal(): boolean {
    return this.stage === 'accepted' || this.stage === 'withdrawn' || this.stage === 'refused';
  }

  /** The filing as the action table sees it. */
  view(): PlanFilingView {
    return {
      stage: this.stage,
      insurerNo: this.start.insurerNo,
      officeNo: this.start.officeNo,
      insuredNo: this.current?.filing.person.insuredNo ?? null,
      busy: this.busy,
    };
  }

  /**
   * Validator of every Update (domain/plan-notification/actions): throws with a Japanese message, so a refused
   * command never enters history.
   */
  assertCan(kind: PlanActionKind, actor: Actor, values: Record<string, unknown> & { insuredNo?: string } = {}): void {
    const refusal = planCommandRefusal(kind, this.view(), actor, values);
    if (refusal) {
      throw ApplicationFailure.create({ type: PLAN_ACTION_REJECTED, message: refusal, nonRetryable: true });
    }
  }

  // ---- transitions ----

  /** 届出 or 再提出 that passed the checks: a new round and a review task for 給付係. */
  filed(cmd: FileCommand, check: PlanFilingCheckResult, now: string, today: IsoDate): Step {
    const previous = this.current;
    const round: PlanRound = {
      n: this.rounds.length + 1,
      filing: cmd.filing,
      office: check.office!,
      filedBy: cmd.actor.displayName,
      submittedAt: now,
      receivedOn: today,
      warnings: check.warnings,
      personLevel: check.personLevel,
      dateBasis: check.dateBasis,
      reviewStartedAt: null,
      reviewedBy: null,
      decision: null,
      decidedAt: null,
      decidedBy: null,
      returnReason: null,
      note: null,
    };
    this.rounds.push(round);
    this.stage = 'submitted';
    this.insurerName = check.insurerName;
    const person = cmd.filing.person;
    return {
      case: {
        case_kind: 'plan_notification',
        insurer_no: this.start.insurerNo,
        insured_no: person.insuredNo,
        application_no: this.start.filingNo,
        application_type: cmd.filing.kind,
        applied_on: this.rounds[0].receivedOn,
        filed_by_office_no: this.start.officeNo,
        stage: this.stage,
        status: 'open',
        summary: this.summary(),
      },
      event: {
        type: round.n === 1 ? 'plan_filed' : 'plan_refiled',
        actor: cmd.actor.displayName,
        payload: { round: round.n, kind: cmd.filing.kind, startDate: cmd.filing.startDate, warnings: round.warnings },
      },
      closeTasks: previous ? [{ key: `refile-${previous.n}`, status: 'completed', by: cmd.actor.loginId }] : [],
      openTasks: [
        {
          key: `review-${round.n}`,
          type: 'plan_review',
          title: `居宅届の審査（${person.name}・${round.n === 1 ? '新規提出' : `再提出${round.n - 1}回目`}）`,
          candidateRole: 'benefits',
        },
      ],
    };
  }

  /** The first filing failed the checks: the run ends with nothing recorded. */
  refused(errors: FieldError[]): void {
    this.stage = 'refused';
    this.refusal = errors;
  }

  /** 審査開始. */
  reviewed(cmd: ReviewCommand, now: string): Step {
    const round = this.current!;
    round.reviewStartedAt = now;
    round.reviewedBy = cmd.actor.displayName;
    this.stage = 'under_review';
    return {
      case: { stage: this.stage, summary: this.summary() },
      event: { type: 'plan_review_started', actor: cmd.actor.displayName, payload: { round: round.n } },
    };
  }

  /** 受理: the 届出年月日 follows the rules setting in force when the round was received (default: 受付日). */
  accepted(cmd: AcceptCommand, now: string, today: IsoDate): Step {
    const round = this.decide('accepted', cmd.actor, now);
    round.note = cmd.note?.trim() || null;
    this.stage = 'accepted';
    this.acceptedOn = today;
    this.notifiedOn = notificationDate(
      { receivedOn: round.receivedOn, writtenOn: round.filing.writtenOn ?? null },
      { planNotificationDateBasis: round.dateBasis },
    );
    return {
      case: {
        stage: this.stage,
        status: 'closed',
        outcome: 'accepted',
        valid_from: round.filing.startDate,
        summary: this.summary(),
      },
      event: {
        type: 'plan_accepted',
        actor: cmd.actor.displayName,
        payload: { round: round.n, acceptedOn: this.acceptedOn, notifiedOn: this.notifiedOn, note: round.note },
      },
      closeAllOpenTasks: 'completed',
    };
  }

  /** 返戻: the office gets a task to correct and refile; the 返戻通知 is issued by the run loop. */
  returned(cmd: ReturnCommand, now: string): Step {
    const round = this.decide('returned', cmd.actor, now);
    round.returnReason = cmd.reason.trim();
    this.stage = 'returned';
    this.pendingReturnNotices.push(round.n);
    return {
      case: { stage: this.stage, summary: this.summary() },
      event: {
        type: 'plan_returned',
        actor: cmd.actor.displayName,
        payload: { round: round.n, reason: round.returnReason },
      },
      closeTasks: [{ key: `review-${round.n}`, status: 'completed', by: cmd.actor.loginId }],
      openTasks: [
        {
          key: `refile-${round.n}`,
          type: 'plan_refile',
          title: `居宅届の修正・再提出（${round.filing.person.name}）`,
          candidateRole: 'office_staff',
          officeNo: this.start.officeNo,
        },
      ],
    };
  }

  /** 取下げ by the filing office. */
  withdrawn(cmd: WithdrawCommand, now: string): Step {
    const round = this.decide('withdrawn', cmd.actor, now);
    round.note = cmd.reason?.trim() || null;
    this.stage = 'withdrawn';
    return {
      case: { stage: this.stage, status: 'closed', outcome: 'withdrawn', summary: this.summary() },
      event: { type: 'plan_withdrawn', actor: cmd.actor.displayName, payload: { round: round.n, reason: round.note } },
      closeAllOpenTasks: 'cancelled',
    };
  }

  private decide(decision: 'accepted' | 'returned' | 'withdrawn', actor: Actor, now: string): PlanRound {
    const round = this.current!;
    if (decision !== 'withdrawn' && !round.reviewStartedAt) {
      round.reviewStartedAt = now;
      round.reviewedBy = actor.displayName;
    }
    round.decision = decision;
    round.decidedAt = now;
    round.decidedBy = actor.displayName;
    return round;
  }

  // ---- views ----

  /** What the read model keeps in cases.summary_json: every round, so pages render from SQL. */
  summary(): Record<string, unknown> {
    const round = this.current;
    return {
      filingNo: this.start.filingNo,
      personName: round?.filing.person.name ?? null,
      personKana: round?.filing.person.kana ?? null,
      officeName: round?.office.name ?? null,
      startDate: round?.filing.startDate ?? null,
      acceptedOn: this.acceptedOn,
      notifiedOn: this.notifiedOn,
      rounds: this.rounds,
    };
  }

  snapshot(): PlanNotificationSnapshot {
    return {
      workflowId: this.workflowId,
      insurerNo: this.start.insurerNo,
      filingNo: this.start.filingNo,
      officeNo: this.start.officeNo,
      stage: this.stage,
      rounds: this.rounds,
      acceptedOn: this.acceptedOn,
      notifiedOn: this.notifiedOn,
      refusal: this.refusal,
      version: this.seq,
      allowedActions: allowedPlanActions(this.view()),
    };
  }

  result(outcome: PlanNotificationResult['outcome']): PlanNotificationResult {
    return { outcome, acceptedOn: this.acceptedOn, notifiedOn: this.notifiedOn, rounds: this.rounds.length };
  }
}
