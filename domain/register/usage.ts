/**
 * 利用状況: 住宅改修費 against its lifetime cap with the one-time reset, and 特定福祉用具購入費 against the yearly cap;
 * used and remaining. Pure; the caps come from the register settings in force.
 */
import type { CareLevel, IsoDate } from '../certification/types';
import { compareDates } from '../dates';
import { fiscalYearOf, within, type Period } from './periods';
import type { RegisterSettings } from './settings';

/** 利用区分. */
export const USAGE_KINDS = ['home_modification', 'welfare_equipment'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** 利用区分 → label. */
export const USAGE_KIND_LABELS: Readonly<Record<UsageKind, string>> = {
  home_modification: '住宅改修',
  welfare_equipment: '福祉用具購入',
};

/** One use: 費用額 counted against the cap; 住宅改修 also carries the care level at the start and the dwelling. */
export interface UsageEntry {
  kind: UsageKind;
  usedOn: IsoDate;
  amountYen: number;
  careLevel?: CareLevel | null;
  dwelling?: string | null;
}

/**
 * 介護の必要の程度 for the 住宅改修 reset: 要支援1 = 1, 要支援2 and 要介護1 = 2 (the same step), 要介護2 = 3 …
 * 要介護5 = 6; 非該当 has none [S65].
 */
export function careNeedStep(level: CareLevel | null | undefined): number | null {
  const steps: Partial<Record<CareLevel, number>> = {
    support_1: 1,
    support_2: 2,
    care_1: 2,
    care_2: 3,
    care_3: 4,
    care_4: 5,
    care_5: 6,
  };
  return (level && steps[level]) ?? null;
}

/** 使用額と残額 against one cap; remaining never below 0. */
export interface CapStatus {
  capYen: number;
  usedYen: number;
  remainingYen: number;
  period: Period | null;
}

/** 住宅改修の利用状況, with why the count starts where it does. */
export interface HomeModificationStatus extends CapStatus {
  /** Date of the first use counted now (null when none counts). */
  countedFrom: IsoDate | null;
  /** The reset that started the current count, if any. */
  resetBy: 'level' | 'move' | null;
  /** The one-time 3段階 reset has been used. */
  levelResetUsed: boolean;
}

function capStatus(capYen: number, usedYen: number, period: Period | null): CapStatus {
  return { capYen, usedYen, remainingYen: Math.max(0, capYen - usedYen), period };
}

/**
 * 住宅改修費の利用状況 [S65]: uses are counted from the first one; the count starts again (the cap is available again)
 * at a use made in another dwelling (転居), or once in a lifetime at a use whose care level is `resetSteps` or more
 * steps above the level at the first use counted. A person now at such a level, or now living elsewhere, has the
 * whole cap before the next use: `current` carries today's level and dwelling.
 */
export function homeModificationStatus(
  entries: readonly UsageEntry[],
  settings: RegisterSettings,
  current: { careLevel?: CareLevel | null; dwelling?: string | null } = {},
): HomeModificationStatus {
  const uses = entries
    .filter((e) => e.kind === 'home_modification')
    .slice()
    .sort((a, b) => compareDates(a.usedOn, b.usedOn));
  let used = 0;
  let baseStep: number | null = null;
  let dwelling: string | null = null;
  let countedFrom: IsoDate | null = null;
  let resetBy: 'level' | 'move' | null = null;
  let levelResetUsed = false;
  const resetFor = (level: CareLevel | null | undefined, at: string | null | undefined) => {
    if (countedFrom === null) return null;
    if (settings.homeModificationResetOnMove && at && dwelling && at !== dwelling) return 'move' as const;
    const step = careNeedStep(level);
    if (!levelResetUsed && step !== null && baseStep !== null && step - baseStep >= settings.homeModificationResetSteps)
      return 'level' as const;
    return null;
  };
  for (const u of uses) {
    const reset = resetFor(u.careLevel, u.dwelling);
    if (reset || countedFrom === null) {
      used = 0;
      baseStep = careNeedStep(u.careLevel);
      countedFrom = u.usedOn;
      resetBy = reset;
      if (reset === 'level') levelResetUsed = true;
    }
    if (u.dwelling) dwelling = u.dwelling;
    used += u.amountYen;
  }
  const pending = resetFor(current.careLevel, current.dwelling);
  if (pending)
    return {
      ...capStatus(settings.homeModificationCapYen, 0, null),
      countedFrom: null,
      resetBy: pending,
      levelResetUsed,
    };
  return { ...capStatus(settings.homeModificationCapYen, used, null), countedFrom, resetBy, levelResetUsed };
}

/** 特定福祉用具購入費の利用状況: the purchases inside the 年度 containing `today` against the yearly cap [S64]. */
export function welfareEquipmentStatus(
  entries: readonly UsageEntry[],
  settings: RegisterSettings,
  today: IsoDate,
): CapStatus {
  const period = fiscalYearOf(today);
  const used = entries
    .filter((e) => e.kind === 'welfare_equipment' && within(e.usedOn, period))
    .reduce((s, e) => s + e.amountYen, 0);
  return capStatus(settings.welfareEquipmentCapYenPerYear, used, period);
}
