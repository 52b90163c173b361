/**
 * What people type, made comparable: Japanese input arrives with full-width digits, ひらがな in フリガナ fields, and
 * sometimes invisible characters pasted from elsewhere. The web normalises every form value with these before it
 * validates, so a rule never sees two spellings of the same thing.
 */

/** C0/C1 controls except tab, LF and CR; zero-width characters; bidi overrides and isolates. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;
/** In a one-line field, line breaks and tabs are not allowed either. */
const LINE_BREAKS = /[\t\n\r]/u;

/** The first forbidden character of `s` as U+XXXX, or null when there is none. */
export function forbiddenCharacter(s: string, opts: { multiline?: boolean } = {}): string | null {
  const m = FORBIDDEN.exec(s) ?? (opts.multiline ? null : LINE_BREAKS.exec(s));
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** Unicode NFC (one encoding for the same text); CRLF becomes LF. */
export function normaliseText(s: string): string {
  return s.normalize('NFC').replace(/\r\n?/g, '\n');
}

/** Characters that may stand in a number, an identifier or a date once NFKC has made them half-width. */
const NUMERIC_LIKE = /^[0-9A-Za-z .,:/\-+]*$/;

/**
 * Full-width digits and letters become half-width (NFKC) when the value is made of nothing else, as a 被保険者番号
 * 「０００１００００２」, a 基準時間 「３２．５」 or a date 「２０２６－１２－０４」. Names and free text keep their
 * characters: NFKC would also rewrite ① as 1 or half-width kana, which is not the user's to lose there.
 */
export function normaliseDigits(s: string): string {
  const k = s.normalize('NFKC').replace(/[‐‑‒–—―−ー]/g, '-');
  return NUMERIC_LIKE.test(k) ? k : s;
}

/** ひらがな → カタカナ, and half-width カタカナ → full-width (NFKC), for フリガナ fields. */
export function toKatakana(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}
