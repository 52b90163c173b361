/**
 * Versioned, per-insurer certification settings (設定). Each insurer keeps its own RuleVersion[]
 * (stored by the settings module); resolveRules picks what applies on a date.
 * Every point domain.md marks UNCONFIRMED is a field here, never a constant in the rules.
 */
import { APPLICATION_TYPES, type ApplicationType, type IsoDate } from './types';
import {
  DEFAULT_AGENCY_RECEIPT_WINDOW,
  validateAgencyReceiptWindow,
  type AgencyReceiptWindow,
} from '../plan-notification/agency-receipt';
import { compareDates, isValidIsoDate } from '../dates';

/** 有効期間の設定範囲（月数）: min / max / 原則 [S12]. */
export interface MonthsRange {
  min: number;
  max: number;
  default: number;
}

/** 認定有効期間の表: one range per application kind [S12] [S15]. */
export interface ValidityTable {
  new: MonthsRange;
  level_change: MonthsRange;
  /** 更新, level differs from the previous one */
  renewal_changed: MonthsRange;
  /** 更新, same 要介護状態区分 as before (48 months allowed for applications from 2021-04-01) */
  renewal_same_level: MonthsRange;
  /** 転入者継続: UNCONFIRMED, receiving insurer's own rule [S37] [S47] */
  transfer_in: MonthsRange;
}

/** 認定事務の設定値 [S1] [S3] [S6] [S12] [S14] [S77] (UNCONFIRMED points marked per field). */
export interface CertificationRules {
  /** 更新申請の受付開始: the "N" in 「満了日のN日前から」, 60 [S14] [S15] [S17]. */
  renewalWindowDaysBeforeExpiry: number;
  /**
   * Counting convention for the window, UNCONFIRMED [S-caresul]: 60 = open on expiry − N (3/31 → 1/30);
   * 61 = open on expiry − (N + 1) (12/1 → 10/1). Applied only in renewalWindowOpens().
   */
  renewalWindowCountsExpiryMinus: 60 | 61;
  /** 処分までの日数 (法27条11項): 30 [S1]. */
  decisionDeadlineDays: number;
  /** true = the application day counts as day 1 (4/1 → 4/30); false = 民法140条 初日不算入 (4/1 → 5/1). UNCONFIRMED [S77]. */
  deadlineCountsApplicationDay: boolean;
  /** How many days before the due date the 延期通知 task appears, default 5. Local practice. */
  postponementNoticeLeadDays: number;
  /** 処理見込期間 when no board date is fixed: today + this, default 30 (about one month, Kobe/Saku) [S6] [S9]. */
  postponementExpectedExtensionDays: number;
  /** 処理見込期間 when the board date is fixed: board date + this (expected notice date), default 7 [S6]. */
  noticeDaysAfterBoard: number;
  /**
   * Expected days from the board to the 処分 (決定・決裁), default 3. Local practice: the 延期通知's necessity (and its
   * omission for a 更新 with consent) is judged against board date + this, not against the 処理見込期間 printed [S6].
   */
  boardToDecisionDays: number;
  /** 処分 entered by the 認定係 waits for the 係長's 決裁 (true), or is final at once (false). Local practice. */
  decisionApprovalRequired: boolean;
  /** 主治医意見書の督促 cadence in days, default 14. UNCONFIRMED: no national rule [S19c]. */
  opinionReminderIntervalDays: number;
  /** MHLW 参考期間: survey within 7 days of the request [S3]. */
  surveyTargetDays: number;
  /** MHLW 参考期間: 意見書 within 13 days of the request [S3]. */
  opinionTargetDays: number;
  /** MHLW 参考期間: board within 12 days of both documents being complete [S3]. */
  boardTargetDays: number;
  /** A stage is 要注意 once this share of its target has elapsed, default 0.7. Local practice. */
  slaAtRiskRatio: number;
  /** Days before expiry that the 更新勧奨 reminder goes out, default 60 (Edogawa uses about 40) [S17]. */
  renewalReminderDaysBeforeExpiry: number;
  /** 転入者継続: within 14 days of moving in [S37] [S47]. */
  transferInWindowDays: number;
  /** 有効期間の表 [S12]. */
  validityMonths: ValidityTable;
  /** 更新: skip the 延期通知 with prior consent when decided within the current validity [S6] [S9] [S10]. */
  renewalSkipPostponementWithConsent: boolean;
  /** 被保険者証に印字する居宅届の届出年月日: municipal receipt date or the date written on the form. UNCONFIRMED [S67d]. */
  planNotificationDateBasis: 'received' | 'written';
  /** 居宅届の代理受領の届出期限 (§3.2 variants), UNCONFIRMED: domain/plan-notification/agency-receipt.ts [S68] [S69]. */
  agencyReceiptWindow: AgencyReceiptWindow;
  /**
   * 認定調査の委託: the application types whose survey may be contracted to an office (居宅介護支援事業所 etc.), default
   * 更新・区分変更. The restriction of 新規 surveys to the municipality or a 事務受託法人 is UNCONFIRMED [S26] [S28].
   */
  surveyContractApplicationTypes: ApplicationType[];
}

