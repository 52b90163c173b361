import { compareWithRegister, foldKana, foldName } from '../../../domain/people/names';

const REG = { name: '宇城 太郎', kana: 'ウキ タロウ' };

describe('compareWithRegister (居宅届の氏名・フリガナと被保険者台帳, finding 5)', () => {
  it('the same name and kana match', () => {
    expect(compareWithRegister({ name: '宇城 太郎', kana: 'ウキ タロウ' }, REG)).toEqual({
      name: 'match',
      kana: 'match',
      mismatch: false,
    });
  });

  it.each([
    ['no space', '宇城太郎', 'ウキタロウ'],
    ['full-width space', '宇城\u3000太郎', 'ウキ\u3000タロウ'],
    ['several spaces', ' 宇城  太郎 ', 'ウキ  タロウ'],
    ['half-width kana', '宇城 太郎', 'ｳｷ ﾀﾛｳ'],
    ['hiragana kana', '宇城 太郎', 'うき たろう'],
  ])('tolerates %s', (_label, name, kana) => {
    expect(compareWithRegister({ name, kana }, REG).mismatch).toBe(false);
  });

  it('half-width voiced kana fold to one character (ｶﾞ = ガ)', () => {
    expect(foldKana('ｶﾞﾝﾀﾞ')).toBe('ガンダ');
    expect(
      compareWithRegister({ name: '岩田 一', kana: 'ｲﾜﾀﾞ ﾊｼﾞﾒ' }, { name: '岩田 一', kana: 'イワダ ハジメ' }).kana,
    ).toBe('match');
  });

  it('full-width letters and digits in a name fold to half-width', () => {
    expect(foldName('ＳＭＩＴＨ　Ｊ２')).toBe('SMITHJ2');
    expect(
      compareWithRegister(
        { name: 'ＳＭＩＴＨ ＪＯＨＮ', kana: 'スミス ジョン' },
        { name: 'SMITH JOHN', kana: 'スミス ジョン' },
      ).name,
    ).toBe('match');
  });

  it.each([
    ['髙', '高'],
    ['﨑', '崎'],
    ['邊', '辺'],
    ['齋', '斉'],
  ])('keeps 旧字体・異体字 strict: %s is not %s', (old, plain) => {
    const r = compareWithRegister(
      { name: `${old}田 一`, kana: 'タカダ ハジメ' },
      { name: `${plain}田 一`, kana: 'タカダ ハジメ' },
    );
    expect(r.name).toBe('mismatch');
    expect(r.kana).toBe('match');
    expect(r.mismatch).toBe(true);
  });

  it('a different name or kana is a mismatch', () => {
    expect(compareWithRegister({ name: '宇城 花子', kana: 'ウキ タロウ' }, REG)).toMatchObject({
      name: 'mismatch',
      mismatch: true,
    });
    expect(compareWithRegister({ name: '宇城 太郎', kana: 'ウシロ タロウ' }, REG)).toMatchObject({
      kana: 'mismatch',
      mismatch: true,
    });
    // 濁点の有無 is a different reading
    expect(compareWithRegister({ name: '宇城 太郎', kana: 'ウギ タロウ' }, REG).kana).toBe('mismatch');
  });

  it('a register without the field says unknown, not match', () => {
    expect(compareWithRegister({ name: '宇城 太郎', kana: 'ウキ タロウ' }, { name: '宇城 太郎', kana: null })).toEqual({
      name: 'match',
      kana: 'unknown',
      mismatch: false,
    });
  });
});
