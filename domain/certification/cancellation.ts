/**
 * 認定の取消 (at the person's request): invalid from the 申出日 on; not after the certification has expired; not while
 * a 更新 or 区分変更 is pending, which must be withdrawn or decided first [S44] [S-Sakaiminato]. Pure.
 */
import type { ApplicationType, CareLevel, IsoDate } from './types';
import { addDays, compareDates, formatWareki, maxDate } from '../dates';

/** The certification to cancel, as the person's register holds it. */
export interface CertificationInForce {
  level: CareLevel;
  validFrom: IsoDate;
  validTo: IsoDate;
}

/** Why the 取消 cannot be accepted (null when it can). */
export function cancellationRefusal(input: {
  certification: CertificationInForce | null;
  /** 申出日 */
  requestedOn: IsoDate;
  /** the type of an application still pending for the person, if any */
  pendingApplication: ApplicationType | null;
}): string | null {
  const { certification: c, requestedOn, pendingApplication } = input;
  if (!c || c.level === 'non_applicable') return '取り消す認定がありません';
  if (compareDates(requestedOn, c.validTo) > 0) {
    return `有効期間（${formatWareki(c.validTo)}まで）が満了しているため、認定を取り消すことはできません`;
  }
  if (pendingApplication === 'renewal' || pendingApplication === 'level_change') {
    const what = pendingApplication === 'renewal' ? '更新' : '区分変更';
    return `${what}の申請中のため取り消せません。申請を取り下げるか、処分の後に申し出てください`;
  }
  return null;
}

/**
 * 取消の効果: the certification is invalid from the 申出日 (or from its start, when it had not begun yet), so its
 * validity ends the day before; void when nothing of it remains.
 */
export function cancellationEffect(
  c: CertificationInForce,
  requestedOn: IsoDate,
): { invalidFrom: IsoDate; validTo: IsoDate | null; void: boolean } {
  const invalidFrom = maxDate(requestedOn, c.validFrom);
  const isVoid = compareDates(invalidFrom, c.validFrom) === 0;
  return { invalidFrom, validTo: isVoid ? null : addDays(invalidFrom, -1), void: isVoid };
}
