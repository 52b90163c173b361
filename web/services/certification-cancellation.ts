/**
 * 認定取消 by the 認定係: the person's certifications and earlier 取消, the preview of a 申出 (what ends, what is void),
 * the confirmation (recorded once per request ID, with the 認定取消通知書) and the notice as issued. Refusals are
 * ValidationErrors in Japanese on the form's fields; another insurer's person is not found.
 */
import { randomBytes } from 'node:crypto';
import type { Repositories } from '../../db';
import type { CancellationRow } from '../../db/certification-cancellations';
import { heldCertifications, type PersonRow } from '../../db/persons';
import type { Actor } from '../../domain/actor';
import { decideCancellation, type CancellationEffect } from '../../domain/certification/cancellation';
import { certificationsShown } from '../../domain/certification/in-force';
import type { IsoDate } from '../../domain/certification/types';
import { renderNoticeHtml } from '../../lib/notice-html';
import { NotFoundError, ValidationError } from '../errors';
import { found } from '../views/common';

/** A 取消の申出 as the form gives it. */
export interface CancellationEntry {
  requestedOn: IsoDate;
  reason: string;
}

/** The request ID a rendered form carries: 16 hex digits. */
const REQUEST_ID = /^[0-9a-f]{16}$/;

export const CANCELLATION_NOTICE_TITLE = '要介護認定等取消通知書';

export class CertificationCancellationService {
  constructor(private readonly repos: Repositories) {}

  /** A fresh request ID for a form being rendered. */
  newRequestId(): string {
    return randomBytes(8).toString('hex');
  }

  private async person(actor: Actor, insuredNo: string): Promise<PersonRow> {
    return found(await this.repos.persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
  }

  /** The form's facts: the person, the certifications shown today and the earlier 取消 (latest first). */
  async page(actor: Actor, insuredNo: string, today: IsoDate) {
    const person = await this.person(actor, insuredNo);
    const cancellations = await this.repos.certificationCancellations.cancellationsOfPerson(actor.insurerNo, insuredNo);
    return { person, shown: certificationsShown(heldCertifications(person), today), cancellations };
  }

  /** What the 取消 would do; ValidationError with the refusal (on 申出日) otherwise. */
  async preview(actor: Actor, insuredNo: string, entry: CancellationEntry, today: IsoDate) {
    const person = await this.person(actor, insuredNo);
    this.mustBeActive(person);
    const decision = decideCancellation({
      held: heldCertifications(person),
      requestedOn: entry.requestedOn,
      today,
      pendingApplications: await this.repos.certificationCancellations.pendingApplicationTypes(
        actor.insurerNo,
        insuredNo,
      ),
    });
    if (!decision.ok) throw new ValidationError([{ field: 'requestedOn', message: decision.reason }]);
    return { person, effect: decision.effect };
  }

  /**
   * Records the 取消 (judged again on the register as it stands when confirmed). Returns the row and whether it is new;
   * the same request ID again returns the first row.
   */
  async confirm(
    actor: Actor,
    insuredNo: string,
    requestId: string,
    entry: CancellationEntry,
    today: IsoDate,
  ): Promise<{ row: CancellationRow; created: boolean }> {
    if (!REQUEST_ID.test(requestId))
      throw new ValidationError([{ field: 'requestId', message: '画面を開き直してから入力してください' }]);
    this.mustBeActive(await this.person(actor, insuredNo));
    const { insurer } = await this.repos.notices.noticeAddressee(actor.insurerNo, insuredNo);
    const outcome = await this.repos.certificationCancellations.recordCancellation({
      insurerNo: actor.insurerNo,
      insuredNo,
      requestId,
      requestedOn: entry.requestedOn,
      reason: entry.reason,
      today,
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
      noticeHtml: (person, effect) => noticeHtml(person, insurer, entry, effect, today),
    });
    if (outcome.kind === 'not_found') throw new NotFoundError('被保険者が見つかりません');
    if (outcome.kind === 'refused') throw new ValidationError([{ field: 'requestedOn', message: outcome.reason }]);
    return { row: outcome.row, created: outcome.kind === 'recorded' };
  }

  /** The 認定取消通知書 as issued (NotFoundError for another person's or insurer's). */
  async notice(actor: Actor, insuredNo: string, id: number): Promise<string> {
    const row = await this.repos.certificationCancellations.getCancellation(actor.insurerNo, insuredNo, id);
    return found(row, '通知書が見つかりません').notice_html;
  }

  private mustBeActive(person: PersonRow): void {
    if (person.status !== 'active')
      throw new ValidationError([{ field: 'requestedOn', message: '資格を喪失した被保険者です（死亡・転出）' }]);
  }
}

function noticeHtml(
  p: PersonRow,
  insurer: unknown,
  entry: CancellationEntry,
  e: CancellationEffect,
  issuedOn: IsoDate,
): string {
  return renderNoticeHtml('certification-cancellation', {
    title: CANCELLATION_NOTICE_TITLE,
    issuedOn,
    insurer,
    person: { insuredNo: p.insured_no, name: p.name, kana: p.kana, birthDate: p.birth_date, address: p.address },
    requestedOn: entry.requestedOn,
    reason: entry.reason,
    cancelled: e.cancelled,
    validTo: e.validTo,
    voidedNext: e.voidedNext,
  });
}