/** 設定の版: fields that apply from effectiveFrom (application date basis) [S12]. */
export interface RuleVersion {
  effectiveFrom: IsoDate;
  rules: Partial<CertificationRules>;
}

const BASE_VALIDITY: ValidityTable = {
  new: { min: 3, max: 12, default: 6 },
  level_change: { min: 3, max: 12, default: 6 },
  renewal_changed: { min: 3, max: 36, default: 12 },
  renewal_same_level: { min: 3, max: 36, default: 12 },
  transfer_in: { min: 3, max: 12, default: 6 },
};

/** 標準設定: the 2000 baseline (更新 max 36) and the 2021-04-01 version (同一区分の更新 max 48) [S12] [S14]. */
export const DEFAULT_RULE_VERSIONS: RuleVersion[] = [
  {
    effectiveFrom: '2000-04-01',
    rules: {
      renewalWindowDaysBeforeExpiry: 60,
      renewalWindowCountsExpiryMinus: 60,
      decisionDeadlineDays: 30,
      deadlineCountsApplicationDay: false,
      postponementNoticeLeadDays: 5,
      postponementExpectedExtensionDays: 30,
      noticeDaysAfterBoard: 7,
      boardToDecisionDays: 3,
      decisionApprovalRequired: false,
      opinionReminderIntervalDays: 14,
      surveyTargetDays: 7,
      opinionTargetDays: 13,
      boardTargetDays: 12,
      slaAtRiskRatio: 0.7,
      renewalReminderDaysBeforeExpiry: 60,
      transferInWindowDays: 14,
      validityMonths: BASE_VALIDITY,
      renewalSkipPostponementWithConsent: true,
      planNotificationDateBasis: 'received',
      agencyReceiptWindow: DEFAULT_AGENCY_RECEIPT_WINDOW,
      surveyContractApplicationTypes: ['renewal', 'level_change'],
    },
  },
  {
    effectiveFrom: '2021-04-01',
    rules: {
      validityMonths: { ...BASE_VALIDITY, renewal_same_level: { min: 3, max: 48, default: 12 } },
    },
  },
];

const RULE_KEYS: (keyof CertificationRules)[] = [
  'renewalWindowDaysBeforeExpiry',
  'renewalWindowCountsExpiryMinus',
  'decisionDeadlineDays',
  'deadlineCountsApplicationDay',
  'postponementNoticeLeadDays',
  'postponementExpectedExtensionDays',
  'noticeDaysAfterBoard',
  'boardToDecisionDays',
  'decisionApprovalRequired',
  'opinionReminderIntervalDays',
  'surveyTargetDays',
  'opinionTargetDays',
  'boardTargetDays',
  'slaAtRiskRatio',
  'renewalReminderDaysBeforeExpiry',
  'transferInWindowDays',
  'validityMonths',
  'renewalSkipPostponementWithConsent',
  'planNotificationDateBasis',
  'agencyReceiptWindow',
  'surveyContractApplicationTypes',
];

const VALIDITY_KEYS: (keyof ValidityTable)[] = [
  'new',
  'level_change',
  'renewal_changed',
  'renewal_same_level',
  'transfer_in',
];

/**
 * 適用設定の解決: merge every version with effectiveFrom ≤ onDate, oldest first, field by field
 * (validityMonths per application kind). Throws if none applies or the result is incomplete [S12].
 */
