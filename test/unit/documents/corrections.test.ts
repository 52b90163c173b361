import {
  applyCorrection,
  correctionErrors,
  itemState,
  mayCorrectSurvey,
  SURVEY_FED_KEYS,
} from '../../../domain/documents/corrections';
import { SURVEY_FORM, surveyFeed } from '../../../domain/documents/survey-form';
import { completeSurvey } from '../../support/documents';

const current = { ...completeSurvey(), notes: { s1_3: '柵につかまる' } };
const fields = (key: string, next: Parameters<typeof correctionErrors>[3], reason = '記入誤り') =>
  correctionErrors(SURVEY_FORM, current, key, next, reason).map((e) => `${e.field}: ${e.message}`);

describe('mayCorrectSurvey', () => {
  it('the 認定係 and the 係長 at any time; the assigned surveyor only before the 一次判定', () => {
    expect(mayCorrectSurvey({ role: 'intake', assignedSurveyor: false, primaryJudged: true })).toBe(true);
    expect(mayCorrectSurvey({ role: 'supervisor', assignedSurveyor: false, primaryJudged: true })).toBe(true);
    expect(mayCorrectSurvey({ role: 'surveyor', assignedSurveyor: true, primaryJudged: false })).toBe(true);
    expect(mayCorrectSurvey({ role: 'surveyor', assignedSurveyor: true, primaryJudged: true })).toBe(false);
    expect(mayCorrectSurvey({ role: 'surveyor', assignedSurveyor: false, primaryJudged: false })).toBe(false);
    expect(mayCorrectSurvey({ role: 'board_secretariat', assignedSurveyor: false, primaryJudged: false })).toBe(false);
    expect(mayCorrectSurvey({ role: 'office_staff', assignedSurveyor: false, primaryJudged: false })).toBe(false);
  });
});

describe('correctionErrors', () => {
  it('accepts a new choice with a reason', () => {
    expect(fields('s1_3', { value: '2', note: '柵につかまる' })).toEqual([]);
  });
  it('needs a reason, at most 500 characters', () => {
    expect(fields('s1_3', { value: '2', note: null }, '  ')).toEqual(['reason: 訂正の理由を入力してください']);
    expect(fields('s1_3', { value: '2', note: null }, 'あ'.repeat(501))).toEqual([
      'reason: 訂正の理由は500文字以内で入力してください',
    ]);
  });
  it('refuses a choice the form does not print, a blank required item, and no change', () => {
    expect(fields('s1_3', { value: '9', note: null })).toEqual(['s1_3: 1-3 寝返りは選択肢から選んでください']);
    expect(fields('s1_3', { value: null, note: null })[0]).toContain('必須です');
    expect(fields('s1_3', itemState(current, 's1_3'))).toEqual(['s1_3: 訂正前と同じ内容です']);
  });
  it('refuses the items the case already took, and unknown items', () => {
    for (const key of SURVEY_FED_KEYS) expect(fields(key, { value: '1', note: null })[0]).toContain('案件の画面で訂正');
    expect(fields('nope', { value: '1', note: null })).toEqual(['item: この様式にない項目です']);
  });
  it('a note only on items that take one', () => {
    expect(fields('standardMinutes', { value: '1', note: 'x' })[0]).toContain('案件の画面');
    expect(fields('surveyorName', { value: '別 人', note: 'x' })).toEqual([
      'note_surveyorName: この項目には特記事項はありません',
    ]);
  });
});

describe('applyCorrection', () => {
  it('changes the one item and keeps the rest (the feed is unchanged)', () => {
    const next = applyCorrection(current, 's1_3', { value: '3', note: null });
    expect(next.items.s1_3).toBe('3');
    expect(next.notes.s1_3).toBeUndefined();
    expect(current.items.s1_3).toBe('1');
    expect({ ...next.items, s1_3: '1' }).toEqual(current.items);
    const { specialNotes: _a, ...feedBefore } = surveyFeed(current);
    const { specialNotes: _b, ...feedAfter } = surveyFeed(next);
    expect(feedAfter).toEqual(feedBefore);
  });
});
