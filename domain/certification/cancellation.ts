/**
 * 認定の取消 (at the person's request): invalid from the 申出日 on; not after the certification has expired; not while
 * a 更新 or 区分変更 is pending, which must be withdrawn or decided first [S44] [S-Sakaiminato]. Pure.
 */
import type { ApplicationType, IsoDate } from './types';
import { addDays, compareDates, formatWareki } from '../dates';
import { certificationInForce, promoteStarted, type HeldCertification, type HeldCertifications } from './in-force';

/** A 取消の申出 as the 認定係 enters it. */
export interface CancellationRequest {
  /** the person's certifications as the register holds them */
  held: HeldCertifications;
  /** 申出日: the day the person asked; the certification is invalid from that day */
  requestedOn: IsoDate;
  today: IsoDate;
  /** the type of each certification application still pending for the person */
  pendingApplications: readonly ApplicationType[];
}

/** What the 取消 does to the register. */
export interface CancellationEffect {
  /** the certification in force on the 申出日, as it was */
  cancelled: HeldCertification;
  /** the 申出日: the first day without a certification */
  invalidFrom: IsoDate;
  /** the cancelled certification's new last day; null when nothing of it remains (申出日 = its first day) */
  validTo: IsoDate | null;
  /** a next certification decided early (次期認定), void as a whole: it would begin after the 申出日 */
  voidedNext: HeldCertification | null;
  /** the register afterwards */
  remaining: HeldCertifications;
}

/** The 取消 is refused with its Japanese reason, or accepted with its effect. */
export type CancellationDecision = { ok: false; reason: string } | { ok: true; effect: CancellationEffect };

const refuse = (reason: string): CancellationDecision => ({ ok: false, reason });

/** Pending applications that stand in the way, by what they must be (取下げ or 処分) first. */
const BLOCKING: Partial<Record<ApplicationType, string>> = { renewal: '更新', level_change: '区分変更' };

/**
 * Whether the 取消 on the 申出日 may be accepted, and what it does: the certification in force that day
 * (in-force.ts) ends the day before; a next one not yet begun is void; refused when the 申出日 is in the future, when
 * no certification was in force that day (expired, or none), before the certification was decided (a 申出 before
 * the 処分 is a 取下げ of the application), and while a 更新 or 区分変更 is pending.
 */
export function decideCancellation(r: CancellationRequest): CancellationDecision {
  const { requestedOn } = r;
  if (compareDates(requestedOn, r.today) > 0) return refuse('申出日に未来の日付は入力できません');
  const held = promoteStarted(r.held, requestedOn);
  const inForce = certificationInForce(held, requestedOn);
  if (!inForce) {
    const last = [held.current, held.next]
      .filter((c): c is HeldCertification => c != null && compareDates(c.validTo, requestedOn) < 0)
      .sort((a, b) => compareDates(b.validTo, a.validTo))[0];
    if (last && last.level !== 'non_applicable')
      return refuse(`有効期間（${formatWareki(last.validTo)}まで）が満了しているため、認定を取り消すことはできません`);
    return refuse('申出日に効力のある認定がありません');
  }
  if (inForce.level === 'non_applicable') return refuse('申出日に効力のある認定がありません');
  if (inForce.certifiedOn && compareDates(requestedOn, inForce.certifiedOn) < 0)
    return refuse(
      `申出日が認定日（${formatWareki(inForce.certifiedOn)}）より前です。処分前の申出は申請の取下げとして受け付けてください`,
    );
  const blocking = r.pendingApplications.map((t) => BLOCKING[t]).find((w) => w != null);
  if (blocking)
    return refuse(`${blocking}の申請中のため取り消せません。先に申請を取り下げるか、処分をしてから受け付けてください`);

  const isVoid = compareDates(requestedOn, inForce.validFrom) === 0;
  const validTo = isVoid ? null : addDays(requestedOn, -1);
  const voidedNext = held.next && held.next !== inForce ? held.next : null;
  return {
    ok: true,
    effect: {
      cancelled: inForce,
      invalidFrom: requestedOn,
      validTo,
      voidedNext,
      remaining: { current: validTo ? { ...inForce, validTo } : null, next: null },
    },
  };
}

/**
 * The 申出日 of the 取消 that ended the register's current certification, or null: a marker left by a 取消 counts only
 * while the current certification is what the 取消 left (ending the day before, or none), so a certification decided
 * or imported later is never shown as cancelled.
 */
export function cancelledOnShown(
  cancelledOn: IsoDate | null | undefined,
  current: HeldCertification | null,
): IsoDate | null {
  if (!cancelledOn) return null;
  if (!current) return cancelledOn;
  return compareDates(addDays(cancelledOn, -1), current.validTo) === 0 ? cancelledOn : null;
}
