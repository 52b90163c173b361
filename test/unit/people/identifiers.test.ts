import {
  INSURED_NUMBER_MESSAGE,
  INSURER_NUMBER_MESSAGE,
  isInsuredNumber,
  isInsurerNumber,
  isKana,
  isOfficeNumber,
  KANA_MESSAGE,
  normalizeDigits,
  OFFICE_NUMBER_MESSAGE,
} from '../../../domain/people/identifiers';

describe('identifiers', () => {
  it('被保険者番号 is exactly 10 half-width digits', () => {
    expect(isInsuredNumber('0123456789')).toBe(true);
    expect(isInsuredNumber('012345678')).toBe(false);
    expect(isInsuredNumber('01234567890')).toBe(false);
    expect(isInsuredNumber('012345678a')).toBe(false);
    expect(isInsuredNumber('０１２３４５６７８９')).toBe(false);
    expect(isInsuredNumber(' 0123456789')).toBe(false);
  });
  it('保険者番号 is exactly 6 digits', () => {
    expect(isInsurerNumber('131001')).toBe(true);
    expect(isInsurerNumber('13100')).toBe(false);
    expect(isInsurerNumber('1310011')).toBe(false);
  });
  it('事業所番号 is exactly 10 digits', () => {
    expect(isOfficeNumber('1371234567')).toBe(true);
    expect(isOfficeNumber('137123456')).toBe(false);
    expect(isOfficeNumber('13712345678')).toBe(false);
  });
  it('フリガナ is full-width katakana with spaces and ー', () => {
    expect(isKana('ヤマダ タロウ')).toBe(true);
    expect(isKana('ヤマダ　タロウ')).toBe(true);
    expect(isKana('ヴァーチャル')).toBe(true);
    expect(isKana('やまだ')).toBe(false);
    expect(isKana('ﾔﾏﾀﾞ')).toBe(false);
    expect(isKana('山田')).toBe(false);
    expect(isKana('YAMADA')).toBe(false);
    expect(isKana('')).toBe(false);
    expect(isKana('　')).toBe(false);
  });
  it('normalizeDigits converts full-width digits', () => {
    expect(normalizeDigits('０１２３４５６７８９')).toBe('0123456789');
    expect(isInsuredNumber(normalizeDigits('０１２３４５６７８９'))).toBe(true);
  });
  it('exports the Japanese messages', () => {
    expect(INSURED_NUMBER_MESSAGE).toBe('被保険者番号は10桁の数字で入力してください');
    expect(INSURER_NUMBER_MESSAGE).toBe('保険者番号は6桁の数字で入力してください');
    expect(OFFICE_NUMBER_MESSAGE).toBe('事業所番号は10桁の数字で入力してください');
    expect(KANA_MESSAGE).toContain('全角カタカナ');
  });
});
