/** Format checks for identifiers printed on the 被保険者証 and office records. Pure, no I/O. */

/** 被保険者番号の入力エラー文言 [S48b]. */
export const INSURED_NUMBER_MESSAGE = '被保険者番号は10桁の数字で入力してください';
/** 保険者番号の入力エラー文言 [S48b]. */
export const INSURER_NUMBER_MESSAGE = '保険者番号は6桁の数字で入力してください';
/** 事業所番号の入力エラー文言 [S67d]. */
export const OFFICE_NUMBER_MESSAGE = '事業所番号は10桁の数字で入力してください';
/** フリガナの入力エラー文言 (全角カタカナ) [S39]. */
export const KANA_MESSAGE = 'フリガナは全角カタカナで入力してください';

/** 全角数字→半角数字 (input normalisation before the checks below; they accept half-width only). Utility, no tag. */
export function normalizeDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** 被保険者番号: exactly 10 half-width digits [S48b]. */
export function isInsuredNumber(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{10}$/.test(s);
}

/** 保険者番号: exactly 6 half-width digits [S48b]. */
export function isInsurerNumber(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{6}$/.test(s);
}

/** 事業所番号 (介護保険事業所番号): exactly 10 half-width digits [S67d] (digit count is the national format, not in domain.md). */
export function isOfficeNumber(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{10}$/.test(s);
}

/** フリガナ: full-width katakana (ァ–ヶ, ヴ, ー, ヽヾ) with half/full-width spaces, at least one kana [S39]. */
export function isKana(s: string): boolean {
  return typeof s === 'string' && /^[\u30A1-\u30F6\u30FC\u30FD\u30FE \u3000]+$/.test(s) && /[\u30A1-\u30F6]/.test(s);
}
