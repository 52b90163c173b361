/**
 * マイナンバーカードの預かり管理 (施設入所者のカード) [seed: マイナンバーカードの取扱い]: 本人管理が基本だが、入所契約や
 * 預かり証等の合意に基づき施設側で管理できる — 鍵付きの保管、管理の記録、管理を行う職員の範囲を定める. Which offices may keep
 * cards, who may handle them, when a take-out is refused and when a card out of the locker is overdue. Pure.
 * The 個人番号 itself is never recorded: the register names the person by 被保険者番号.
 */
import type { IsoDate } from '../certification/types';
import { compareDates, jstDateOf, addDays, isValidIsoDate } from '../dates';
import { SERVICE_TYPES, type ServiceType } from '../offices/service-types';

/** 預けた人 (本人 / 家族 / 後見人). */
export const DEPOSITOR_KINDS = ['self', 'family', 'guardian'] as const;
export type DepositorKind = (typeof DEPOSITOR_KINDS)[number];
export const DEPOSITOR_KIND_LABELS: Readonly<Record<DepositorKind, string>> = {
  self: '本人',
  family: '家族',
  guardian: '後見人',
};

/** 持ち出しの目的 (a fixed list; 「その他」 needs the free text). */
export const TAKE_OUT_PURPOSES = ['medical_visit', 'pharmacy', 'procedure', 'handed_to_family', 'other'] as const;
export type TakeOutPurpose = (typeof TAKE_OUT_PURPOSES)[number];
export const TAKE_OUT_PURPOSE_LABELS: Readonly<Record<TakeOutPurpose, string>> = {
  medical_visit: '受診（医療機関での資格確認）',
  pharmacy: '薬局での資格確認',
  procedure: '行政手続',
  handed_to_family: '本人・家族への一時返却',
  other: 'その他',
};

/** When a card out of the locker counts as overdue. */
export type OverdueRule = 'expected_time' | 'end_of_day';

/** 預かり管理の設定 (per insurer, rule_set 'card_custody', versions with effective dates). */
export interface CustodyRules {
  /** 指定サービス種別 whose offices may keep residents' cards. */
  serviceTypes: readonly ServiceType[];
  /**
   * expected_time: overdue once the expected return time has passed; end_of_day: once the day of the take-out has
   * ended (日本時間の24時), whatever time was expected.
   */
  overdue: OverdueRule;
}

export interface CustodyRuleVersion {
  effectiveFrom: IsoDate;
  rules: Partial<CustodyRules>;
}

/**
 * The seed names 施設入所者 only and no rule lists the kinds, so the default is a setting: the 居住・入所系 kinds of the
 * 助成金 table (特定施設, グループホーム, 介護保険施設, 地域密着型介護老人福祉施設), overdue at the expected time.
 */
export const DEFAULT_CUSTODY_RULE_VERSIONS: readonly CustodyRuleVersion[] = [
  {
    effectiveFrom: '2000-04-01',
    rules: {
      serviceTypes: (Object.keys(SERVICE_TYPES) as ServiceType[]).filter(
        (t) => SERVICE_TYPES[t].grant === 'residential',
      ),
      overdue: 'expected_time',
    },
  },
];

/** The settings in force on a date: each version from its date on overlays the earlier ones. */
export function custodyRulesOn(versions: readonly CustodyRuleVersion[], onDate: IsoDate): CustodyRules {
  const sorted = [...versions].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));
  let rules: CustodyRules = { serviceTypes: [], overdue: 'expected_time' };
  for (const v of sorted) if (compareDates(v.effectiveFrom, onDate) <= 0) rules = { ...rules, ...v.rules };
  return rules;
}

/** The office may keep residents' cards: one of its 指定サービス種別 is a kind the settings allow. */
export function officeMayKeepCards(officeTypes: readonly string[], rules: CustodyRules): boolean {
  return officeTypes.some((t) => (rules.serviceTypes as readonly string[]).includes(t));
}

/** A staff account as the handler rule needs it. */
export interface HandlerFacts {
  role: string;
  /** the account's office (null: municipal staff) */
  officeNo: string | null;
  active: boolean;
  /** the office administrator granted this account 取扱者 and has not withdrawn it */
  granted: boolean;
}

