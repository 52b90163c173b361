/**
 * 居宅届 commands and reads for the web: commands go to the workflow as Updates, pages read the read model through
 * db/plan-notifications, who may see what is domain/plan-notification/access, the pages' shapes are web/views.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Repositories } from '../../db';
import type { CaseRow } from '../../db/read-model';
import { officeMayViewPerson } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { jstDateOf } from '../../domain/dates';
import { compareWithRegister, type RegisterNameComparison } from '../../domain/people/names';
import { careLevelLabel, officeKindLabel } from '../../domain/glossary';
import { mayFilePlan, planVisibility } from '../../domain/plan-notification/access';
import { checkPlanFiling } from '../../domain/plan-notification/checks';
import { officeMayViewToday } from './office';
import type { PlanActionKind, PlanFiling } from '../../domain/plan-notification/types';
import {
  acceptPlanUpdate,
  FILING_NO_PATTERN,
  filePlanUpdate,
  PLAN_FILING_REFUSED,
  PLAN_NOTIFICATION_WORKFLOW_TYPE,
  PlanNotificationSnapshot,
  planNotificationSnapshotQuery,
  PlanNotificationStart,
  planNotificationWorkflowId,
  planUpdateId,
  refilePlanUpdate,
  returnPlanUpdate,
  reviewPlanUpdate,
  withdrawPlanUpdate,
} from '../../workflows/plan-notification/messages';
import type { Timing } from '../../workflows/shared/timing';
import { checkNewFiling } from './plan-filing-checks';
import { ConflictError, FieldError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { PlanDetail, planDetailView, PlanListRow, planListRow, planQueueView } from '../views/plan-notification';

/** Where the workflow's (domain) field names land on the office's form. */
const FORM_FIELDS: Record<string, string> = {
  insuredNumber: 'person.insuredNo',
  changeReason: 'change.reason',
  previousOfficeNo: 'change.previousOfficeNo',
  filedOn: 'writtenOn',
  officeKind: 'office',
  identity: 'identity.method',
  'identity.proxy.authority': 'identity.proxyAuthority',
  'identity.proxy.proxyIdentityMethod': 'identity.proxyIdentityMethod',
};

/** A filing the acceptance checks refused before any workflow started (form errors; the page audits it). */
export class PlanFilingRefused extends ValidationError {}

/** The one answer to an office about a person it may not see (unknown, no certification, 非該当, another 届出先). */
export const PLAN_PERSON_NOT_ACCEPTED =
  'この被保険者の居宅届はこの事業所からは受け付けられません。被保険者番号と生年月日を確かめ、分からない場合は市の介護保険担当にお問い合わせください';

/** The register's 氏名・フリガナ and how the filing's typed ones compare (municipal reviewers only). */
export interface RegisterNameView {
  name: string;
  kana: string;
  check: RegisterNameComparison;
}

/** Files, reviews and reads 居宅届. */
export class PlanNotificationService {
  private readonly repos: Repositories;
  private readonly repo: Repositories['planNotifications'];
  private readonly client: Client;
  private readonly taskQueue: string;

  constructor(deps: { repos: Repositories; client: Client; taskQueue: string }) {
    this.repos = deps.repos;
    this.repo = deps.repos.planNotifications;
    this.client = deps.client;
    this.taskQueue = deps.taskQueue;
  }

