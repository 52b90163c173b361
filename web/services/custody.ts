/* eslint-disable max-lines -- one aggregate's service (read and write sides); splitting it is left for later */
/**
 * マイナンバーカード預かり管理簿 for the offices whose 指定サービス種別 may keep residents' cards (domain/custody/rules.ts):
 * the register and a person's history (card handlers and the office administrator), agreements, take-outs and
 * returns (card handlers only), and naming the handlers (the administrator). Every view and change is audited; a
 * person the office has no record of gets the same answer whether the number is unknown or another office's.
 */
import type { Repositories } from '../../db';
import type { OfficeScope } from '../../db/custody';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import {
  cardStatus,
  CARD_STATUS_LABELS,
  custodyRulesOn,
  type CustodyRules,
  DEPOSITOR_KIND_LABELS,
  type DepositorKind,
  isOverdue,
  mayEndCustody,
  mayStartCustody,
  officeMayKeepCards,
  returnDeadline,
  TAKE_OUT_PURPOSE_LABELS,
  type TakeOutPurpose,
  takeOutRefusal,
  TAKE_OUT_REFUSAL_MESSAGES,
} from '../../domain/custody/rules';
import { compareDates } from '../../domain/dates';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { AuditService } from './audit';
import { custodyRoleOf, officeScopeOf } from './custody-handlers';
import { officeMayViewToday } from './office';

/** The one answer for a person the office holds no record of (unknown number, another office's resident). */
export const CUSTODY_NOT_FOUND = '預かりの記録が見つかりません';
/** The one refusal of a new agreement for a person the office may not see (unknown, not registered, no consent). */
export const CUSTODY_START_REFUSAL =
  'この被保険者番号では預かりを登録できません（担当事業所登録があり、本人の同意がある利用者のみ登録できます）';
export const CUSTODY_KIND_REFUSAL =
  'この事業所の指定サービス種別ではカードの預かり管理を利用できません（居住・入所系の事業所のみ）';
export const CUSTODY_HANDLER_REFUSAL = 'カードの取扱者に指定された職員のみ操作できます';
export const CUSTODY_VIEWER_REFUSAL = 'カードの取扱者と事業所の管理者のみ閲覧できます';

/** Where a request came from, for the audit rows. */
export interface CustodyContext {
  actor: Actor;
  ip?: string;
  today: IsoDate;
}

export interface AgreementInput {
  insuredNo: string;
  depositorKind: DepositorKind;
  depositorName: string;
  agreementRef: string;
  agreedOn: IsoDate;
  startedOn: IsoDate;
}

export interface TakeOutInput {
  purpose: TakeOutPurpose;
  purposeNote?: string;
  expectedReturnAt: string;
}

export class CustodyService {
  constructor(
    private readonly repos: Repositories,
    private readonly audit: AuditService,
    private readonly now: () => number,
  ) {}

  private scope(actor: Actor): OfficeScope {
    return officeScopeOf(actor);
  }

  private async rules(insurerNo: string, today: IsoDate): Promise<CustodyRules> {
    return custodyRulesOn(await this.repos.custody.custodyRuleVersions(insurerNo), today);
  }

  /** Whether the actor's office may keep cards today (the office home shows the link only then). */
  async officeKeepsCards(actor: Actor, today: IsoDate): Promise<boolean> {
    if (actor.role !== 'office_staff' || !actor.officeNo) return false;
    const s = this.scope(actor);
    const [types, rules] = await Promise.all([
      this.repos.custody.officeServiceTypes(s),
      this.rules(s.insurerNo, today),
    ]);
    return officeMayKeepCards(types, rules);
  }

  /** 403 for an office whose kinds may not keep cards (every custody page checks it first). */
  async assertOfficeKeepsCards(actor: Actor, today: IsoDate): Promise<void> {
    if (!(await this.officeKeepsCards(actor, today))) throw new ForbiddenError(CUSTODY_KIND_REFUSAL);
  }

