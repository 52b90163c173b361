import { checkImportRow, importDate, importKindOf, IMPORT_LAYOUTS } from '../../../domain/register/import-layout';

describe('import layouts', () => {
  it('reads the kind from the header, exactly', () => {
    expect(importKindOf(['被保険者番号', '負担割合', '適用開始日', '適用終了日'])).toBe('copay');
    expect(importKindOf([...IMPORT_LAYOUTS.persons.columns])).toBe('persons');
    expect(importKindOf(['被保険者番号', '負担割合', '適用開始日'])).toBeNull();
    expect(importKindOf(['負担割合', '被保険者番号', '適用開始日', '適用終了日'])).toBeNull();
  });

  it('takes dates as YYYY-MM-DD or YYYYMMDD', () => {
    expect(importDate('20260801')).toBe('2026-08-01');
    expect(importDate(' 2026-08-01 ')).toBe('2026-08-01');
    expect(importDate('20260230')).toBeNull();
    expect(importDate('R8.8.1')).toBeNull();
  });

  it('a good 負担割合 and 負担限度額 row', () => {
    expect(checkImportRow('copay', ['0000100001', '2', '20260801', '20270731'])).toEqual({
      record: { kind: 'copay', insuredNo: '0000100001', value: '2', validFrom: '2026-08-01', validTo: '2027-07-31' },
    });
    expect(checkImportRow('burden_limit', ['0000100001', '第3段階①', '2026-08-01', '2027-07-31'])).toMatchObject({
      record: { kind: 'burden_limit', value: 'stage_3_1' },
    });
  });

  it('names every bad column in Japanese', () => {
    expect(checkImportRow('copay', ['12345', '4', '2026-08-01', '2027-08-31'])).toEqual({
      errors: [
        { column: '被保険者番号', message: '被保険者番号は10桁の数字にしてください（12345）' },
        { column: '負担割合', message: '負担割合は1、2、3のいずれかにしてください（4）' },
        { column: '適用終了日', message: '適用期間は2027年7月31日までにしてください（8月1日〜翌年7月31日）' },
      ],
    });
    expect(checkImportRow('copay', ['0000100001', '', 'x', '2027-07-31'])).toEqual({
      errors: [
        { column: '負担割合', message: '負担割合がありません' },
        { column: '適用開始日', message: '適用開始日が正しい日付ではありません（x）' },
      ],
    });
    expect(checkImportRow('copay', ['0000100001', '1'])).toEqual({
      errors: [{ column: '', message: '項目の数が2個です（4個必要です）' }],
    });
  });

  it('a person row: kana, sex, category and status checked', () => {
    const good = ['0000200001', '松橋 一郎', 'マツバセ イチロウ', '19400401', '1', '熊本県宇城市', '1', '資格あり'];
    expect(checkImportRow('persons', good)).toMatchObject({ record: { birthDate: '1940-04-01', status: 'active' } });
    const bad = checkImportRow('persons', ['0000200001', '松橋 一郎', 'まつばせ', '19400431', '3', '', '9', '不明']);
    expect('errors' in bad && bad.errors.map((e) => e.column)).toEqual([
      'フリガナ',
      '生年月日',
      '性別',
      '被保険者区分',
      '資格状態',
    ]);
  });
});
