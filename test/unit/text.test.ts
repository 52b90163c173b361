import fc from 'fast-check';
import { forbiddenCharacter, normaliseDigits, normaliseText, toKatakana } from '../../domain/text';

describe('normaliseDigits', () => {
  it.each([
    ['０００１００００２', '000100002'],
    ['３２．５', '32.5'],
    ['２０２６－１２－０４', '2026-12-04'],
    ['０９６ー１２３ー４５６７', '096-123-4567'],
    ['Ｒ８．１２．４', 'R8.12.4'],
  ])('makes %s half-width', (typed, expected) => expect(normaliseDigits(typed)).toBe(expected));

  it.each(['松橋 花子', 'マツハシ', '①番', 'ﾏﾂﾊｼ'])('leaves text that is not a number alone: %s', (typed) =>
    expect(normaliseDigits(typed)).toBe(typed),
  );

  it('is idempotent and never changes ASCII digits', () => {
    fc.assert(fc.property(fc.string(), (s) => normaliseDigits(normaliseDigits(s)) === normaliseDigits(s)));
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,12}$/), (s) => normaliseDigits(s) === s));
  });
});

describe('toKatakana', () => {
  it('turns ひらがな and half-width カタカナ into full-width カタカナ', () => {
    expect(toKatakana('まつはし はなこ')).toBe('マツハシ ハナコ');
    expect(toKatakana('ﾏﾂﾊｼ ﾊﾅｺ')).toBe('マツハシ ハナコ');
    expect(toKatakana('ゔぁ')).toBe('ヴァ');
  });
  it('leaves カタカナ as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ァ-ヶー ]{0,20}$/), (s) => toKatakana(s) === s),
      { numRuns: 200 },
    );
  });
});

describe('forbiddenCharacter', () => {
  it.each([
    ['\u0000', 'U+0000'],
    ['a\u0007b', 'U+0007'],
    ['\u0085', 'U+0085'],
    ['松\u200b橋', 'U+200B'],
    ['\u202eabc', 'U+202E'],
    ['\u2066x', 'U+2066'],
    ['\ufeff', 'U+FEFF'],
  ])('finds %j', (s, code) => expect(forbiddenCharacter(s, { multiline: true })).toBe(code));

  it('allows line breaks only in multi-line fields', () => {
    expect(forbiddenCharacter('一行目\n二行目', { multiline: true })).toBeNull();
    expect(forbiddenCharacter('一行目\n二行目')).toBe('U+000A');
  });

  it('accepts ordinary Japanese text', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ぁ-んァ-ヶ一-龯0-9A-Za-z\u3000、。・ー]{0,30}$/),
        (s) => forbiddenCharacter(s) === null,
      ),
    );
  });
});

describe('normaliseText', () => {
  it('composes to NFC and ends lines with LF', () => {
    expect(normaliseText('か\u3099')).toBe('が');
    expect(normaliseText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});
