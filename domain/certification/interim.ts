/**
 * 暫定利用 (interim services): services used before the decision, recorded on the case with the office, the start
 * date and the level the plan assumed. When the case ends in 却下, in 取下げ after use, in death before the survey, in
 * 非該当 or in a level lower than assumed, what was used is 全額自己負担 (self-paid) and the 給付係 settles it
 * (domain.md §1.3 and §1.15) [S11] [S45] [S46]. With no interim use nothing is flagged (death before the survey may
 * then simply be withdrawn [S46]). Pure.
 */
import { compareDates } from '../dates';
import type { DecisionOutcome } from './decision';
import { CARE_LEVELS, type CareLevel, type IsoDate, type OfficeKind } from './types';

/** 暫定利用の記録. */
export interface InterimUse {
  /** 事業所番号 of the office that provided the services (from the office register) */
  officeNo: string;
  /** サービスの開始日 */
  startOn: IsoDate;
  /** 見込みの要介護状態区分: the level the interim plan assumed */
  assumedLevel: CareLevel;
}

/** How the case ended, as the settlement reads it (the workflow's outcome, and the level where one was decided). */
export type InterimEnding =
  | { outcome: DecisionOutcome; finalLevel: CareLevel; previousLevel: CareLevel | null }
  | {
      outcome: 'withdrawn' | 'rejected' | 'rejected_deceased' | 'moved_out';
      /** 取下げ日 or 死亡日: an ending before the services started means none were used */
      endedOn?: IsoDate | null;
    };

/** Why the interim use became self-paid. */
export type SelfPaidReason = 'rejected' | 'withdrawn' | 'deceased_before_survey' | 'non_applicable' | 'lower_level';

/** 自己負担となる理由の表示名. */
export const SELF_PAID_REASON_LABELS: Record<SelfPaidReason, string> = {
  rejected: '申請が却下されたため',
  withdrawn: '暫定利用の後に申請が取り下げられたため',
  deceased_before_survey: '認定調査の前に死亡し、申請が却下されたため',
  non_applicable: '非該当（自立）と認定されたため',
  lower_level: '見込みより低い区分で認定されたため（限度額を超えた分）',
};

/** 暫定利用の精算の判定: self-paid with its reason, or covered. */
export type InterimSettlement = { selfPaid: true; reason: SelfPaidReason } | { selfPaid: false };

/** Order of the levels for "lower than assumed": the order of CARE_LEVELS (非該当 < 要支援1 < … < 要介護5). */
function rank(level: CareLevel): number {
  return CARE_LEVELS.indexOf(level);
}

/**
 * 暫定利用は全額自己負担か: null use, or an ending before the services started → covered (nothing to settle). 転出 is not among the rules (the new insurer's
 * application carries the person on), so it is not flagged here.
 */
export function interimSettlement(use: InterimUse | null, ending: InterimEnding): InterimSettlement {
  if (!use) return { selfPaid: false };
  if ('endedOn' in ending && ending.endedOn && compareDates(ending.endedOn, use.startOn) < 0)
    return { selfPaid: false };
  switch (ending.outcome) {
    case 'rejected':
      return { selfPaid: true, reason: 'rejected' };
    case 'withdrawn':
      return { selfPaid: true, reason: 'withdrawn' };
    case 'rejected_deceased':
      return { selfPaid: true, reason: 'deceased_before_survey' };
    case 'moved_out':
      return { selfPaid: false };
    case 'non_applicable':
      return { selfPaid: true, reason: 'non_applicable' };
    case 'rejected_no_change': {
      // 区分変更 却下（変更なし）: the current level goes on; services above it were used at the requester's risk.
      const level = ending.previousLevel ?? 'non_applicable';
      if (level === 'non_applicable') return { selfPaid: true, reason: 'non_applicable' };
      return rank(level) < rank(use.assumedLevel) ? { selfPaid: true, reason: 'lower_level' } : { selfPaid: false };
    }
    case 'certified':
    case 'deemed_renewal':
      if (ending.finalLevel === 'non_applicable') return { selfPaid: true, reason: 'non_applicable' };
      return rank(ending.finalLevel) < rank(use.assumedLevel)
        ? { selfPaid: true, reason: 'lower_level' }
        : { selfPaid: false };
  }
}

/** 精算待ち: the use was flagged self-paid and the 給付係 has not yet settled it. */
export function interimSettlementDue(
  interim: { readonly selfPaid: { readonly settledOn: IsoDate | null } | null } | null | undefined,
): boolean {
  return interim?.selfPaid != null && interim.selfPaid.settledOn == null;
}

/** 暫定利用の事業所: a care office of the register (a 医療機関 provides no 介護サービス). */
export function mayProvideInterimServices(kind: OfficeKind | string): boolean {
  return kind !== 'medical_institution';
}
