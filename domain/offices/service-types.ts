/**
 * 指定サービス種別: what an office is designated for, as the register keeps it. One row per type, with the 助成金
 * category (介護情報基盤 カードリーダー助成: 訪問・通所・短期滞在系 / 居住・入所系 / その他) it counts under. Pure.
 */
import type { OfficeKind } from '../certification/types';

/** 助成金の介護サービス種別 (seed: 助成限度額等 — 3台/6.4万円, 2台/5.5万円, 1台/4.2万円). */
export type GrantCategory = 'visit_day_short' | 'residential' | 'other';

/**
 * The office's 種別 (offices.kind, which the 居宅届 checks read) from its designated types: the plan-making kinds
 * first, then 介護保険施設, then any other care service, and 医療機関 only when it provides none.
 */
export function officeKindOf(types: readonly string[]): OfficeKind {
  if (types.includes('home_care_support')) return 'home_care_support';
  if (types.includes('community_support_center')) return 'community_support_center';
  if (types.includes('preventive_support')) return 'preventive_support';
  if (types.includes('insurance_facility') || types.includes('community_nursing_home')) return 'facility';
  if (types.includes('medical_institution') && !providesCareService(types)) return 'medical_institution';
  return 'care_service';
}

/** The 助成金 categories' labels and card-reader limits, as the seed lists them. */
export const GRANT_CATEGORIES: Readonly<Record<GrantCategory, { label: string; readers: number; limitYen: number }>> = {
  visit_day_short: { label: '訪問・通所・短期滞在系', readers: 3, limitYen: 64_000 },
  residential: { label: '居住・入所系', readers: 2, limitYen: 55_000 },
  other: { label: 'その他', readers: 1, limitYen: 42_000 },
};

interface ServiceTypeRow {
  label: string;
  /** null: not a care service (a 医療機関 that provides none gets no 介護 grant). */
  grant: GrantCategory | null;
}

/** 指定サービス種別 (code → label, 助成金区分) [domain.md §1.6] [seed 助成限度額等]. */
export const SERVICE_TYPES = {
  home_visit_day_short: { label: '訪問・通所・短期入所系サービス', grant: 'visit_day_short' },
  small_multifunction: { label: '小規模多機能型居宅介護', grant: 'visit_day_short' },
  nursing_small_multifunction: { label: '看護小規模多機能型居宅介護', grant: 'visit_day_short' },
  specified_facility: { label: '特定施設入居者生活介護（有料老人ホーム等）', grant: 'residential' },
  group_home: { label: '認知症対応型共同生活介護（グループホーム）', grant: 'residential' },
  insurance_facility: { label: '介護保険施設（特養・老健・介護医療院）', grant: 'residential' },
  community_nursing_home: { label: '地域密着型介護老人福祉施設', grant: 'residential' },
  home_care_support: { label: '居宅介護支援', grant: 'other' },
  community_support_center: { label: '地域包括支援センター', grant: 'other' },
  preventive_support: { label: '介護予防支援', grant: 'other' },
  medical_institution: { label: '医療機関（病院・診療所）', grant: null },
  other: { label: 'その他', grant: 'other' },
} as const satisfies Record<string, ServiceTypeRow>;

export type ServiceType = keyof typeof SERVICE_TYPES;
export const SERVICE_TYPE_CODES = Object.keys(SERVICE_TYPES) as ServiceType[];

export function isServiceType(v: string): v is ServiceType {
  return Object.prototype.hasOwnProperty.call(SERVICE_TYPES, v);
}

/** The label of a type, or the code itself for one the table does not know (an old row). */
export function serviceTypeLabel(code: string): string {
  return isServiceType(code) ? SERVICE_TYPES[code].label : code;
}

/** true when the office provides some care service besides being a 医療機関 (介護サービス提供医療機関). */
export function providesCareService(types: readonly string[]): boolean {
  return types.some((t) => isServiceType(t) && SERVICE_TYPES[t].grant != null);
}

/** The 助成金 categories an office counts under (an office with several services adds their limits, per the seed). */
export function grantCategoriesOf(types: readonly string[]): GrantCategory[] {
  const out = new Set<GrantCategory>();
  for (const t of types) if (isServiceType(t) && SERVICE_TYPES[t].grant) out.add(SERVICE_TYPES[t].grant);
  return (['visit_day_short', 'residential', 'other'] as const).filter((g) => out.has(g));
}
