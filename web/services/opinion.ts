/**
 * 主治医意見書 at the 認定係 (/cases/:id/opinion): the opinion the doctor submitted online, checked (= receipt: the
 * receiveOpinion Update with the caller's ID, so the 督促 stops) or returned to the doctor with a reason; a paper
 * opinion keyed in on the same page (or recorded as received), and one the applicant brought at intake keyed in and
 * checked the same way. Every query takes the actor's insurer; every action is audited.
 */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import { can } from '../../domain/access';
import type { IsoDate } from '../../domain/certification/types';
import { documentErrors, parseValues, type DocumentValues } from '../../domain/documents/items';
import { opinionFeed, opinionFormById, opinionFormOn } from '../../domain/documents/opinion-form';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { AuditService } from './audit';
import type { CertificationService } from './certification';
import { parseJson } from '../views/common';

export const RETURN_REASON_MAX = 500;

export class OpinionCheckService {
  constructor(
    private readonly repos: Repositories,
    private readonly audit: AuditService,
    private readonly certification: () => CertificationService,
  ) {}

  /** The case's opinion: the request (if any), the record and its form version, and where the case stands. */
  async page(actor: Actor, workflowId: string) {
    if (!can(actor.role, 'opinion.medical')) throw new ForbiddenError();
    const c = await this.repos.cases.getCase(actor.insurerNo, workflowId);
    if (!c || c.case_kind !== 'certification' || c.application_type === 'transfer_in')
      throw new NotFoundError('案件が見つかりません');
    const [request, doc, events] = await Promise.all([
      this.repos.opinionRequests.requestOfCase(actor.insurerNo, workflowId),
      this.repos.documents.getDocument(actor.insurerNo, workflowId, 'opinion'),
      this.repos.cases.caseEvents(actor.insurerNo, workflowId),
    ]);
    const summary = parseJson(c.summary_json);
    const on = (request?.requested_on ?? summary.opinionRequestedOn ?? c.applied_on) as IsoDate;
    const version = (doc && opinionFormById(doc.form_version)) || opinionFormOn(on);
    if (!version) throw new NotFoundError('案件が見つかりません');
    const values: DocumentValues = doc ? parseValues(doc.values_json) : { items: {}, notes: {} };
    const receivedOn = (summary.opinionReceivedOn as string | null) ?? null;
    const open = c.status === 'open' && receivedOn == null;
    return {
      c,
      request,
      doc,
      version,
      values,
      receivedOn,
      brought: events.some((e) => e.event_type === 'opinion_brought'),
      open,
      /** a submitted or keyed-in record waits for the check */
      checkable: open && doc?.status === 'completed',
      returnable: open && request?.status === 'submitted' && doc?.status === 'completed',
      /** paper: the 認定係 keys the opinion in (not while an online submission waits for the check) */
      keyable: open && request?.status !== 'submitted',
    };
  }

  /** A paper (or brought) opinion keyed in: saved as a draft, or completed (every required item answered). */
  async keyIn(actor: Actor, workflowId: string, values: DocumentValues, complete: boolean, ip?: string | null) {
    this.mayRecord(actor);
    const p = await this.page(actor, workflowId);
    if (!p.open || p.request?.status === 'submitted')
      throw new ConflictError('この意見書は入力できません（受領済み、または医療機関から提出済みです）');
    const errors = documentErrors(p.version.form, values, complete);
    if (errors.length > 0) throw new ValidationError(errors);
    const write = {
      insurerNo: actor.insurerNo,
      workflowId,
      kind: 'opinion' as const,
      formVersion: p.version.id,
      values,
      source: p.brought ? ('intake' as const) : ('paper' as const),
      by: actor.loginId,
      at: new Date().toISOString(),
    };
    if (complete) await this.repos.documents.completeDocument(write);
    else if (!(await this.repos.documents.saveDraft(write))) {
      // a completed paper record is corrected by completing it again
      throw new ConflictError('入力済みの意見書は「入力を完了」で訂正してください');
    }
    const target = `case:${workflowId}`;
    const detail = { source: write.source, formVersion: p.version.id };
    // Literal actions, so the audit-label test can find each one.
    if (complete) await this.audit.record({ actor, action: 'opinion.key_in', target, detail, ip });
    else await this.audit.record({ actor, action: 'opinion.key_in_draft', target, detail, ip });
  }

  /**
   * 確認 = 受領: the completed record's 認知症自立度 goes to the case by the receiveOpinion Update (ID chosen by the
   * caller, so a double click receives once); the 督促 stops and the request is marked received.
   */
  async check(actor: Actor, workflowId: string, requestId: string, ip?: string | null) {
    this.mayRecord(actor);
    const p = await this.page(actor, workflowId);
    if (!p.checkable || !p.doc) throw new ConflictError('確認できる意見書がありません');
    const snapshot = await this.certification().snapshot(workflowId);
    const feed = opinionFeed(p.version, p.values, snapshot.today);
    const receipt = await this.certification().perform(
      workflowId,
      { kind: 'receiveOpinion', receivedOn: feed.receivedOn, dementia: feed.dementia },
      actor,
      requestId,
    );
    await this.repos.documents.markFed(actor.insurerNo, p.doc.id, new Date().toISOString());
    await this.audit.record({
      actor,
      action: 'opinion.check',
      target: `case:${workflowId}`,
      detail: { source: p.doc.source, receivedOn: feed.receivedOn },
      ip,
    });
    return receipt;
  }

  /** 差し戻し: the submitted opinion goes back to the doctor with the reason (the doctor corrects and submits again). */
  async returnToDoctor(actor: Actor, workflowId: string, reason: string, ip?: string | null) {
    this.mayRecord(actor);
    const p = await this.page(actor, workflowId);
    if (!p.returnable) throw new ConflictError('差し戻せる意見書がありません');
    const ok = await this.repos.opinionRequests.markReturned(
      actor.insurerNo,
      workflowId,
      reason,
      actor.loginId,
      new Date().toISOString(),
    );
    if (!ok) throw new ConflictError('差し戻せる意見書がありません');
    await this.audit.record({ actor, action: 'opinion.return', target: `case:${workflowId}`, detail: { reason }, ip });
  }

  private mayRecord(actor: Actor): void {
    if (!can(actor.role, 'opinion.record')) throw new ForbiddenError();
  }
}
