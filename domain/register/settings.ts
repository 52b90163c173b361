/**
 * 台帳の設定 (register settings) with effective dates, per insurer: the 住宅改修・福祉用具購入 caps and reset rule and
 * the 負担限度額 amounts per 段階. Resolved like the certification rules: every version with effectiveFrom ≤ the date,
 * oldest first, field by field. Pure.
 */
import type { IsoDate } from '../certification/types';
import { compareDates, isValidIsoDate } from '../dates';

/** 利用者負担段階 of the 負担限度額認定証: 第1, 第2, 第3段階①, 第3段階② [S63]. */
export const BURDEN_LIMIT_STAGES = ['stage_1', 'stage_2', 'stage_3_1', 'stage_3_2'] as const;
export type BurdenLimitStage = (typeof BURDEN_LIMIT_STAGES)[number];

/** 段階 → label as printed on the 認定証. */
export const BURDEN_LIMIT_STAGE_LABELS: Readonly<Record<BurdenLimitStage, string>> = {
  stage_1: '第1段階',
  stage_2: '第2段階',
  stage_3_1: '第3段階①',
  stage_3_2: '第3段階②',
};

/** 負担限度額 (yen per day) of one 段階: 食費 and 居住費 by room type [S63]. */
export interface BurdenLimitAmounts {
  food: number;
  unitPrivate: number;
  unitSemiPrivate: number;
  conventionalPrivate: number;
  multiBed: number;
}

/** 台帳の設定値. */
export interface RegisterSettings {
  /** 住宅改修費の支給限度基準額: 200,000 yen per person [S65]. */
  homeModificationCapYen: number;
  /** 住宅改修: the cap resets once when the 介護の必要の程度 rises by this many steps or more, 3 [S65]. */
  homeModificationResetSteps: number;
  /** 住宅改修: the cap resets when the person moves house (転居) [S65]. */
  homeModificationResetOnMove: boolean;
  /** 特定福祉用具購入費の支給限度基準額: 100,000 yen per 年度 (4/1–3/31) [S64]. */
  welfareEquipmentCapYenPerYear: number;
  /** 負担限度額 per 段階 (yen per day). UNCONFIRMED amounts: domain.md §5.9, revise by a new version. */
  burdenLimitAmounts: Record<BurdenLimitStage, BurdenLimitAmounts>;
}

/** 設定の版: fields that apply from effectiveFrom. */
export interface RegisterSettingsVersion {
  effectiveFrom: IsoDate;
  settings: Partial<RegisterSettings>;
}

/** 標準設定: the statutory caps from 2000, the 負担限度額 of 2021-08 and of the 2024-08 revision (居住費 +60 yen). */
export const DEFAULT_REGISTER_VERSIONS: RegisterSettingsVersion[] = [
  {
    effectiveFrom: '2000-04-01',
    settings: {
      homeModificationCapYen: 200_000,
      homeModificationResetSteps: 3,
      homeModificationResetOnMove: true,
      welfareEquipmentCapYenPerYear: 100_000,
    },
  },
  {
    effectiveFrom: '2021-08-01',
    settings: {
      burdenLimitAmounts: {
        stage_1: { food: 300, unitPrivate: 820, unitSemiPrivate: 490, conventionalPrivate: 320, multiBed: 0 },
        stage_2: { food: 390, unitPrivate: 820, unitSemiPrivate: 490, conventionalPrivate: 420, multiBed: 370 },
        stage_3_1: { food: 650, unitPrivate: 1310, unitSemiPrivate: 1310, conventionalPrivate: 820, multiBed: 370 },
        stage_3_2: { food: 1360, unitPrivate: 1310, unitSemiPrivate: 1310, conventionalPrivate: 820, multiBed: 370 },
      },
    },
  },
  {
    effectiveFrom: '2024-08-01',
    settings: {
      burdenLimitAmounts: {
        stage_1: { food: 300, unitPrivate: 880, unitSemiPrivate: 550, conventionalPrivate: 380, multiBed: 0 },
        stage_2: { food: 390, unitPrivate: 880, unitSemiPrivate: 550, conventionalPrivate: 480, multiBed: 430 },
        stage_3_1: { food: 650, unitPrivate: 1370, unitSemiPrivate: 1370, conventionalPrivate: 880, multiBed: 430 },
        stage_3_2: { food: 1360, unitPrivate: 1370, unitSemiPrivate: 1370, conventionalPrivate: 880, multiBed: 430 },
      },
    },
  },
];

const KEYS: (keyof RegisterSettings)[] = [
  'homeModificationCapYen',
  'homeModificationResetSteps',
  'homeModificationResetOnMove',
  'welfareEquipmentCapYenPerYear',
  'burdenLimitAmounts',
];

/** 適用設定の解決: the settings in force on onDate; throws when none applies or a field is missing. */
export function resolveRegisterSettings(versions: RegisterSettingsVersion[], onDate: IsoDate): RegisterSettings {
  if (!isValidIsoDate(onDate)) throw new RangeError(`resolveRegisterSettings: invalid date ${onDate}`);
  const merged: Partial<RegisterSettings> = {};
  versions
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => compareDates(v.effectiveFrom, onDate) <= 0)
    .sort((a, b) => compareDates(a.v.effectiveFrom, b.v.effectiveFrom) || a.i - b.i)
    .forEach(({ v }) => {
      for (const key of KEYS) if (v.settings[key] !== undefined) Object.assign(merged, { [key]: v.settings[key] });
    });
  const missing = KEYS.filter((k) => merged[k] === undefined);
  if (missing.length > 0) throw new Error(`台帳の設定が不完全です（${onDate}）: ${missing.join(', ')}`);
  return merged as RegisterSettings;
}
