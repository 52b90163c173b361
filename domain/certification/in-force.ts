/**
 * 効力のある認定: a renewal decided before the current certification expires does not replace it. The person holds the
 * current certification and the next one side by side; the next becomes current on its start date. Every check that
 * asks "which certification" (居宅届, office views, 更新, 区分変更, the person pages) asks it for a date, here [S11]
 * [S12]. Pure.
 */
import type { CareLevel, IsoDate } from './types';
import { compareDates } from '../dates';

/** One certification as the 被保険者証 fields hold it. */
export interface HeldCertification {
  level: CareLevel;
  validFrom: IsoDate;
  validTo: IsoDate;
  certifiedOn: IsoDate | null;
  boardOpinion?: string | null;
  serviceTypeRestriction?: string | null;
}

/** The person's certifications: the current one and the next one decided early (次期認定), each possibly absent. */
export interface HeldCertifications {
  current: HeldCertification | null;
  next: HeldCertification | null;
}

const covers = (c: HeldCertification | null, on: IsoDate): c is HeldCertification =>
  c != null && compareDates(c.validFrom, on) <= 0 && compareDates(on, c.validTo) <= 0;

/** The certification in force on `on` (its validity covers the day), the next one first once it has begun; else null. */
export function certificationInForce(held: HeldCertifications, on: IsoDate): HeldCertification | null {
  if (covers(held.next, on)) return held.next;
  if (covers(held.current, on)) return held.current;
  return null;
}

/** 次期認定の開始: on or after the next certification's start date it is the current one, and there is no next. */
export function promoteStarted(held: HeldCertifications, on: IsoDate): HeldCertifications {
  if (held.next && compareDates(held.next.validFrom, on) <= 0) return { current: held.next, next: null };
  return held;
}

/**
 * Where a decided certification goes: beside the current one (as the next) when it starts after the current one ends
 * and the current one is still in force on the decision date (a 更新 or みなし更新 decided early); otherwise it
 * replaces the current one (新規, 区分変更, a late 更新), and a next one held then is dropped only when the decided
 * certification reaches into its period.
 */
export function placeDecidedCertification(held: HeldCertifications, decided: HeldCertification): HeldCertifications {
  const on = decided.certifiedOn ?? decided.validFrom;
  const now = promoteStarted(held, on);
  const current = now.current;
  if (covers(current, on) && compareDates(decided.validFrom, current.validTo) > 0) {
    return { current, next: decided };
  }
  const keepNext = now.next && compareDates(decided.validTo, now.next.validFrom) < 0 ? now.next : null;
  return { current: decided, next: keepNext };
}

/**
 * What the person pages show on `today`: the current certification (the 被保険者証 as it stands, even when expired)
 * and, beside it, the next one while it has not begun.
 */
export function certificationsShown(held: HeldCertifications, today: IsoDate): HeldCertifications {
  return promoteStarted(held, today);
}
