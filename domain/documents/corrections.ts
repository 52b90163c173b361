/**
 * 認定調査票の訂正: after completion an item is corrected with a reason, and the record keeps what it held before, who
 * corrected it and when. The 認定係 (permission survey.correct) may correct at any time while the case is open; the
 * 認定調査員 who did the survey only before the 一次判定. The items the case already took (実施日, 基準時間, 不安定,
 * 認知症自立度) are corrected on the case itself, never here, so the record and the case cannot drift apart. Pure.
 */
import { can } from '../access';
import type { FieldError } from '../certification/intake';
import type { Role } from '../certification/types';
import { type DocumentForm, type DocumentValues, isRequired, itemError, itemsOf, NOTE_MAX_LENGTH } from './items';

/** The survey items fed to the case by completeSurvey (domain/documents/survey-form.ts surveyFeed). */
export const SURVEY_FED_KEYS: readonly string[] = ['surveyedOn', 'standardMinutes', 'unstableCondition', 's7_2'];

/** 訂正理由: at most this many characters. */
export const CORRECTION_REASON_MAX = 500;

/** Who asks to correct, and where the case stands. */
export interface CorrectionActor {
  role: Role;
  /** the actor is the 認定調査員 the survey task was assigned to */
  assignedSurveyor: boolean;
  /** the 一次判定 has been recorded (the case holds a primary level) */
  primaryJudged: boolean;
}

/** Whether this actor may correct a completed survey now. */
export function mayCorrectSurvey(a: CorrectionActor): boolean {
  if (can(a.role, 'survey.correct')) return true;
  return a.role === 'surveyor' && a.assignedSurveyor && !a.primaryJudged;
}

/** One item's value and 特記事項 as the form holds them. */
export interface ItemState {
  value: string | readonly string[] | null;
  note: string | null;
}

/** The item's value and note in a record. */
export function itemState(values: DocumentValues, key: string): ItemState {
  return { value: values.items[key] ?? null, note: values.notes[key] ?? null };
}

const same = (a: ItemState, b: ItemState) =>
  JSON.stringify([a.value ?? null, a.note ?? null]) === JSON.stringify([b.value ?? null, b.note ?? null]);

/** The errors of a correction of one item (its new value and note, and the reason). */
export function correctionErrors(
  form: DocumentForm,
  current: DocumentValues,
  key: string,
  next: ItemState,
  reason: string,
): FieldError[] {
  const item = itemsOf(form).find((i) => i.key === key);
  if (!item) return [{ field: 'item', message: 'この様式にない項目です' }];
  if (SURVEY_FED_KEYS.includes(key))
    return [{ field: key, message: `${item.label}は案件に登録済みのため、案件の画面で訂正してください` }];
  const errors: FieldError[] = [];
  const message = itemError(item, next.value);
  if (message) errors.push({ field: key, message });
  else if (next.value == null && isRequired(item, current.items))
    errors.push({ field: key, message: `${item.no} ${item.label}は必須です。訂正後の内容を入力してください` });
  if (next.note != null && !item.notes)
    errors.push({ field: `note_${key}`, message: 'この項目には特記事項はありません' });
  else if (next.note != null && next.note.length > NOTE_MAX_LENGTH)
    errors.push({ field: `note_${key}`, message: `特記事項は${NOTE_MAX_LENGTH}文字以内で入力してください` });
  const r = reason.trim();
  if (r === '') errors.push({ field: 'reason', message: '訂正の理由を入力してください' });
  else if (r.length > CORRECTION_REASON_MAX)
    errors.push({ field: 'reason', message: `訂正の理由は${CORRECTION_REASON_MAX}文字以内で入力してください` });
  if (errors.length === 0 && same(itemState(current, key), next))
    errors.push({ field: key, message: '訂正前と同じ内容です' });
  return errors;
}

/** The record with one item corrected (a blank value or note removes it). */
export function applyCorrection(current: DocumentValues, key: string, next: ItemState): DocumentValues {
  const items: Record<string, string | readonly string[]> = { ...current.items };
  const notes: Record<string, string> = { ...current.notes };
  if (next.value == null) delete items[key];
  else items[key] = next.value;
  if (next.note == null) delete notes[key];
  else notes[key] = next.note;
  return { items, notes };
}