  /** What the actor may do here: handle cards, and whether the actor is the office's administrator. */
  roleOf(actor: Actor) {
    return custodyRoleOf(this.repos, actor);
  }

  private async refuse(ctx: CustodyContext, target: string, reason: string): Promise<never> {
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.refused',
      target,
      detail: { officeNo: ctx.actor.officeNo, reason },
      ip: ctx.ip,
    });
    throw new ForbiddenError(reason === 'viewer' ? CUSTODY_VIEWER_REFUSAL : CUSTODY_HANDLER_REFUSAL);
  }

  private async assertViewer(ctx: CustodyContext, target: string) {
    const r = await this.roleOf(ctx.actor);
    if (!r.handler && !r.admin) await this.refuse(ctx, target, 'viewer');
    return r;
  }

  /** 403 (audited) unless the actor is one of the office's card handlers. */
  async requireHandler(ctx: CustodyContext, target: string) {
    return this.assertHandler(ctx, target);
  }

  private async assertHandler(ctx: CustodyContext, target: string) {
    const r = await this.roleOf(ctx.actor);
    if (!r.handler) await this.refuse(ctx, target, 'handler');
    return r;
  }

  /** The register: each resident whose card the office keeps, 保管中/持出中, overdue flagged. Audited. */
  async list(ctx: CustodyContext) {
    const role = await this.assertViewer(ctx, 'custody:list');
    const s = this.scope(ctx.actor);
    const [rows, rules] = await Promise.all([this.repos.custody.custodyList(s), this.rules(s.insurerNo, ctx.today)]);
    const now = this.now();
    const out = [];
    for (const r of rows) {
      const visible = await officeMayViewToday(this.repos, s.officeNo, r.insured_no, ctx.today);
      const movement =
        r.open_movement_id != null
          ? { takenOutAt: r.taken_out_at!, expectedReturnAt: r.expected_return_at!, returnedAt: null }
          : null;
      const status = cardStatus(movement ? [movement] : []);
      out.push({
        insuredNo: r.insured_no,
        name: visible ? r.name : null,
        kana: visible ? r.kana : null,
        depositor: `${DEPOSITOR_KIND_LABELS[r.depositor_kind as DepositorKind] ?? r.depositor_kind}（${r.depositor_name}）`,
        agreementRef: r.agreement_ref,
        agreedOn: r.agreed_on,
        startedOn: r.started_on,
        status,
        statusLabel: CARD_STATUS_LABELS[status],
        takenOutAt: movement?.takenOutAt ?? null,
        deadline: movement ? returnDeadline(movement, rules.overdue) : null,
        overdue: movement ? isOverdue(movement, now, rules.overdue) : false,
      });
    }
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.list',
      target: `office:${s.officeNo}`,
      detail: { count: out.length },
      ip: ctx.ip,
    });
    return { rows: out, role, overdueRule: rules.overdue };
  }

  /** The clients the office may start a custody for (visible, no open agreement), for the form's choices. */
  async startChoices(actor: Actor, today: IsoDate) {
    const s = this.scope(actor);
    const page = await this.repos.offices.officeClientsPage({ officeNo: s.officeNo, today, pageSize: 100 });
    const open = new Set((await this.repos.custody.custodyList(s)).map((r) => r.insured_no));
    return page.rows
      .filter((p) => !open.has(p.insured_no))
      .map((p) => ({ value: p.insured_no, label: `${p.name}（${p.insured_no}）` }));
  }

  /** 預かりの開始: a handler records the agreement for a person the office may see. */
  async start(ctx: CustodyContext, input: AgreementInput): Promise<number> {
    const target = `person:${input.insuredNo}`;
    await this.assertHandler(ctx, target);
    const s = this.scope(ctx.actor);
    const errors = [];
    if (compareDates(input.agreedOn, ctx.today) > 0)
      errors.push({ field: 'agreedOn', message: '同意書の日付は今日以前の日付にしてください' });
    if (compareDates(input.startedOn, ctx.today) > 0)
      errors.push({ field: 'startedOn', message: '預かり開始日は今日以前の日付にしてください' });
    else if (compareDates(input.startedOn, input.agreedOn) < 0)
      errors.push({ field: 'startedOn', message: '預かり開始日は同意書の日付以後にしてください' });
    if (errors.length) throw new ValidationError(errors);
    const [visible, open] = await Promise.all([
      officeMayViewToday(this.repos, s.officeNo, input.insuredNo, ctx.today),
      this.repos.custody.openAgreement(s, input.insuredNo),
    ]);
    const refused = () => {
      throw new ValidationError([
        {
          field: 'insuredNo',
          message: open ? 'この利用者のカードはすでに預かっています' : CUSTODY_START_REFUSAL,
        },
      ]);
    };
    if (!mayStartCustody({ officeMayView: visible, openAgreement: Boolean(open) })) {
      await this.audit.record({
        actor: ctx.actor,
        action: 'custody.start_refused',
        target,
        detail: { officeNo: s.officeNo },
        ip: ctx.ip,
      });
      refused();
    }
    const id = await this.repos.custody.createAgreement(s, {
      ...input,
      byUserId: ctx.actor.userId,
      at: new Date(this.now()).toISOString(),
    });
    if (id == null) return refused();
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.start',
      target,
      detail: { officeNo: s.officeNo, agreementId: id, depositorKind: input.depositorKind },
      ip: ctx.ip,
    });
    return id;
  }

  private async agreementOrNotFound(ctx: CustodyContext, insuredNo: string) {
    const a = await this.repos.custody.openAgreement(this.scope(ctx.actor), insuredNo);
    if (!a) throw new NotFoundError(CUSTODY_NOT_FOUND);
    return a;
  }

  /** A person's agreements and every take-out and return, with the card's status now. Audited. */
  async history(ctx: CustodyContext, insuredNo: string) {
    const target = `person:${insuredNo}`;
    const role = await this.assertViewer(ctx, target);
    const s = this.scope(ctx.actor);
    const agreements = await this.repos.custody.agreementsOf(s, insuredNo);
    if (!agreements.length) throw new NotFoundError(CUSTODY_NOT_FOUND);
    const [movements, rules, visible] = await Promise.all([
      this.repos.custody.movementsOf(s, insuredNo),
      this.rules(s.insurerNo, ctx.today),
      officeMayViewToday(this.repos, s.officeNo, insuredNo, ctx.today),
    ]);
    const person = visible ? await this.repos.persons.getPerson(s.insurerNo, insuredNo) : undefined;
    const now = this.now();
    const open = agreements.find((a) => a.ended_on == null) ?? null;
    const status = cardStatus(
      movements.filter((m) => open && m.agreement_id === open.id).map((m) => ({ returnedAt: m.returned_at })),
    );
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.view',
      target,
      detail: { officeNo: s.officeNo },
      ip: ctx.ip,
    });
    return {
      role,
      insuredNo,
      name: person?.name ?? null,
      visible,
      open,
      status: open ? status : null,
      statusLabel: open ? CARD_STATUS_LABELS[status] : '預かり終了',
      agreements: agreements.map((a) => ({
        ...a,
        depositorLabel: DEPOSITOR_KIND_LABELS[a.depositor_kind as DepositorKind] ?? a.depositor_kind,
      })),
      movements: movements.map((m) => {
        const mv = { takenOutAt: m.taken_out_at, expectedReturnAt: m.expected_return_at, returnedAt: m.returned_at };
        return {
          ...m,
          purposeLabel: TAKE_OUT_PURPOSE_LABELS[m.purpose as TakeOutPurpose] ?? m.purpose,
          deadline: returnDeadline(mv, rules.overdue),
          overdue: isOverdue(mv, now, rules.overdue),
        };
      }),
    };
  }

  /** 持ち出し by a handler: refused while the card is out, without an agreement, or for a person no longer visible. */
  async takeOut(ctx: CustodyContext, insuredNo: string, input: TakeOutInput): Promise<void> {
    const target = `person:${insuredNo}`;
    await this.assertHandler(ctx, target);
    const s = this.scope(ctx.actor);
    const a = await this.agreementOrNotFound(ctx, insuredNo);
    const [out, visible] = await Promise.all([
      this.repos.custody.openMovement(s, a.id),
      officeMayViewToday(this.repos, s.officeNo, insuredNo, ctx.today),
    ]);
    const takenOutAt = new Date(this.now()).toISOString();
    const refusal = takeOutRefusal({
      openAgreement: true,
      status: out ? 'out' : 'in_custody',
      officeMayView: visible,
      takenOutAt,
      expectedReturnAt: input.expectedReturnAt,
    });
    const refuse = async (reason: string) => {
      await this.audit.record({
        actor: ctx.actor,
        action: 'custody.take_out_refused',
        target,
        detail: { officeNo: s.officeNo, reason },
        ip: ctx.ip,
      });
      const field = reason === 'return_not_after_take_out' ? 'returnDate' : 'card';
      throw new ValidationError([
        { field, message: TAKE_OUT_REFUSAL_MESSAGES[reason as keyof typeof TAKE_OUT_REFUSAL_MESSAGES] },
      ]);
    };
    if (refusal) return refuse(refusal);
    const id = await this.repos.custody.recordTakeOut(s, {
      agreementId: a.id,
      takenOutAt,
      byUserId: ctx.actor.userId,
      purpose: input.purpose,
      purposeNote: input.purposeNote ?? null,
      expectedReturnAt: input.expectedReturnAt,
    });
    if (id == null) return refuse('already_out');
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.take_out',
      target,
      detail: {
        officeNo: s.officeNo,
        movementId: id,
        purpose: input.purpose,
        expectedReturnAt: input.expectedReturnAt,
      },
      ip: ctx.ip,
    });
  }

  /** 返却 by a handler: the take-out not yet returned, at the time it is recorded. */
  async recordReturn(ctx: CustodyContext, insuredNo: string): Promise<void> {
    const target = `person:${insuredNo}`;
    await this.assertHandler(ctx, target);
    const s = this.scope(ctx.actor);
    const a = await this.agreementOrNotFound(ctx, insuredNo);
    const ok = await this.repos.custody.recordReturn(s, {
      agreementId: a.id,
      returnedAt: new Date(this.now()).toISOString(),
      byUserId: ctx.actor.userId,
    });
    if (!ok)
      throw new ValidationError([{ field: 'card', message: 'カードは保管中です（返却する持ち出しがありません）' }]);
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.return',
      target,
      detail: { officeNo: s.officeNo },
      ip: ctx.ip,
    });
  }

  /** 預かりの終了 (the card handed back) by a handler, only while the card is in the locker. */
  async end(ctx: CustodyContext, insuredNo: string): Promise<void> {
    const target = `person:${insuredNo}`;
    await this.assertHandler(ctx, target);
    const s = this.scope(ctx.actor);
    const a = await this.agreementOrNotFound(ctx, insuredNo);
    const out = await this.repos.custody.openMovement(s, a.id);
    const ended =
      mayEndCustody({ openAgreement: true, status: out ? 'out' : 'in_custody' }) &&
      (await this.repos.custody.endAgreement(s, {
        agreementId: a.id,
        endedOn: ctx.today,
        byUserId: ctx.actor.userId,
        at: new Date(this.now()).toISOString(),
      }));
    if (!ended)
      throw new ValidationError([
        { field: 'card', message: 'カードが持ち出し中のため終了できません。返却を記録してください' },
      ]);
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.end',
      target,
      detail: { officeNo: s.officeNo, agreementId: a.id },
      ip: ctx.ip,
    });
  }
}
