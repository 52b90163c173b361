/**
 * 氏名の照合 (probe finding 5): a 居宅届's typed 氏名 and フリガナ compared with the 被保険者台帳. Pure.
 *
 * Tolerated: full-width/half-width letters and digits, half-width カタカナ, ひらがな typed in the フリガナ, and every
 * kind of space (a space between 氏 and 名 or none). Not tolerated: 旧字体・異体字 (髙/高, 﨑/崎, 邊/辺) — the register
 * keeps the person's own characters, so a different character is a mismatch the 給付係 sees and decides on.
 * Only the municipal reviewer is shown the result beside the register's name; an office is never told.
 */

/** 照合結果 of one field: 一致, 不一致, or 台帳に記録なし. */
export type NameCheck = 'match' | 'mismatch' | 'unknown';

export interface RegisterNameComparison {
  name: NameCheck;
  kana: NameCheck;
  /** true when either field differs from the register (the reviewer's caution) */
  mismatch: boolean;
}

const SPACES = /[\s\u3000]+/gu;
const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/gu;
const HALF_WIDTH_KANA = /[\uff61-\uff9f]+/gu;

/**
 * Width and spaces folded, nothing else: full-width ASCII → ASCII, half-width カタカナ runs → full-width (NFKC on
 * those runs only, so ｶﾞ becomes ガ), spaces removed. Kanji are left as typed (no NFKC over the whole name, which would
 * fold compatibility ideographs).
 */
export function foldName(s: string): string {
  return s
    .normalize('NFC')
    .replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(HALF_WIDTH_KANA, (run) => run.normalize('NFKC'))
    .replace(SPACES, '');
}

/** foldName, then ひらがな → カタカナ (a フリガナ typed in ひらがな reads the same). */
export function foldKana(s: string): string {
  return foldName(s).replace(/[\u3041-\u3096\u309d\u309e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

function check(typed: string, register: string | null | undefined, fold: (s: string) => string): NameCheck {
  if (!register || !register.trim()) return 'unknown';
  return fold(typed) === fold(register) ? 'match' : 'mismatch';
}

/** 届出の氏名・フリガナ vs 被保険者台帳 (finding 5). */
export function compareWithRegister(
  typed: { name: string; kana: string },
  register: { name: string | null; kana: string | null },
): RegisterNameComparison {
  const name = check(typed.name, register.name, foldName);
  const kana = check(typed.kana, register.kana, foldKana);
  return { name, kana, mismatch: name === 'mismatch' || kana === 'mismatch' };
}
