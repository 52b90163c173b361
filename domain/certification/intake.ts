/** 申請受付: application type checks and re-typing at intake [S14] [S15] [S17] [S37] [S39] [S47]. Pure. */
import type { ApplicationType, CareLevel, IsoDate } from './types';
import type { CertificationRules } from './rules';
import { addDays, compareDates, daysBetween, formatJapaneseDate, isValidIsoDate } from '../dates';

/** 入力エラー (field = form field name, message = Japanese text for the screen). */
export interface FieldError {
  field: string;
  message: string;
}

/** 現在の認定 as seen at intake. */
export interface CurrentCertification {
  level: CareLevel;
  validFrom: IsoDate;
  validTo: IsoDate;
}

/** classifyApplication の結果. */
export type ClassificationResult =
  { ok: true; type: ApplicationType; notes: string[]; coverageGapDays?: number } | { ok: false; errors: FieldError[] };

/**
 * 更新申請の受付開始日: expiry − N days (convention 60) or expiry − (N + 1) days (convention 61, UNCONFIRMED).
 * The single place the window convention is applied [S14] [S15] [S17] [S-caresul].
 */
export function renewalWindowOpens(expiry: IsoDate, rules: CertificationRules): IsoDate {
  const extra = rules.renewalWindowCountsExpiryMinus === 61 ? 1 : 0;
  return addDays(expiry, -(rules.renewalWindowDaysBeforeExpiry + extra));
}

/** 更新申請の受付期間内か: window opening day through the expiry date, both inclusive [S14] [S15]. */
export function isWithinRenewalWindow(appliedOn: IsoDate, expiry: IsoDate, rules: CertificationRules): boolean {
  return compareDates(appliedOn, renewalWindowOpens(expiry, rules)) >= 0 && compareDates(appliedOn, expiry) <= 0;
}

/** 有効な認定か: a certification (not 非該当) whose period covers the date [S15]. */
export function isCertificationValidOn(c: CurrentCertification | null, on: IsoDate): c is CurrentCertification {
  return (
    c != null && c.level !== 'non_applicable' && compareDates(c.validFrom, on) <= 0 && compareDates(on, c.validTo) <= 0
  );
}

/**
 * 申請区分の判定: validates the requested type and re-types where the rules say so — late 更新 → 新規 (gap reported),
 * 転入 after the 14-day window → 新規; 区分変更 needs a valid certification and a reason [S15] [S17] [S37] [S39] [S47].
 */
export function classifyApplication(input: {
  requestedType: ApplicationType;
  appliedOn: IsoDate;
  currentCertification: CurrentCertification | null;
  /** 次期認定: a renewal already decided, beginning after the current one (domain/certification/in-force.ts) */
  nextCertification?: { validFrom: IsoDate } | null;
  movedInOn?: IsoDate | null;
  levelChangeReason?: string | null;
  rules: CertificationRules;
}): ClassificationResult {
  const { requestedType, appliedOn, rules } = input;
  // 非該当 is not a certification: treat it as none.
  const given = input.currentCertification;
  const current = given && given.level !== 'non_applicable' ? given : null;
  if (!isValidIsoDate(appliedOn)) {
    return { ok: false, errors: [{ field: 'appliedOn', message: '申請日を正しい日付で入力してください' }] };
  }
  const notes: string[] = [];

  switch (requestedType) {
    case 'new': {
      if (isCertificationValidOn(current, appliedOn)) {
        return {
          ok: false,
          errors: [
            {
              field: 'requestedType',
              message: `有効な認定（${formatJapaneseDate(current.validTo)}まで）があるため新規申請はできません。更新申請または区分変更申請としてください`,
            },
          ],
        };
      }
      return { ok: true, type: 'new', notes };
    }

    case 'renewal': {
      const next = input.nextCertification;
      if (next && compareDates(appliedOn, next.validFrom) < 0) {
        return {
          ok: false,
          errors: [
            {
              field: 'requestedType',
              message: `次の有効期間の認定（${formatJapaneseDate(next.validFrom)}から）が決定済みのため、更新申請はできません`,
            },
          ],
        };
      }
      if (!current) {
        notes.push('有効な認定がないため新規申請として受け付けます');
        return { ok: true, type: 'new', notes };
      }
      const expiry = current.validTo;
      if (compareDates(appliedOn, expiry) > 0) {
        const gap = daysBetween(expiry, appliedOn) - 1;
        notes.push(`有効期間満了日を過ぎているため新規申請として受け付けます（空白期間 ${gap} 日）`);
        return { ok: true, type: 'new', notes, coverageGapDays: gap };
      }
      const opens = renewalWindowOpens(expiry, rules);
      if (compareDates(appliedOn, opens) < 0) {
        return {
          ok: false,
          errors: [
            {
              field: 'appliedOn',
              message: `更新申請は有効期間満了日の${rules.renewalWindowDaysBeforeExpiry}日前（${formatJapaneseDate(opens)}）から受け付けます`,
            },
          ],
        };
      }
      return { ok: true, type: 'renewal', notes };
    }

    case 'level_change': {
      const errors: FieldError[] = [];
      if (!isCertificationValidOn(current, appliedOn)) {
        errors.push({
          field: 'requestedType',
          message: '区分変更申請は有効な認定期間中のみ受け付けます（認定がない場合は新規申請としてください）',
        });
      }
      if (!input.levelChangeReason || input.levelChangeReason.trim() === '') {
        errors.push({ field: 'levelChangeReason', message: '区分変更の申請理由を入力してください' });
      }
      if (errors.length > 0) return { ok: false, errors };
      if (current && isWithinRenewalWindow(appliedOn, current.validTo, rules)) {
        notes.push('更新申請の受付期間内の区分変更申請です。変更なしの場合はみなし更新となります');
      }
      return { ok: true, type: 'level_change', notes };
    }

    case 'transfer_in': {
      const movedInOn = input.movedInOn;
      if (!movedInOn || !isValidIsoDate(movedInOn)) {
        return { ok: false, errors: [{ field: 'movedInOn', message: '転入日を入力してください' }] };
      }
      if (compareDates(movedInOn, appliedOn) > 0) {
        return { ok: false, errors: [{ field: 'movedInOn', message: '転入日が申請日より後になっています' }] };
      }
      // 初日不算入: moved in 4/1 → the 14-day window runs to 4/15.
      if (daysBetween(movedInOn, appliedOn) > rules.transferInWindowDays) {
        notes.push(
          `転入日から${rules.transferInWindowDays}日を過ぎているため新規申請として受け付けます（転入日 ${formatJapaneseDate(movedInOn)}）`,
        );
        return { ok: true, type: 'new', notes };
      }
      return { ok: true, type: 'transfer_in', notes };
    }
  }
}
