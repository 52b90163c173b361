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
import type { Knex } from 'knex';
import type { CaseRow } from '../../db/read-model';
import type { Actor } from '../../domain/actor';
import { can, officeMayViewPerson } from '../../domain/access';
import type { IsoDate } from '../../domain/certification/types';
import { jstDateOf } from '../../domain/dates';
import { careLevelLabel, officeKindLabel } from '../../domain/glossary';
import {
  acceptPlanUpdate,
  FILING_NO_PATTERN,
  filePlanUpdate,
  PLAN_FILING_REFUSED,
  PLAN_NOTIFICATION_WORKFLOW_TYPE,
  PLAN_PHASE_LABELS,
  PlanActionKind,
  PlanFiling,
  PlanNotificationSnapshot,
  planNotificationSnapshotQuery,
  PlanNotificationStart,
  planNotificationWorkflowId,
  PlanPhase,
  PlanRound,
  planUpdateId,
  refilePlanUpdate,
  returnPlanUpdate,
  reviewPlanUpdate,
  withdrawPlanUpdate,
} from '../../workflows/plan-notification/messages';
import type { Timing } from '../../workflows/certification/messages';
import { ConflictError, FieldError, ForbiddenError, NotFoundError, ValidationError } from '../errors';

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

const EVENT_LABELS: Record<string, string> = {
  plan_filed: '届出（提出）',
  plan_refiled: '再提出',
  plan_review_started: '審査開始',
  plan_returned: '返戻',
  plan_accepted: '受理',
  plan_withdrawn: '取下げ',
  plan_acceptance_applied: '被保険者証・担当事業所に反映し、国保連への受給者異動を登録',
};

/** One line of a list (office list or review queue). */
export interface PlanListRow {
  filingNo: string;
  personName: string;
  insuredNo: string;
  officeName: string;
  kind: string;
  phase: PlanPhase;
  phaseLabel: string;
  appliedOn: string | null;
  startDate: string | null;
  updatedAt: string;
  rounds: number;
  open: boolean;
}

/** Everything a detail page shows, from the read model. */
export interface PlanDetail extends PlanListRow {
  workflowId: string;
  officeNo: string;
  version: string;
  acceptedOn: string | null;
  notifiedOn: string | null;
  current: PlanRoundView | null;
  rounds_: PlanRoundView[];
  events: { at: string; label: string; actor: string | null; reason: string | null }[];
  notices: { key: string; title: string; createdAt: string }[];
  canReview: boolean;
  canDecide: boolean;
  canRefile: boolean;
  canWithdraw: boolean;
}

export interface PlanRoundView extends PlanRound {
  kindLabel: string;
  officeKindLabel: string;
  levelLabel: string;
  identityLabel: string;
  proxyLabel: string | null;
  relationLabel: string;
  decisionLabel: string;
}

const IDENTITY_LABELS: Record<string, string> = {
  my_number_card: 'マイナンバーカード',
  photo_id: '写真付き本人確認書類',
  two_documents: '写真のない書類2点',
};
const PROXY_LABELS: Record<string, string> = {
  legal_representative: '法定代理人',
  power_of_attorney: '任意代理人（委任状）',
};
const RELATION_LABELS: Record<string, string> = {
  self: '本人',
  family: '家族',
  care_manager: '介護支援専門員',
  other: 'その他',
};
const DECISION_LABELS: Record<string, string> = { accepted: '受理', returned: '返戻', withdrawn: '取下げ' };

/** Files, reviews and reads 居宅届. Commands go to the workflow as Updates; pages read the SQL read model. */
export class PlanNotificationService {
  private readonly db: Knex;
  private readonly client: Client;
  private readonly taskQueue: string;

  constructor(deps: { db: Knex; client: Client; taskQueue: string }) {
    this.db = deps.db;
    this.client = deps.client;
    this.taskQueue = deps.taskQueue;
  }

