/**
 * 代理受領の届出期限: whether a 居宅届 filed on a date still gives 代理受領 for services from its start date, under the
 * insurer's setting (domain.md §3.2, UNCONFIRMED, a per-insurer setting with effective dates in CertificationRules).
 * Variants seen: always before the services start (Matsuyama); before the start or within N weeks of the result (Kani:
 * 2); for interim (暫定) use, within N week(s) of the contract (Kani: 1), never back-dated on a 新規 (セルフケアプラン).
 * Outside the window the filing is warned of 償還払い or refused, as the setting says [S67] [S68] [S69] [S70]. Pure.
 */
import type { ApplicationType, IsoDate } from '../certification/types';
import { addDays, compareDates } from '../dates';

/** 代理受領の届出期限の設定. */
export interface AgencyReceiptWindow {
  /** before_start: filed on or before the start date; or_weeks_after_result: or within weeksAfterResult of the result */
  kind: 'before_start' | 'or_weeks_after_result';
  /** weeks after the 結果通知 (認定日) a back-dated filing is still in time (Kani: 2) */
  weeksAfterResult: number;
  /** interim use: weeks after the contract a back-dated filing is still in time (Kani: 1); 0 = before start only */
  interimWeeksAfterContract: number;
  /** interim use on a 新規 application may be back-dated (false at Kani) */
  interimBackdateOnNew: boolean;
  /** outside the window: warn of 償還払い (the filing is accepted) or refuse it */
  outside: 'warn' | 'refuse';
}

/** 標準: before the start only, warned (the behaviour before the setting existed). */
export const DEFAULT_AGENCY_RECEIPT_WINDOW: AgencyReceiptWindow = Object.freeze({
  kind: 'before_start',
  weeksAfterResult: 2,
  interimWeeksAfterContract: 0,
  interimBackdateOnNew: false,
  outside: 'warn',
}) as AgencyReceiptWindow;

export type AgencyReceiptJudgement = { within: true } | { within: false; action: 'warn' | 'refuse'; message: string };

/**
 * 代理受領の届出期限の判定. `resultOn` is the 認定日 of the certification in force on the start date (null without
 * one); `interim` describes use before the decision (the application pending on the filing date, and the contract
 * date when known).
 */
export function judgeAgencyReceiptWindow(input: {
  window: AgencyReceiptWindow;
  filedOn: IsoDate;
  startDate: IsoDate;
  resultOn: IsoDate | null;
  interim: { applicationType: ApplicationType; contractOn: IsoDate | null } | null;
}): AgencyReceiptJudgement {
  const { window: w, filedOn, startDate, resultOn, interim } = input;
  if (compareDates(startDate, filedOn) >= 0) return { within: true };
  const outside = (message: string): AgencyReceiptJudgement => ({
    within: false,
    action: w.outside,
    message:
      w.outside === 'refuse'
        ? `${message}ため受理できません`
        : `${message}ため、届出日より前のサービスは償還払い（いったん全額自己負担）になります`,
  });
  if (interim) {
    if (interim.applicationType === 'new' && !w.interimBackdateOnNew) {
      return outside('新規申請中の暫定利用は開始日に遡って届け出られない');
    }
    const until = interim.contractOn ? addDays(interim.contractOn, 7 * w.interimWeeksAfterContract) : null;
    if (w.interimWeeksAfterContract > 0 && until && compareDates(filedOn, until) <= 0) return { within: true };
    return outside(
      w.interimWeeksAfterContract > 0
        ? `暫定利用の届出が契約日から${w.interimWeeksAfterContract}週間を過ぎている`
        : '暫定利用の届出がサービス開始後である',
    );
  }
  if (w.kind === 'or_weeks_after_result' && resultOn) {
    if (compareDates(filedOn, addDays(resultOn, 7 * w.weeksAfterResult)) <= 0) return { within: true };
    return outside(`届出が認定結果から${w.weeksAfterResult}週間を過ぎている`);
  }
  return outside('届出がサービス開始後である');
}

/** 設定値の検証: Japanese messages, empty when valid. */
export function validateAgencyReceiptWindow(w: AgencyReceiptWindow | undefined): string[] {
  if (!w) return ['agencyReceiptWindow がありません'];
  const errors: string[] = [];
  if (w.kind !== 'before_start' && w.kind !== 'or_weeks_after_result')
    errors.push('agencyReceiptWindow.kind は before_start または or_weeks_after_result で設定してください');
  for (const k of ['weeksAfterResult', 'interimWeeksAfterContract'] as const) {
    if (!Number.isInteger(w[k]) || w[k] < 0) errors.push(`agencyReceiptWindow.${k} は0以上の整数で設定してください`);
  }
  if (typeof w.interimBackdateOnNew !== 'boolean')
    errors.push('agencyReceiptWindow.interimBackdateOnNew は true または false で設定してください');
  if (w.outside !== 'warn' && w.outside !== 'refuse')
    errors.push('agencyReceiptWindow.outside は warn または refuse で設定してください');
  return errors;
}
