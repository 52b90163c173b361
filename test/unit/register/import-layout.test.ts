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

  it('a person row: kana, sex, 郵便番号, category and status checked', () => {
    const good = [
      '0000200001',
      '松橋 一郎',
      'マツバセ イチロウ',
      '19400401',
      '1',
      '8690532',
      '熊本県宇城市',
      '1',
      '資格あり',
    ];
    expect(checkImportRow('persons', good)).toMatchObject({
      record: { birthDate: '1940-04-01', status: 'active', postalCode: '869-0532', address: '熊本県宇城市' },
    });
    const noPostal = checkImportRow(
      'persons',
      good.map((f, i) => (i === 5 ? '' : f)),
    );
    expect(noPostal).toMatchObject({ record: { postalCode: null } });
    const bad = checkImportRow('persons', [
      '0000200001',
      '松橋 一郎',
      'まつばせ',
      '19400431',
      '3',
      '869-05',
      '',
      '9',
      '不明',
    ]);
    expect('errors' in bad && bad.errors.map((e) => e.column)).toEqual([
      'フリガナ',
      '生年月日',
      '性別',
      '郵便番号',
      '被保険者区分',
      '資格状態',
    ]);
  });

  it('a certification row: level by its label, validity, 非該当 without a validity', () => {
    const good = ['0000200001', '要介護2', '20260310', '20260401', '20270331', '通所介護を中心に', ''];
    expect(checkImportRow('certification', good)).toEqual({
      record: {
        kind: 'certification',
        insuredNo: '0000200001',
        careLevel: 'care_2',
        certifiedOn: '2026-03-10',
        validFrom: '2026-04-01',
        validTo: '2027-03-31',
        boardOpinion: '通所介護を中心に',
        serviceTypeRestriction: '',
      },
    });
    expect(checkImportRow('certification', ['0000200001', '非該当', '20260310', '', '', '', ''])).toMatchObject({
      record: { careLevel: 'non_applicable', validFrom: null, validTo: null },
    });
    expect(
      checkImportRow('certification', ['0000200001', '要介護6', '20260310', '20270401', '20260331', '', '']),
    ).toEqual({
      errors: [
        { column: '要介護状態区分', message: expect.stringContaining('要介護状態区分は非該当・要支援1') },
        { column: '有効期間終了日', message: '有効期間終了日が有効期間開始日より前です' },
      ],
    });
    expect(checkImportRow('certification', ['0000200001', '要支援1', '20260310', '', '', '', ''])).toEqual({
      errors: [
        { column: '有効期間開始日', message: '有効期間開始日がありません' },
        { column: '有効期間終了日', message: '有効期間終了日がありません' },
      ],
    });
  });

  it('a usage row: kind by label, amount in yen, the level at the start, 取消', () => {
    const row = [
      '0000200001',
      'R2026-001',
      '住宅改修',
      '20260601',
      '180000',
      '要介護1',
      '宇城市松橋町1-1',
      '手すり',
      '',
    ];
    expect(checkImportRow('usage', row)).toEqual({
      record: {
        kind: 'usage',
        insuredNo: '0000200001',
        entryNo: 'R2026-001',
        usageKind: 'home_modification',
        usedOn: '2026-06-01',
        amountYen: 180000,
        careLevel: 'care_1',
        dwelling: '宇城市松橋町1-1',
        description: '手すり',
        voided: false,
      },
    });
    expect(
      checkImportRow('usage', ['0000200001', 'F1', '福祉用具購入', '20260601', '30000', '', '', '', '1']),
    ).toMatchObject({ record: { usageKind: 'welfare_equipment', careLevel: null, dwelling: null, voided: true } });
    const bad = checkImportRow('usage', ['0000200001', '番号', '車いす', '20260631', '3万', '要介護9', '', '', 'x']);
    expect('errors' in bad && bad.errors.map((e) => e.column)).toEqual([
      '利用番号',
      '利用区分',
      '利用日',
      '費用額',
      '着工時の要介護状態区分',
      '取消',
    ]);
  });

  it('a 給付実績 row: office and month', () => {
    expect(checkImportRow('service_record', ['0000200001', '4360100011', '202610'])).toEqual({
      record: { kind: 'service_record', insuredNo: '0000200001', officeNo: '4360100011', serviceMonth: '2026-10' },
    });
    expect(checkImportRow('service_record', ['0000200001', '4360100011', '2026-10'])).toMatchObject({
      record: { serviceMonth: '2026-10' },
    });
    expect(checkImportRow('service_record', ['0000200001', '436', '202613'])).toEqual({
      errors: [
        { column: '事業所番号', message: '事業所番号は10桁の数字にしてください（436）' },
        { column: 'サービス提供年月', message: 'サービス提供年月は YYYYMM にしてください（202613）' },
      ],
    });
    expect(importKindOf([...IMPORT_LAYOUTS.service_record.columns])).toBe('service_record');
    expect(importKindOf([...IMPORT_LAYOUTS.certification.columns])).toBe('certification');
    expect(importKindOf([...IMPORT_LAYOUTS.usage.columns])).toBe('usage');
  });
});