  /** A fresh 届出番号 / requestId for a form being rendered (`YYYYMMDD-xxxxxxxx`, JST date). */
  newRequestId(now = Date.now()): string {
    return `${jstDateOf(now).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
  }

  /** The office of the signed-in staff member, as the form shows it (never taken from the form). */
  async officeOf(actor: Actor) {
    const o = actor.officeNo ? await this.db('offices').where({ office_no: actor.officeNo }).first() : null;
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
    const p = await this.db('insured_persons').where({ insured_no: insuredNo, insurer_no: actor.insurerNo }).first();
    if (!p || !actor.officeNo) return null;
    const [assignments, consent, pending] = await Promise.all([
      this.db('office_assignments').where({ insured_no: insuredNo }).select('office_no', 'start_date', 'end_date'),
      this.db('consents').where({ insured_no: insuredNo }).orderBy('granted_on', 'desc').first(),
      this.db('cases')
        .where({ case_kind: 'certification', insured_no: insuredNo, status: 'open' })
        .pluck('filed_by_office_no'),
    ]);
    const visible = officeMayViewPerson({
      officeNo: actor.officeNo,
      today,
      assignments: assignments.map((a) => ({ officeNo: a.office_no, startDate: a.start_date, endDate: a.end_date })),
      consent: consent ? { granted: Boolean(consent.granted), revokedOn: consent.revoked_on } : null,
      pendingProxyApplicationOfficeNos: pending.filter(Boolean),
    });
    if (!visible) return null;
    const current = assignments.find((a) => a.end_date == null && a.office_no !== actor.officeNo);
    return {
      person: { insuredNo, name: p.name, kana: p.kana, birthDate: p.birth_date },
      careLevel: p.care_level ? careLevelLabel(p.care_level) : null,
      currentOfficeNo: current?.office_no ?? null,
    };
  }

  /** 届出: update-with-start, so the checks answer on the same request and a double submit files once. */
  async file(actor: Actor, requestId: string, filing: PlanFiling, timing?: Timing): Promise<PlanNotificationSnapshot> {
    if (!can(actor.role, 'plan.file') || !actor.officeNo) throw new ForbiddenError();
    if (!FILING_NO_PATTERN.test(requestId))
      throw new ValidationError([{ field: 'requestId', message: '画面を開き直してから入力してください' }]);
    const workflowId = planNotificationWorkflowId(actor.insurerNo, requestId);
    const start: PlanNotificationStart = {
      insurerNo: actor.insurerNo,
      filingNo: requestId,
      officeNo: actor.officeNo,
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
    const rows = await this.db('cases')
      .where({ case_kind: 'plan_notification', insurer_no: actor.insurerNo, filed_by_office_no: actor.officeNo })
      .orderBy('updated_at', 'desc')
      .limit(200);
    return rows.map(toListRow);
  }

  /** 給付係の審査待ち: open filings (submitted / under review first), then recently closed ones. */
  async reviewQueue(actor: Actor): Promise<{ open: PlanListRow[]; closed: PlanListRow[] }> {
    const base = () => this.db('cases').where({ case_kind: 'plan_notification', insurer_no: actor.insurerNo });
    const [open, closed] = await Promise.all([
      base().where({ status: 'open' }).orderBy('updated_at', 'asc').limit(500),
      base().where({ status: 'closed' }).orderBy('updated_at', 'desc').limit(30),
    ]);
    const rank = (r: PlanListRow) => (r.phase === 'returned' ? 1 : 0);
    return { open: open.map(toListRow).sort((a, b) => rank(a) - rank(b)), closed: closed.map(toListRow) };
  }

  /** One filing with every round, its history and notices. Office staff see only their own office's filings (else 404). */
  async detail(actor: Actor, filingNo: string): Promise<PlanDetail> {
    const c = await this.caseRow(actor, filingNo);
    const [events, notices] = await Promise.all([
      this.db('case_events').where({ workflow_id: c.workflow_id }).orderBy('seq'),
      this.db('notices')
        .where({ workflow_id: c.workflow_id })
        .orderBy('created_at')
        .select('id', 'title', 'created_at'),
    ]);
    const row = toListRow(c);
    const summary = JSON.parse(c.summary_json ?? '{}');
    const rounds: PlanRoundView[] = (summary.rounds ?? []).map(toRoundView);
    const office = actor.role === 'office_staff';
    return {
      ...row,
      workflowId: c.workflow_id,
      officeNo: c.filed_by_office_no,
      version: String(c.last_seq),
      acceptedOn: summary.acceptedOn ?? null,
      notifiedOn: summary.notifiedOn ?? null,
      current: rounds[rounds.length - 1] ?? null,
      rounds_: rounds,
      events: events.map((e) => {
        const payload = JSON.parse(e.payload_json ?? '{}');
        return {
          at: e.occurred_at,
          label: EVENT_LABELS[e.event_type] ?? e.event_type,
          actor: e.actor,
          reason: payload.reason ?? null,
        };
      }),
      notices: notices.map((n) => ({
        key: n.id.slice(c.workflow_id.length + 1),
        title: n.title,
        createdAt: n.created_at,
      })),
      canReview: !office && can(actor.role, 'plan.review') && row.phase === 'submitted',
      canDecide:
        !office && can(actor.role, 'plan.review') && (row.phase === 'submitted' || row.phase === 'under_review'),
      canRefile: office && row.phase === 'returned',
      canWithdraw: office && ['submitted', 'under_review', 'returned'].includes(row.phase),
    };
  }

  /** The live version of a filing (the read model's last step), for the page's polling. */
  async version(actor: Actor, filingNo: string): Promise<{ version: string; phase: string }> {
    const c = await this.caseRow(actor, filingNo);
    return { version: String(c.last_seq), phase: c.stage };
  }

  /** A rendered notice (受理通知 / 返戻通知) of a filing the actor may see. */
  async noticeHtml(actor: Actor, filingNo: string, key: string): Promise<string> {
    const c = await this.caseRow(actor, filingNo);
    const n = await this.db('notices')
      .where({ id: `${c.workflow_id}:${key}` })
      .first('html');
    if (!n) throw new NotFoundError('通知が見つかりません');
    return n.html;
  }

  private async caseRow(actor: Actor, filingNo: string) {
    if (!FILING_NO_PATTERN.test(filingNo)) throw new NotFoundError('届出が見つかりません');
    const c = await this.db('cases')
      .where({ workflow_id: planNotificationWorkflowId(actor.insurerNo, filingNo), case_kind: 'plan_notification' })
      .first();
    // Another office's filing answers 404, not 403: its existence is not disclosed.
    if (!c || (actor.role === 'office_staff' && c.filed_by_office_no !== actor.officeNo))
      throw new NotFoundError('届出が見つかりません');
    if (actor.role !== 'office_staff' && !can(actor.role, 'plan.review') && !can(actor.role, 'case.view_all'))
      throw new ForbiddenError();
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
    if (snapshot.phase === 'refused') throw new ValidationError(toFormErrors(snapshot.refusal ?? []));
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

function toListRow(c: CaseRow): PlanListRow {
  const summary = JSON.parse(c.summary_json ?? '{}');
  const phase = c.stage as PlanPhase;
  return {
    filingNo: c.application_no ?? '',
    personName: summary.personName ?? '',
    insuredNo: c.insured_no,
    officeName: summary.officeName ?? '',
    kind: c.application_type === 'change' ? '変更' : '新規',
    phase,
    phaseLabel: PLAN_PHASE_LABELS[phase] ?? phase,
    appliedOn: c.applied_on,
    startDate: summary.startDate ?? null,
    updatedAt: c.updated_at,
    rounds: (summary.rounds ?? []).length,
    open: c.status === 'open',
  };
}

function toRoundView(r: PlanRound): PlanRoundView {
  const proxy = r.filing.identity.proxy;
  return {
    ...r,
    kindLabel: r.filing.kind === 'change' ? '変更' : '新規',
    officeKindLabel: officeKindLabel(r.office.kind),
    levelLabel: r.personLevel === 'pending' ? '認定申請中' : r.personLevel ? careLevelLabel(r.personLevel) : '—',
    identityLabel: IDENTITY_LABELS[r.filing.identity.method] ?? r.filing.identity.method,
    proxyLabel: proxy
      ? `${PROXY_LABELS[proxy.authority] ?? proxy.authority}（代理人の確認: ${IDENTITY_LABELS[proxy.proxyIdentityMethod] ?? ''}）`
      : null,
    relationLabel: RELATION_LABELS[r.filing.notifier.relation] ?? r.filing.notifier.relation,
    decisionLabel: r.decision ? DECISION_LABELS[r.decision] : r.reviewStartedAt ? '審査中' : '審査待ち',
  };
}
