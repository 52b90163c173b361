import {
  completeness,
  documentErrors,
  itemsOf,
  missingItems,
  valuesFromBody,
  valueText,
  type DocumentValues,
} from '../../../domain/documents/items';
import { SURVEY_FORM, SURVEY_GROUPS, surveyErrors, surveyFeed } from '../../../domain/documents/survey-form';
import { completeSurvey } from '../../support/documents';

describe('認定調査票: the item table', () => {
  it('has the seven 基本調査 groups in order with the official item counts (74 check points with 麻痺・拘縮 per part)', () => {
    expect(SURVEY_GROUPS.map((g) => g.title)).toEqual([
      '第1群 身体機能・起居動作',
      '第2群 生活機能',
      '第3群 認知機能',
      '第4群 精神・行動障害',
      '第5群 社会生活への適応',
      '第6群 特別な医療',
      '第7群 日常生活自立度',
    ]);
    expect(SURVEY_GROUPS.map((g) => g.items.length)).toEqual([13, 12, 9, 15, 6, 12, 2]);
    const parts = (key: string) => SURVEY_GROUPS[0].items.find((i) => i.key === key)!.choices!.length - 1;
    const points = 13 - 2 + parts('s1_1') + parts('s1_2') + 12 + 9 + 15 + 6 + 12;
    expect(points).toBe(74);
  });

  it('numbers every item as printed and keeps keys unique', () => {
    const keys = itemsOf(SURVEY_FORM).map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(SURVEY_GROUPS[3].items.map((i) => i.no)).toEqual(Array.from({ length: 15 }, (_, n) => `4-${n + 1}`));
  });

  it('offers the official choices, e.g. 1-10 洗身 with 行っていない and 2-3 えん下 with three', () => {
    const item = (key: string) => itemsOf(SURVEY_FORM).find((i) => i.key === key)!;
    expect(item('s1_10').choices!.map((c) => c.label)).toEqual([
      '介助されていない',
      '一部介助',
      '全介助',
      '行っていない',
    ]);
    expect(item('s2_3').choices!.map((c) => c.label)).toEqual(['できる', '見守り等', 'できない']);
    expect(item('s7_2').choices!.map((c) => c.label)).toEqual(['自立', 'Ⅰ', 'Ⅱa', 'Ⅱb', 'Ⅲa', 'Ⅲb', 'Ⅳ', 'M']);
    expect(item('s7_1').choices!.map((c) => c.value)).toEqual(['自立', 'J1', 'J2', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
  });

  it('takes a 特記事項 on every 基本調査 item, none on the 概況調査', () => {
    expect(SURVEY_GROUPS.every((g) => g.items.every((i) => i.notes))).toBe(true);
    expect(SURVEY_FORM.sections[0].items.some((i) => i.notes)).toBe(false);
  });
});

describe('認定調査票: rules', () => {
  it('a complete record has no errors and feeds the case its 自立度, 基準時間 and 特記', () => {
    const v = completeSurvey({ s7_2: 'IIb', s7_1: 'A1', unstableCondition: '1' });
    const withNotes = { ...v, notes: { s1_3: 'ベッド柵につかまれば可能', s4_12: '鍋を焦がすことが週2回' } };
    expect(surveyErrors(withNotes, true)).toEqual([]);
    expect(surveyFeed(withNotes)).toEqual({
      surveyedOn: '2026-11-20',
      standardMinutes: 41.2,
      dementia: 'IIb',
      bedridden: 'A1',
      unstableCondition: true,
      specialNotes: '(1-3) ベッド柵につかまれば可能\n(4-12) 鍋を焦がすことが週2回',
    });
  });

  it('a draft may leave items blank, completion may not', () => {
    const draft: DocumentValues = { items: { s1_3: '2' }, notes: {} };
    expect(surveyErrors(draft, false)).toEqual([]);
    const errors = surveyErrors(draft, true);
    expect(errors.map((e) => e.field)).toContain('s1_4');
    expect(errors.find((e) => e.field === 's1_4')?.message).toBe('1-4 起き上がりを選んでください');
    expect(errors.find((e) => e.field === 'standardMinutes')?.message).toBe('要介護認定等基準時間を入力してください');
    expect(() => surveyFeed(draft)).toThrow('認定調査票が完成していません');
  });

  it('refuses a choice the form does not print, and an unknown item', () => {
    const v = completeSurvey({ s1_3: '4', bogus: '1' });
    expect(surveyErrors(v, false)).toEqual([
      { field: 'bogus', message: 'この様式にない項目です（bogus）' },
      { field: 's1_3', message: '1-3 寝返りは選択肢から選んでください' },
    ]);
  });

  it('1-1 麻痺: 「ない」 excludes the parts, several parts are allowed', () => {
    expect(surveyErrors(completeSurvey({ s1_1: ['1', '3'] }), true)[0]).toEqual({
      field: 's1_1',
      message: '1-1 麻痺等の有無で「ない」と他の選択肢は同時に選べません',
    });
    expect(surveyErrors(completeSurvey({ s1_1: ['2', '4'] }), true)).toEqual([]);
  });

  it('自宅外 needs the place, 2回め以降 needs the earlier certification', () => {
    const fields = surveyErrors(completeSurvey({ place: '2', previous: '2' }), true).map((e) => e.field);
    expect(fields).toEqual(['placeDetail', 'previousOn']);
    expect(missingItems(SURVEY_FORM, completeSurvey({ place: '1', previous: '1' }))).toEqual([]);
  });

  it('基準時間 is bounded 0–300 分 and numeric; a date must be a date', () => {
    const msg = (over: Record<string, string>) => surveyErrors(completeSurvey(over), true).map((e) => e.message);
    expect(msg({ standardMinutes: '301' })).toEqual(['要介護認定等基準時間は300分以下で入力してください']);
    expect(msg({ standardMinutes: '-1' })).toEqual(['要介護認定等基準時間は0分以上で入力してください']);
    expect(msg({ standardMinutes: '四十' })).toEqual(['要介護認定等基準時間を数字で入力してください']);
    expect(msg({ surveyedOn: '2026-02-30' })).toEqual(['Ⅰ 実施日を正しい日付で入力してください']);
  });

  it('特記事項: only on items that take one, within 2000 characters', () => {
    const v = completeSurvey();
    expect(documentErrors(SURVEY_FORM, { ...v, notes: { surveyedOn: 'x' } }, true)[0].field).toBe('note_surveyedOn');
    expect(documentErrors(SURVEY_FORM, { ...v, notes: { s1_3: 'あ'.repeat(2001) } }, true)[0].message).toBe(
      '1-3 寝返りの特記事項は2000文字以内で入力してください',
    );
    expect(documentErrors(SURVEY_FORM, { ...v, notes: { s1_3: 'あ'.repeat(2000) } }, true)).toEqual([]);
  });

  it('the feed keeps the case within 4000 characters of 特記', () => {
    const notes = Object.fromEntries(['s1_3', 's1_4', 's1_5'].map((k) => [k, 'あ'.repeat(1900)]));
    expect(surveyFeed({ ...completeSurvey(), notes }).specialNotes).toHaveLength(4000);
  });

  it('completeness counts the required items answered', () => {
    expect(completeness(SURVEY_FORM, { items: {}, notes: {} })).toBe(0);
    expect(completeness(SURVEY_FORM, completeSurvey())).toBe(1);
    const half = completeness(SURVEY_FORM, { items: { s1_3: '1', s1_4: '1' }, notes: {} });
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(0.1);
  });
});

describe('a form body → record values', () => {
  it('drops blanks, turns 和暦 dates into ISO, a lone multi value into a list, and keeps notes of items that take them', () => {
    const v = valuesFromBody(SURVEY_FORM, {
      surveyedOn: '令和8年11月20日',
      s1_1: '3',
      s1_2: ['2', '3'],
      s1_3: '',
      note_s1_1: '右上肢に軽い麻痺',
      note_surveyedOn: 'ignored',
      unknown: '1',
    });
    expect(v).toEqual({
      items: { surveyedOn: '2026-11-20', s1_1: ['3'], s1_2: ['2', '3'] },
      notes: { s1_1: '右上肢に軽い麻痺' },
    });
  });

  it('prints a value with the form’s words', () => {
    const item = (key: string) => itemsOf(SURVEY_FORM).find((i) => i.key === key)!;
    expect(valueText(item('s1_1'), ['2', '5'])).toBe('左上肢、右下肢');
    expect(valueText(item('s2_1'), '2')).toBe('見守り等');
    expect(valueText(item('s6_5'), '1')).toBe('あり');
    expect(valueText(item('s6_5'), undefined)).toBe('');
  });
});
