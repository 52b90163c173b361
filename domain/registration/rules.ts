/**
 * 担当事業所登録 and 本人同意 rules [S49] [S52] [S53] [S54]: how an office identifies a person (① 被保険者証の項目,
 * ② マイナンバーカード券面), when a registration takes effect and lapses, and what consent an office may record. Pure.
 */
import type { IsoDate } from '../certification/types';
import { type InsurerOnline, insurerOnline, type RegistrationFacts, type SharingConsent } from '../access';
import { addMonths, compareDates, maxDate } from '../dates';
import { normaliseText } from '../text';

/**
 * The one answer an office gets for an unknown, deceased, moved-out or mismatching person (and for anything else it
 * may not learn): the same words whatever the reason, so a refusal never tells whether a number exists.
 */
export const IDENTITY_REFUSAL =
  '入力された内容では本人確認ができませんでした。被保険者証またはマイナンバーカードの記載をご確認ください';

export const IDENTITY_METHODS = ['insured_card', 'my_number_card'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

/** The register row the check compares with. */
export interface RegisterPerson {
  insuredNo: string;
  insurerNo: string;
  name: string;
  birthDate: IsoDate;
  address: string | null;
  status: string; // active / deceased / moved_out
}

/** What the office typed from the 被保険者証 (① all three must match). */
export interface InsuredCardItems {
  insuredNo: string;
  insurerNo: string;
  birthDate: IsoDate;
}

/** The card's front-side items (券面事項) a reader gives: never the 個人番号. */
export interface CardFrontItems {
  name: string;
  address: string;
  birthDate: IsoDate;
  sex: '1' | '2';
}

/** Names and addresses compare without spaces, width or 丁目/番地 punctuation differences. */
export function comparable(s: string): string {
  return normaliseText(s)
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .replace(/[‐－―ー−-]/g, '-')
    .replace(/(丁目|番地|番|号)/g, '-')
    .replace(/-+$/g, '');
}

/** ① 被保険者番号 + 保険者番号 + 生年月日: the register's person, only when every item matches and the person is active. */
export function matchByInsuredCard(typed: InsuredCardItems, person: RegisterPerson | undefined): RegisterPerson | null {
  if (!person || person.status !== 'active') return null;
  const ok =
    person.insuredNo === typed.insuredNo &&
    person.insurerNo === typed.insurerNo &&
    person.birthDate === typed.birthDate;
  return ok ? person : null;
}

/** ② カード券面: exactly one active register person with the same name, birth date and address. */
export function matchByCard(card: CardFrontItems, candidates: RegisterPerson[]): RegisterPerson | null {
  const hits = candidates.filter(
    (p) =>
      p.status === 'active' &&
      p.birthDate === card.birthDate &&
      comparable(p.name) === comparable(card.name) &&
      p.address != null &&
      comparable(p.address) === comparable(card.address),
  );
  return hits.length === 1 ? hits[0] : null;
}

/**
 * A new request: before the insurer's 利用開始日 (or data migration) it waits for the city (pending); after, it takes
 * effect at once.
 */
export function requestOutcome(insurer: InsurerOnline | null, today: IsoDate): 'pending' | 'active' {
  return insurerOnline(insurer, today) ? 'active' : 'pending';
}

/**
 * 失効日 (first day without access): `months` after the later of the day it took effect and the last 給付実績 (or the
 * office's renewal). Reading chosen while no 給付実績 data exist: the clock runs from the day it took effect and restarts
 * on each renewal, so a registration nobody serves ends by itself.
 */
export function lapseDate(input: { effectiveOn: IsoDate; lastServedOn: IsoDate | null; months: number }): IsoDate {
  const from = input.lastServedOn ? maxDate(input.effectiveOn, input.lastServedOn) : input.effectiveOn;
  return addMonths(from, input.months);
}

/** 同意の取得経路. */
export const CONSENT_CHANNELS = ['application', 'renewal', 'office_proxy', 'counter'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_CHANNEL_LABELS: Record<string, string> = {
  application: '申請時',
  renewal: '更新時',
  office_proxy: '事業所による代理取得',
  counter: '窓口',
  municipality: '市町村（申請時）', // rows written before the channels were split
};

/**
 * Whether an office may record 本人同意: only a grant (never a withdrawal or refusal), only as 事業所による代理取得, only
 * for a person it holds a registration for (pending or active), and never over an earlier withdrawal or refusal (only
 * the city re-records consent then).
 */
export function officeMayRecordConsent(input: {
  granted: boolean;
  channel: string;
  hasRegistration: boolean;
  latest: SharingConsent | null;
}): boolean {
  if (!input.granted || input.channel !== 'office_proxy' || !input.hasRegistration) return false;
  const l = input.latest;
  return l == null || (l.granted && !l.revokedOn);
}

/** A 申請日 an office may give: not after today (a future date is refused like any other bad input). */
export function appliedOnAcceptable(appliedOn: IsoDate, today: IsoDate): boolean {
  return compareDates(appliedOn, today) <= 0;
}

/** 登録の状態 as the office's list shows it on a day: a row still `active` in the table may have lapsed or ended. */
export type RegistrationState = 'pending' | 'active' | 'lapsed' | 'returned' | 'ended';

/**
 * The state of a registration on `today`: ended by the office (or on 資格喪失) from its 終了日, lapsed from its 失効日
 * (no 給付実績 for `registration_lapse_months`). A lapsed or ended registration is no longer open: it cannot take
 * consent and a new identity check registers the person again.
 */
export function registrationState(r: RegistrationFacts, today: IsoDate): RegistrationState {
  if (r.status === 'pending' || r.status === 'returned') return r.status;
  if (r.status === 'ended' || (r.endedOn != null && compareDates(r.endedOn, today) <= 0)) return 'ended';
  if (r.lapsesOn != null && compareDates(r.lapsesOn, today) <= 0) return 'lapsed';
  return 'active';
}

/** An open registration (pending, or active and neither lapsed nor ended): the office may record consent on it. */
export function registrationOpen(r: RegistrationFacts, today: IsoDate): boolean {
  const state = registrationState(r, today);
  return state === 'pending' || state === 'active';
}