export function resolveRules(versions: RuleVersion[], onDate: IsoDate): CertificationRules {
  if (!isValidIsoDate(onDate)) throw new RangeError(`resolveRules: invalid date ${onDate}`);
  const applicable = versions
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => compareDates(v.effectiveFrom, onDate) <= 0)
    .sort((a, b) => compareDates(a.v.effectiveFrom, b.v.effectiveFrom) || a.i - b.i)
    .map(({ v }) => v);
  if (applicable.length === 0) throw new Error(`認定設定がありません（${onDate} 時点で有効な版がない）`);
  const merged: Partial<CertificationRules> = {};
  const validity: Partial<ValidityTable> = {};
  for (const v of applicable) {
    for (const key of RULE_KEYS) {
      const value = v.rules[key];
      if (value === undefined) continue;
      if (key === 'validityMonths') {
        for (const [k, range] of Object.entries(value as Partial<ValidityTable>)) {
          if (range) validity[k as keyof ValidityTable] = { ...range };
        }
      } else {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
  }
  if (VALIDITY_KEYS.every((k) => validity[k] !== undefined)) merged.validityMonths = validity as ValidityTable;
  const missing = RULE_KEYS.filter((k) => merged[k] === undefined);
  if (missing.length > 0) throw new Error(`認定設定が不完全です（${onDate}）: ${missing.join(', ')}`);
  return merged as CertificationRules;
}

/** 設定値の検証 for the settings screen: returns Japanese messages, empty when valid. Local practice, no tag. */
export function validateCertificationRules(r: CertificationRules): string[] {
  const errors: string[] = [];
  const nonNegInt = (v: number) => Number.isInteger(v) && v >= 0;
  const intFields: (keyof CertificationRules)[] = [
    'renewalWindowDaysBeforeExpiry',
    'decisionDeadlineDays',
    'postponementNoticeLeadDays',
    'postponementExpectedExtensionDays',
    'noticeDaysAfterBoard',
    'boardToDecisionDays',
    'opinionReminderIntervalDays',
    'surveyTargetDays',
    'opinionTargetDays',
    'boardTargetDays',
    'renewalReminderDaysBeforeExpiry',
    'transferInWindowDays',
  ];
  for (const f of intFields) {
    if (!nonNegInt(r[f] as number)) errors.push(`${f} は0以上の整数で設定してください`);
  }
  if (r.decisionDeadlineDays < 1) errors.push('decisionDeadlineDays は1以上で設定してください');
  if (r.renewalWindowCountsExpiryMinus !== 60 && r.renewalWindowCountsExpiryMinus !== 61) {
    errors.push('renewalWindowCountsExpiryMinus は60または61で設定してください');
  }
  if (!(r.slaAtRiskRatio > 0 && r.slaAtRiskRatio <= 1)) {
    errors.push('slaAtRiskRatio は0より大きく1以下で設定してください');
  }
  if (typeof r.decisionApprovalRequired !== 'boolean') {
    errors.push('decisionApprovalRequired は true または false で設定してください');
  }
  if (r.planNotificationDateBasis !== 'received' && r.planNotificationDateBasis !== 'written') {
    errors.push('planNotificationDateBasis は received または written で設定してください');
  }
  errors.push(...validateAgencyReceiptWindow(r.agencyReceiptWindow));
  if (
    !Array.isArray(r.surveyContractApplicationTypes) ||
    !r.surveyContractApplicationTypes.every((t) => (APPLICATION_TYPES as readonly string[]).includes(t))
  ) {
    errors.push(
      'surveyContractApplicationTypes は申請区分（new, renewal, level_change, transfer_in）の配列で設定してください',
    );
  }
  for (const k of VALIDITY_KEYS) {
    const range = r.validityMonths?.[k];
    if (!range) {
      errors.push(`validityMonths.${k} がありません`);
      continue;
    }
    const { min, max, default: def } = range;
    if (![min, max, def].every((n) => Number.isInteger(n) && n >= 1) || !(min <= def && def <= max)) {
      errors.push(`validityMonths.${k} は 1 ≦ min ≦ default ≦ max の整数で設定してください`);
    }
  }
  return errors;
}