  /** A fresh 届出番号 / requestId for a form being rendered (`YYYYMMDD-xxxxxxxx`, JST date). */
  newRequestId(now = Date.now()): string {
    return `${jstDateOf(now).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
  }

  /** The office of the signed-in staff member, as the form shows it (never taken from the form). */
  async officeOf(actor: Actor) {
    const o = actor.officeNo ? await this.repo.planFormOffice(actor.officeNo) : null;
    if (!o) throw new ForbiddenError('事業所が登録されていません');
    return {
      officeNo: o.office_no as string,
      name: o.name as string,
      kind: o.kind as string,
      kindLabel: officeKindLabel(o.kind),
      address: o.address,
      phone: o.phone,
    };
  }

  /**
   * Prefill for ?insuredNo=: the person's name, kana and birth date only when the office may see the person
   * (本人同意 and 担当 or a pending 代行申請). Otherwise only the number is kept; the identity check on the form is
   * what authorises a filing for a new client.
   */
  async prefill(actor: Actor, insuredNo: string, today: IsoDate) {
    if (!actor.officeNo) return null;
    const facts = await this.repo.planPrefillFacts(actor.insurerNo, insuredNo);
    if (!facts || !officeMayViewPerson({ officeNo: actor.officeNo, today, ...facts })) return null;
    const p = facts.person;
    const current = facts.assignments.find((a) => a.endDate == null && a.officeNo !== actor.officeNo);
    return {
      person: { insuredNo, name: p.name, kana: p.kana, birthDate: p.birth_date },
      careLevel: p.care_level ? careLevelLabel(p.care_level) : null,
      currentOfficeNo: current?.officeNo ?? null,
    };
  }

  /** Before 届出: a repeated filing and, for the office's own client, a birth date the register does not have. */
  checkNewFiling(
    actor: Actor,
    f: { requestId: string; filing: PlanFiling; today: IsoDate; confirmDuplicate: boolean },
  ): Promise<void> {
    return checkNewFiling(this.repos, actor, f);
  }

  /**
   * 届出: the acceptance checks, then update-with-start (the workflow checks again, against a filing made meanwhile),
   * so a double submit files once. A refusal throws PlanFilingRefused and starts nothing.
   */
  /**
   * What the checks found about the person (not found, no certification, 非該当, the level's 届出先, an open filing) is
   * told only to an office that may see the person; any other office gets one answer for all of them.
   */
  private async asSeenBy<E extends { field: string; message: string }>(
    officeNo: string,
    filing: PlanFiling,
    errors: E[],
  ): Promise<E[]> {
    const aboutPerson = (e: E) => e.field === 'insuredNumber' || e.field === 'officeKind';
    if (!errors.some(aboutPerson)) return errors;
    if (await officeMayViewToday(this.repos, officeNo, filing.person.insuredNo, jstDateOf(Date.now()))) return errors;
    const first = errors.find(aboutPerson)!;
    return [
      { ...first, field: 'insuredNumber', message: PLAN_PERSON_NOT_ACCEPTED },
      ...errors.filter((e) => !aboutPerson(e)),
    ];
  }

  async file(actor: Actor, requestId: string, filing: PlanFiling, timing?: Timing): Promise<PlanNotificationSnapshot> {
    if (!mayFilePlan(actor)) throw new ForbiddenError();
    if (!FILING_NO_PATTERN.test(requestId))
      throw new ValidationError([{ field: 'requestId', message: '画面を開き直してから入力してください' }]);
    const officeNo = actor.officeNo!;
    const workflowId = planNotificationWorkflowId(actor.insurerNo, requestId);
    // The acceptance checks run here first: a refused filing must leave no workflow holding what was typed.
    const filedOn = timing?.startOn ?? jstDateOf(Date.now());
    const facts = await this.repo.planFilingFacts({
      insurerNo: actor.insurerNo,
      officeNo,
      insuredNo: filing.person.insuredNo,
      birthDate: filing.person.birthDate,
      filedOn,
      workflowId,
      startDate: filing.startDate,
    });
    const { errors } = checkPlanFiling(filing, filedOn, facts);
    if (errors.length > 0) throw new PlanFilingRefused(toFormErrors(await this.asSeenBy(officeNo, filing, errors)));
    const start: PlanNotificationStart = {
      insurerNo: actor.insurerNo,
      filingNo: requestId,
      officeNo,
      ...(timing ? { timing } : {}),
    };
    const startWorkflowOperation = new WithStartWorkflowOperation(PLAN_NOTIFICATION_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [start],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(filePlanUpdate, {
        args: [{ actor, filing }],
        updateId: planUpdateId(workflowId, 'file', requestId),
        startWorkflowOperation,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return this.replayOfClosed(workflowId);
      throw toWebError(err);
    }
  }

  /** 再提出 after 返戻 (same 被保険者番号; the checks run again). */
  async refile(actor: Actor, filingNo: string, requestId: string, filing: PlanFiling) {
    return this.update(actor, filingNo, 'refile', requestId, refilePlanUpdate, { actor, filing });
  }
  /** 審査開始 (給付係). */
  async review(actor: Actor, filingNo: string, requestId: string) {
    return this.update(actor, filingNo, 'review', requestId, reviewPlanUpdate, { actor });
  }
  /** 受理 (給付係). */
  async accept(actor: Actor, filingNo: string, requestId: string, note: string | null) {
    return this.update(actor, filingNo, 'accept', requestId, acceptPlanUpdate, { actor, note });
  }
  /** 返戻 with a reason (給付係). */
  async returnFiling(actor: Actor, filingNo: string, requestId: string, reason: string) {
    return this.update(actor, filingNo, 'return', requestId, returnPlanUpdate, { actor, reason });
  }
  /** 取下げ (filing office). */
  async withdraw(actor: Actor, filingNo: string, requestId: string, reason: string | null) {
    return this.update(actor, filingNo, 'withdraw', requestId, withdrawPlanUpdate, { actor, reason });
  }

  /** The office's own filings, newest first. */
  async listForOffice(actor: Actor): Promise<PlanListRow[]> {
    if (!actor.officeNo) return [];
    return (await this.repo.planCasesOfOffice(actor.insurerNo, actor.officeNo)).map(planListRow);
  }

  /** 給付係の審査待ち: open filings (submitted / under review first), then recently closed ones. */
  async reviewQueue(actor: Actor): Promise<{ open: PlanListRow[]; closed: PlanListRow[] }> {
    return planQueueView(await this.repo.planReviewQueue(actor.insurerNo));
  }

  /** One filing with every round, its history and notices. Office staff see only their own office's filings (else 404). */
  async detail(actor: Actor, filingNo: string): Promise<PlanDetail & { register: RegisterNameView | null }> {
    const c = await this.caseRow(actor, filingNo);
    const view = planDetailView(actor, c, await this.repo.planHistory(c.workflow_id));
    return { ...view, register: await this.registerName(actor, view) };
  }

  /**
   * 台帳の氏名 beside the typed one, for municipal staff only (finding 5): an office is never shown the register's name
   * nor told that its typed name differs, whether or not it may see the person.
   */
  private async registerName(actor: Actor, view: PlanDetail): Promise<RegisterNameView | null> {
    if (actor.officeNo || actor.role === 'office_staff' || !view.current) return null;
    const typed = view.current.filing.person;
    const p = await this.repos.persons.getPerson(actor.insurerNo, typed.insuredNo);
    if (!p) return null;
    return { name: p.name, kana: p.kana, check: compareWithRegister(typed, p) };
  }

  /** The live version of a filing (the read model's last step), for the page's polling. */
  async version(actor: Actor, filingNo: string): Promise<{ version: string; stage: string }> {
    const c = await this.caseRow(actor, filingNo);
    return { version: String(c.last_seq), stage: c.stage };
  }

  /** A rendered notice (受理通知 / 返戻通知) of a filing the actor may see. */
  async noticeHtml(actor: Actor, filingNo: string, key: string): Promise<string> {
    const c = await this.caseRow(actor, filingNo);
    const html = await this.repo.planNoticeHtml(`${c.workflow_id}:${key}`);
    if (html === null) throw new NotFoundError('通知が見つかりません');
    return html;
  }

  private async caseRow(actor: Actor, filingNo: string): Promise<CaseRow> {
    if (!FILING_NO_PATTERN.test(filingNo)) throw new NotFoundError('届出が見つかりません');
    const c = await this.repo.planCase(planNotificationWorkflowId(actor.insurerNo, filingNo));
    const visibility = c
      ? planVisibility(actor, { insurerNo: c.insurer_no, filedByOfficeNo: c.filed_by_office_no })
      : 'hidden';
    if (!c || visibility === 'hidden') throw new NotFoundError('届出が見つかりません');
    if (visibility === 'forbidden') throw new ForbiddenError();
    return c;
  }

  private async update<C>(
    actor: Actor,
    filingNo: string,
    kind: PlanActionKind,
    requestId: string,
    def: UpdateDefinition<PlanNotificationSnapshot, [C]>,
    cmd: C,
  ): Promise<PlanNotificationSnapshot> {
    await this.caseRow(actor, filingNo);
    const workflowId = planNotificationWorkflowId(actor.insurerNo, filingNo);
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate(def, {
        args: [cmd],
        updateId: planUpdateId(workflowId, kind, requestId),
      });
    } catch (err) {
      throw toWebError(err);
    }
  }

  /** A resubmitted form whose run has already ended: show its outcome (refused → the same errors). */
  private async replayOfClosed(workflowId: string): Promise<PlanNotificationSnapshot> {
    const snapshot = await this.client.workflow.getHandle(workflowId).query(planNotificationSnapshotQuery);
    if (snapshot.stage === 'refused') throw new ValidationError(toFormErrors(snapshot.refusal ?? []));
    return snapshot;
  }
}

function toFormErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ field: FORM_FIELDS[e.field] ?? e.field, message: e.message }));
}

/** Update failures → typed web errors: refused checks are form errors, rejected actions are conflicts. */
function toWebError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === PLAN_FILING_REFUSED)
      return new ValidationError(toFormErrors((err.cause.details?.[0] as FieldError[]) ?? []));
    return new ConflictError(err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) return new NotFoundError('届出が見つかりません');
  return err;
}
