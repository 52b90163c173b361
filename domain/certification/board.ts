/** 二次判定 (介護認定審査会) entry checks [S14] [S85] [S12] [S32]. Pure. */
import type { ApplicationType, CareLevel, IsoDate } from './types';
import { compareDates, formatWareki } from '../dates';
import type { CertificationRules } from './rules';
import type { FieldError } from './intake';
import { validityMonthsRange, type LevelChangeDates } from './validity';

/**
 * 二次判定の入力検証: the board may change the 一次判定 level; the 有効期間 months must be an integer within the
 * range for the type (同一区分の更新 up to 48); 非該当 has no period, so months are ignored [S12] [S14] [S85].
 */
export function validateSecondaryJudgement(input: {
  type: ApplicationType;
  previousLevel: CareLevel | null;
  primaryLevel: CareLevel;
  finalLevel: CareLevel;
  months: number;
  rules: CertificationRules;
  /** 区分変更: the application date and current expiry, so a みなし更新 takes the 更新 range */
  levelChange?: LevelChangeDates;
}): FieldError[] {
  const { type, previousLevel, finalLevel, months, rules } = input;
  const errors: FieldError[] = [];
  if (finalLevel === 'non_applicable') return errors;
  const range = validityMonthsRange(type, previousLevel, finalLevel, rules, input.levelChange);
  if (typeof months !== 'number' || !Number.isInteger(months)) {
    errors.push({ field: 'months', message: '有効期間の月数を整数で入力してください' });
  } else if (months < range.min || months > range.max) {
    errors.push({
      field: 'months',
      message: `有効期間は${range.min}〜${range.max}か月の範囲で入力してください（原則${range.default}か月）`,
    });
  }
  return errors;
}

/**
 * 二次判定は審査会の後: with no date given the board is taken to have met on its scheduled day, which must not be
 * after today; a date given (the day it actually met) is checked for the future by the field itself. The decision is
 * a human act, so the system never records a judgement for a board that has not met (issue 18).
 */
export function boardMeetingErrors(input: {
  boardOn: IsoDate | null;
  boardMetOn: IsoDate | null;
  today: IsoDate;
}): FieldError[] {
  const { boardOn, boardMetOn, today } = input;
  if (boardMetOn || !boardOn || compareDates(boardOn, today) <= 0) return [];
  return [
    {
      field: 'boardMetOn',
      message: `審査会の予定日（${formatWareki(boardOn)}）より前のため二次判定を登録できません。開催した日を入力してください`,
    },
  ];
}

/** 審査会の開催日 as recorded: the date given, else the scheduled day. */
export function boardMetDate(boardOn: IsoDate, boardMetOn: IsoDate | null | undefined): IsoDate {
  return boardMetOn || boardOn;
}