/** 取扱者: an active staff account of this office that its administrator has named (管理を行う者の範囲を定める). */
export function mayHandleCards(staff: HandlerFacts, officeNo: string): boolean {
  return staff.role === 'office_staff' && staff.officeNo === officeNo && staff.active && staff.granted;
}

/** 取扱者を定められる者: the office's administrator, for an active staff account of the same office. */
export function mayGrantHandler(admin: { officeNo: string | null; officeAdmin: boolean }, target: HandlerFacts) {
  return (
    admin.officeAdmin && admin.officeNo != null && target.officeNo === admin.officeNo && target.role === 'office_staff'
  );
}

/**
 * 預かりの開始: only for a person the office may see today (担当事業所登録 and 本人同意, domain/access.ts
 * officeMayViewPerson) and only one open agreement per office and person. The refusal is one answer whatever the reason.
 */
export function mayStartCustody(input: { officeMayView: boolean; openAgreement: boolean }): boolean {
  return input.officeMayView && !input.openAgreement;
}

/** Where the card is now. */
export type CardStatus = 'in_custody' | 'out';
export const CARD_STATUS_LABELS: Readonly<Record<CardStatus, string>> = { in_custody: '保管中', out: '持出中' };

/** A take-out as the rules read it (ISO instants). */
export interface Movement {
  takenOutAt: string;
  expectedReturnAt: string;
  returnedAt: string | null;
}

/** The card's status from its movements: out while one take-out has no return. */
export function cardStatus(movements: readonly Pick<Movement, 'returnedAt'>[]): CardStatus {
  return movements.some((m) => m.returnedAt == null) ? 'out' : 'in_custody';
}

export type TakeOutRefusal = 'no_agreement' | 'already_out' | 'not_visible' | 'return_not_after_take_out';
export const TAKE_OUT_REFUSAL_MESSAGES: Readonly<Record<TakeOutRefusal, string>> = {
  no_agreement: '預かりの記録がないため持ち出せません',
  already_out: 'カードは持ち出し中です。返却を記録してから持ち出してください',
  not_visible: '担当事業所登録と本人の同意がないため、カードを持ち出せません（返却の記録はできます）',
  return_not_after_take_out: '返却予定日時は現在より後にしてください',
};

/**
 * 持ち出し: refused with no open agreement, while the card is already out (one card, one take-out at a time), when the
 * office no longer may see the person, or when the expected return is not after the take-out.
 */
export function takeOutRefusal(input: {
  openAgreement: boolean;
  status: CardStatus;
  officeMayView: boolean;
  takenOutAt: string;
  expectedReturnAt: string;
}): TakeOutRefusal | null {
  if (!input.openAgreement) return 'no_agreement';
  if (input.status === 'out') return 'already_out';
  if (!input.officeMayView) return 'not_visible';
  if (Date.parse(input.expectedReturnAt) <= Date.parse(input.takenOutAt)) return 'return_not_after_take_out';
  return null;
}

/** 終了: an agreement ends only while the card is in the locker (returned first, then handed back). */
export function mayEndCustody(input: { openAgreement: boolean; status: CardStatus }): boolean {
  return input.openAgreement && input.status === 'in_custody';
}

/** The instant after which a take-out not yet returned is overdue, by the setting. */
export function returnDeadline(m: Pick<Movement, 'takenOutAt' | 'expectedReturnAt'>, rule: OverdueRule): string {
  if (rule === 'expected_time') return new Date(Date.parse(m.expectedReturnAt)).toISOString();
  const day = jstDateOf(Date.parse(m.takenOutAt));
  return jstInstant(addDays(day, 1), '00:00');
}

/** 返却遅れ: not returned by its deadline (a return after the deadline stays marked late in the history). */
export function isOverdue(m: Movement, nowMs: number, rule: OverdueRule): boolean {
  const deadline = Date.parse(returnDeadline(m, rule));
  return m.returnedAt == null ? nowMs > deadline : Date.parse(m.returnedAt) > deadline;
}

/** 'HH:MM' (24時間) as typed, or null. */
export function parseTimeInput(s: string): string | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** A date and a time on the clock in Japan (UTC+9, no DST) as an ISO instant. */
export function jstInstant(date: IsoDate, time: string): string {
  if (!isValidIsoDate(date) || parseTimeInput(time) == null) throw new RangeError(`Invalid JST time: ${date} ${time}`);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h - 9, mi)).toISOString();
}
