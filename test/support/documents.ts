/** Complete 認定調査票 and 主治医意見書 records for tests: every required item answered, the rest as given. */
import { itemsOf, type DocumentValues } from '../../domain/documents/items';
import type { OpinionFormVersion } from '../../domain/documents/opinion-form';
import { SURVEY_FORM } from '../../domain/documents/survey-form';

type Over = Record<string, string | string[]>;

/** A survey with the first choice of every choice item (麻痺・拘縮「ない」), surveyed on 2026-11-20, 41.2 分. */
export function completeSurvey(over: Over = {}): DocumentValues {
  const items: Record<string, string | string[]> = {};
  for (const i of itemsOf(SURVEY_FORM))
    if (i.kind === 'single' || i.kind === 'multi') items[i.key] = i.kind === 'multi' ? ['1'] : i.choices![0].value;
  Object.assign(items, { surveyedOn: '2026-11-20', surveyorName: '調査 太郎', standardMinutes: '41.2' }, over);
  return { items, notes: {} };
}

/** An opinion on `version` with its required items answered, written 2026-11-18, 認知症自立度 Ⅱa. */
export function completeOpinion(version: OpinionFormVersion, over: Over = {}): DocumentValues {
  const items: Record<string, string | string[]> = {};
  for (const i of itemsOf(version.form)) if (i.required && i.kind === 'single') items[i.key] = i.choices![0].value;
  Object.assign(
    items,
    {
      writtenOn: '2026-11-18',
      doctorName: '医師 花子',
      institution: '宇城市民病院',
      lastSeenOn: '2026-11-10',
      diagnosis1: 'アルツハイマー型認知症',
      course: '令和6年頃より物忘れ。ドネペジル内服中。',
      dementia: 'IIa',
    },
    over,
  );
  return { items, notes: {} };
}
