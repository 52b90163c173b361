/**
 * Which offices may file what: 代行申請 (法27条1項) and 居宅届, by the office's 指定サービス種別, with effective dates.
 * The extension of 代行申請 to 特定施設・看護小規模多機能・グループホーム (介護保険部会 2025-06-30, domain.md §1.6) has no
 * date in law yet, so it is a per-insurer setting: the insurer adds a version from the date it applies. Pure.
 */
import { compareDates } from '../dates';
import type { IsoDate } from '../certification/types';
import type { ServiceType } from './service-types';

export type OfficeFiling = 'proxy_application' | 'plan_notification';

/** The office kinds allowed to file each kind of document. */
export interface OfficeFilingRules {
  proxyApplication: readonly ServiceType[];
  planNotification: readonly ServiceType[];
}

export interface OfficeFilingVersion {
  effectiveFrom: IsoDate;
  rules: Partial<OfficeFilingRules>;
}

/** 法27条1項の代行: 指定居宅介護支援事業者, 地域密着型介護老人福祉施設, 介護保険施設, 地域包括支援センター [S1]. */
export const STATUTORY_PROXY_TYPES: readonly ServiceType[] = [
  'home_care_support',
  'community_support_center',
  'preventive_support',
  'insurance_facility',
  'community_nursing_home',
];

/** The planned extension (care-manager-staffed settings) [S42]; an insurer opts in from a date. */
export const EXTENDED_PROXY_TYPES: readonly ServiceType[] = [
  ...STATUTORY_PROXY_TYPES,
  'specified_facility',
  'nursing_small_multifunction',
  'group_home',
];

/** The version every insurer starts from (介護保険法 施行 2000-04-01). 居宅届 is filed by the plan's author. */
export const DEFAULT_OFFICE_FILING_VERSIONS: readonly OfficeFilingVersion[] = [
  {
    effectiveFrom: '2000-04-01',
    rules: {
      proxyApplication: STATUTORY_PROXY_TYPES,
      planNotification: ['home_care_support', 'community_support_center', 'preventive_support'],
    },
  },
];

/** The rules in force on a date: each version from its date on overlays the earlier ones. */
export function officeFilingRulesOn(versions: readonly OfficeFilingVersion[], onDate: IsoDate): OfficeFilingRules {
  const sorted = [...versions].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));
  let rules: OfficeFilingRules = { proxyApplication: [], planNotification: [] };
  for (const v of sorted) if (compareDates(v.effectiveFrom, onDate) <= 0) rules = { ...rules, ...v.rules };
  return rules;
}

const FILING_LABELS: Record<OfficeFiling, string> = { proxy_application: '代行申請', plan_notification: '居宅届' };

/** The one refusal an office sees, or null when one of its designated types may file this on `onDate`. */
export function officeFilingRefusal(
  filing: OfficeFiling,
  officeTypes: readonly string[],
  versions: readonly OfficeFilingVersion[],
  onDate: IsoDate,
): string | null {
  const r = officeFilingRulesOn(versions, onDate);
  const allowed: readonly string[] = filing === 'proxy_application' ? r.proxyApplication : r.planNotification;
  return officeTypes.some((t) => allowed.includes(t))
    ? null
    : `この事業所の指定サービス種別では${FILING_LABELS[filing]}を提出できません（市の事業所登録を確認してください）`;
}
