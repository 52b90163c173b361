/** 処分: the outcome and 有効期間 of a certification from the 二次判定 (or the 受給資格証明書 for 転入) [S11] [S15] [S16]. Pure. */
import type { CertificationRules } from './rules';
import type { ApplicationType, CareLevel, IsoDate, Role } from './types';
import { levelChangeOutcome, validityPeriod } from './validity';

/** How a decided case ends: 認定, 非該当, 区分変更 却下（変更なし）, みなし更新. */
export type DecisionOutcome = 'certified' | 'non_applicable' | 'rejected_no_change' | 'deemed_renewal';

/** 非該当 の理由 when the board gave none (行政手続法8条). */
export const NON_APPLICABLE_REASON =
  '認定調査の結果及び主治医意見書に基づく介護認定審査会の審査判定の結果、要介護状態又は要支援状態に該当しないと認められたため';
/** 区分変更 却下（変更なし）の理由 (行政手続法8条). */
export const NO_CHANGE_REASON = '介護認定審査会の審査判定の結果、現在の要介護状態区分から変更がないと認められたため';

/** What the decision rests on: the application, the person's current certification, and the level to certify. */
export interface DecisionInput {
  type: ApplicationType;
  appliedOn: IsoDate;
  /** The current certification (null level or expiry when the person has none). */
  previous: { level: CareLevel | null; validTo: IsoDate | null };
  /** 二次判定 (or, for 転入, the level on the 受給資格証明書 and the rules' default months). */
  level: CareLevel;
  months: number;
  /** The board's 非該当 reason, if it gave one. */
  boardReason?: string | null;
  rules: CertificationRules;
}

/** The 処分: outcome, 有効期間 (null when none is granted) and the reason the notice must state. */
export interface Decision {
  outcome: DecisionOutcome;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  reason: string | null;
}

/**
 * 処分: 非該当 has no validity; a 区分変更 to the same level is 却下（変更なし）, or みなし更新 inside the renewal window
 * (validity from the day after the expiry); a 更新 of a still-known certification runs from the day after its expiry;
 * everything else from the application date (a 更新 with no prior expiry counts as 新規) [S11] [S15] [S16].
 */
export function decide(input: DecisionInput): Decision {
  const { type, appliedOn, previous, level, months, rules } = input;
  if (level === 'non_applicable') {
    return {
      outcome: 'non_applicable',
      validFrom: null,
      validTo: null,
      reason: input.boardReason || NON_APPLICABLE_REASON,
    };
  }
  let outcome: DecisionOutcome = 'certified';
  if (type === 'level_change' && previous.level && previous.validTo) {
    const o = levelChangeOutcome({
      currentLevel: previous.level,
      decidedLevel: level,
      appliedOn,
      currentExpiry: previous.validTo,
      rules,
    });
    if (o === 'rejected_no_change') return { outcome: o, validFrom: null, validTo: null, reason: NO_CHANGE_REASON };
    outcome = o === 'changed' ? 'certified' : o;
  }
  const renewalLike = outcome === 'deemed_renewal' || (type === 'renewal' && previous.validTo != null);
  const validity = validityPeriod({
    type: renewalLike ? 'renewal' : type === 'renewal' ? 'new' : type,
    appliedOn,
    previousExpiry: previous.validTo,
    months,
  });
  return { outcome, validFrom: validity.from, validTo: validity.to, reason: null };
}

/**
 * 決裁が要るか: the insurer's setting says whether a 処分 needs the 係長's 決裁; a 係長's own decision needs none
 * (local practice, issue 18).
 */
export function decisionNeedsApproval(rules: CertificationRules, role: Role): boolean {
  return rules.decisionApprovalRequired && role !== 'supervisor';
}
