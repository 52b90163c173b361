/** 郵便番号: seven digits, written 「869-0592」 on a letter (日本郵便の7桁郵便番号). Pure. */

/** The 郵便番号 as 「NNN-NNNN」, from 7 digits with or without the hyphen, 全角 or 半角, with or without 〒; null if not one. */
export function normalizePostalCode(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .trim()
    .replace(/^〒\s*/, '')
    .replace(/[\s\u2010-\u2015\u2212\u30fc]/g, '-');
  const m = /^(\d{3})-?(\d{4})$/.exec(s);
  return m ? `${m[1]}-${m[2]}` : null;
}
