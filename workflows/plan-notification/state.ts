/**
 * The 居宅届 case as the workflow holds it: one method per message. Validators (assertCan*) throw an
 * ApplicationFailure with a Japanese message, so a rejected command never enters history; transitions return the
 * read-model step to record. Pure apart from ApplicationFailure: no activities, no timers.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Actor } from '../../domain/actor';
import { can } from '../../domain/access';
import type { FieldError } from '../../domain/certification/intake';
import type { IsoDate } from '../../domain/certification/types';
import { notificationDate } from '../../domain/plan-notification/checks';
import {
  AcceptCommand,
  FileCommand,
  PLAN_ACTION_REJECTED,
  PLAN_PHASE_LABELS,
  PlanActionKind,
  PlanFilingCheckResult,
  PlanNotificationResult,
  PlanNotificationSnapshot,
  PlanNotificationStart,
  PlanPhase,
  PlanRound,
  ReturnCommand,
  ReviewCommand,
  WithdrawCommand,
} from './messages';

type ProgressRecord = Parameters<Activities['recordProgress']>[0];

/** A read-model step before the workflow gives it a sequence number and a time. */
export type Step = Omit<ProgressRecord, 'workflowId' | 'seq' | 'occurredAt'>;

const ALLOWED: Record<PlanPhase, PlanActionKind[]> = {
  new: ['file'],
  submitted: ['review', 'accept', 'return', 'withdraw'],
  under_review: ['accept', 'return', 'withdraw'],
  returned: ['refile', 'withdraw'],
  accepted: [],
  withdrawn: [],
  refused: [],
};

const MAX_REASON = 1000;

function reject(message: string): never {
  throw ApplicationFailure.create({ type: PLAN_ACTION_REJECTED, message, nonRetryable: true });
}

export class PlanNotificationState {
  phase: PlanPhase = 'new';
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
    return this.phase === 'accepted' || this.phase === 'withdrawn' || this.phase === 'refused';
  }

  // ---- validators ----

  assertCanFile(cmd: FileCommand): void {
    this.assertOffice(cmd.actor);
    this.assertPhase('file');
  }

  assertCanRefile(cmd: FileCommand): void {
    this.assertOffice(cmd.actor);
    this.assertPhase('refile');
    if (cmd.filing.person.insuredNo !== this.current?.filing.person.insuredNo) {
      reject('被保険者番号は再提出で変更できません。取り下げてから新たに届け出てください');
    }
  }

  assertCanReview(cmd: ReviewCommand): void {
    this.assertReviewer(cmd.actor);
    this.assertPhase('review');
  }

  assertCanAccept(cmd: AcceptCommand): void {
    this.assertReviewer(cmd.actor);
    this.assertPhase('accept');
  }

  assertCanReturn(cmd: ReturnCommand): void {
    this.assertReviewer(cmd.actor);
    this.assertPhase('return');
    const reason = (cmd.reason ?? '').trim();
    if (reason === '') reject('返戻の理由を入力してください');
    if (reason.length > MAX_REASON) reject(`返戻の理由は${MAX_REASON}文字以内で入力してください`);
  }

  assertCanWithdraw(cmd: WithdrawCommand): void {
    this.assertOffice(cmd.actor);
    this.assertPhase('withdraw');
  }

  private assertOffice(actor: Actor): void {
    if (!can(actor.role, 'plan.file')) reject('居宅届を提出する権限がありません');
    if (actor.insurerNo !== this.start.insurerNo || actor.officeNo !== this.start.officeNo) {
      reject('この居宅届は他の事業所の届出です');
    }
  }

  private assertReviewer(actor: Actor): void {
    if (!can(actor.role, 'plan.review')) reject('居宅届を審査する権限がありません（給付係の操作です）');
    if (actor.insurerNo !== this.start.insurerNo) reject('他の保険者の居宅届です');
  }

  private assertPhase(kind: PlanActionKind): void {
    if (this.busy) reject('この届出は処理中です。しばらくしてからもう一度操作してください');
    if (!ALLOWED[this.phase].includes(kind)) {
      reject(`この届出は「${PLAN_PHASE_LABELS[this.phase]}」のため、この操作はできません`);
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
    this.phase = 'submitted';
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
        stage: this.phase,
        status: 'open',
        summary: this.summary(),
      },
      event: {
        type: round.n === 1 ? 'plan_filed' : 'plan_refiled',
        actor: cmd.actor.displayName,
        payload: { round: round.n, kind: cmd.filing.kind, startDate: cmd.filing.startDate, warnings: round.warnings },
      },
      closeTasks: previous ? [{ key: `refile-${previous.n}`, status: 'completed', by: cmd.actor.displayName }] : [],
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
    this.phase = 'refused';
    this.refusal = errors;
  }

  /** 審査開始. */
  reviewed(cmd: ReviewCommand, now: string): Step {
    const round = this.current!;
    round.reviewStartedAt = now;
    round.reviewedBy = cmd.actor.displayName;
    this.phase = 'under_review';
    return {
      case: { stage: this.phase, summary: this.summary() },
      event: { type: 'plan_review_started', actor: cmd.actor.displayName, payload: { round: round.n } },
    };
  }

  /** 受理: the 届出年月日 follows the rules setting in force when the round was received (default: 受付日). */
  accepted(cmd: AcceptCommand, now: string, today: IsoDate): Step {
    const round = this.decide('accepted', cmd.actor, now);
    round.note = cmd.note?.trim() || null;
    this.phase = 'accepted';
    this.acceptedOn = today;
    this.notifiedOn = notificationDate(
      { receivedOn: round.receivedOn, writtenOn: round.filing.writtenOn ?? null },
      { planNotificationDateBasis: round.dateBasis },
    );
    return {
      case: {
        stage: this.phase,
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
    this.phase = 'returned';
    this.pendingReturnNotices.push(round.n);
    return {
      case: { stage: this.phase, summary: this.summary() },
      event: {
        type: 'plan_returned',
        actor: cmd.actor.displayName,
        payload: { round: round.n, reason: round.returnReason },
      },
      closeTasks: [{ key: `review-${round.n}`, status: 'completed', by: cmd.actor.displayName }],
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
    this.phase = 'withdrawn';
    return {
      case: { stage: this.phase, status: 'closed', outcome: 'withdrawn', summary: this.summary() },
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
      phase: this.phase,
      rounds: this.rounds,
      acceptedOn: this.acceptedOn,
      notifiedOn: this.notifiedOn,
      refusal: this.refusal,
      version: this.seq,
      allowedActions: this.busy ? [] : ALLOWED[this.phase],
    };
  }

  result(outcome: PlanNotificationResult['outcome']): PlanNotificationResult {
    return { outcome, acceptedOn: this.acceptedOn, notifiedOn: this.notifiedOn, rounds: this.rounds.length };
  }
}
