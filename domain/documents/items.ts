/**
 * The building blocks of a structured document (認定調査票, 主治医意見書): sections of items, each with its official
 * number, name and choices, and the pure checks every form shares (allowed choices, required items, completeness).
 * Values are kept as the paper form keeps them: a choice by its printed number, text as typed. Pure.
 */
import { isValidIsoDate, parseDateInput } from '../dates';
import type { FieldError } from '../certification/intake';

/** One printed choice: its number (the value kept) and its words. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** How an item is answered. */
export type ItemKind = 'single' | 'multi' | 'check' | 'text' | 'textarea' | 'date' | 'number';

/** One item of a form. */
export interface DocumentItem {
  /** field name (letters, digits, _): the key of the value in the record */
  readonly key: string;
  /** the number printed on the form (1-3, 3(1)…), empty when the form prints none */
  readonly no: string;
  readonly label: string;
  readonly kind: ItemKind;
  readonly choices?: readonly Choice[];
  /** needed before the document may be completed */
  readonly required: boolean;
  /** multi: the choice that excludes every other (「ない」) */
  readonly exclusive?: string;
  /** text: at most this many characters */
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  /** the item takes a 特記事項 of its own (認定調査票) */
  readonly notes?: boolean;
  readonly hint?: string;
  /** required only when another item has one of these values (e.g. 不安定の具体的状況 when 不安定) */
  readonly requiredWhen?: { readonly key: string; readonly values: readonly string[] };
}

/** A titled group of items (第1群…, 1. 傷病に関する意見…). */
export interface DocumentSection {
  readonly key: string;
  readonly title: string;
  readonly hint?: string;
  readonly items: readonly DocumentItem[];
}

/** A whole form: its sections in printed order. */
export interface DocumentForm {
  readonly title: string;
  readonly sections: readonly DocumentSection[];
}

/** The values of a record: one per item key (a multi item holds a list), and 特記事項 per item key. */
export interface DocumentValues {
  readonly items: Readonly<Record<string, string | readonly string[]>>;
  readonly notes: Readonly<Record<string, string>>;
}

/** 特記事項 of one item: at most this many characters. */
export const NOTE_MAX_LENGTH = 2000;

/** Numbered choices from their words, in printed order (1. …, 2. …). */
export function numbered(...labels: string[]): Choice[] {
  return labels.map((label, i) => ({ value: String(i + 1), label }));
}

/** Every item of the form, in printed order. */
export function itemsOf(form: DocumentForm): DocumentItem[] {
  return form.sections.flatMap((s) => s.items);
}

const isBlank = (v: unknown) =>
  v == null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Whether the item must be answered, given the other values (requiredWhen). */
export function isRequired(item: DocumentItem, items: DocumentValues['items']): boolean {
  if (!item.requiredWhen) return item.required;
  const other = items[item.requiredWhen.key];
  return typeof other === 'string' && item.requiredWhen.values.includes(other);
}

const title = (item: DocumentItem) => (item.no ? `${item.no} ${item.label}` : item.label);

/** The error of one answered item's value (null when allowed); blank values are judged by missingItems. */
export function itemError(item: DocumentItem, v: unknown): string | null {
  if (isBlank(v)) return null;
  const allowed = (x: unknown) => item.choices?.some((c) => c.value === x) ?? false;
  switch (item.kind) {
    case 'single':
      return allowed(v) ? null : `${title(item)}は選択肢から選んでください`;
    case 'multi': {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every(allowed)) return `${title(item)}は選択肢から選んでください`;
      if (item.exclusive && list.includes(item.exclusive) && list.length > 1) {
        const word = item.choices?.find((c) => c.value === item.exclusive)?.label;
        return `${title(item)}で「${word}」と他の選択肢は同時に選べません`;
      }
      return null;
    }
    case 'check':
      return v === '1' ? null : `${title(item)}の値が正しくありません`;
    case 'date':
      return typeof v === 'string' && isValidIsoDate(v) ? null : `${title(item)}を正しい日付で入力してください`;
    case 'number': {
      const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(n)) return `${title(item)}を数字で入力してください`;
      if (item.min != null && n < item.min)
        return `${title(item)}は${item.min}${item.unit ?? ''}以上で入力してください`;
      if (item.max != null && n > item.max)
        return `${title(item)}は${item.max}${item.unit ?? ''}以下で入力してください`;
      return null;
    }
    default:
      if (typeof v !== 'string') return `${title(item)}の値が正しくありません`;
      return item.maxLength != null && v.length > item.maxLength
        ? `${title(item)}は${item.maxLength}文字以内で入力してください`
        : null;
  }
}

/** The required items left blank, in printed order. */
export function missingItems(form: DocumentForm, values: DocumentValues): DocumentItem[] {
  return itemsOf(form).filter((i) => isRequired(i, values.items) && isBlank(values.items[i.key]));
}

/**
 * The errors of a record: every answered value against its item (a draft may leave items blank), unknown keys, and
 * 特記事項 on items that take none or too long; with `complete`, every required item blank as well.
 */
export function documentErrors(form: DocumentForm, values: DocumentValues, complete: boolean): FieldError[] {
  const items = itemsOf(form);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const errors: FieldError[] = [];
  for (const key of Object.keys(values.items))
    if (!byKey.has(key)) errors.push({ field: key, message: `この様式にない項目です（${key}）` });
  for (const item of items) {
    const message = itemError(item, values.items[item.key]);
    if (message) errors.push({ field: item.key, message });
  }
  for (const [key, note] of Object.entries(values.notes)) {
    const item = byKey.get(key);
    if (!item?.notes) errors.push({ field: `note_${key}`, message: `この項目には特記事項を記入できません（${key}）` });
    else if (note.length > NOTE_MAX_LENGTH)
      errors.push({
        field: `note_${key}`,
        message: `${title(item)}の特記事項は${NOTE_MAX_LENGTH}文字以内で入力してください`,
      });
  }
  if (complete)
    for (const item of missingItems(form, values))
      errors.push({
        field: item.key,
        message:
          item.kind === 'single' || item.kind === 'multi'
            ? `${title(item)}を選んでください`
            : `${title(item)}を入力してください`,
      });
  return errors;
}

/** Share of the required items answered (0–1): the progress shown while a draft is open. */
export function completeness(form: DocumentForm, values: DocumentValues): number {
  const required = itemsOf(form).filter((i) => isRequired(i, values.items));
  if (required.length === 0) return 1;
  return (required.length - missingItems(form, values).length) / required.length;
}

/**
 * A form body as typed (flat: item keys, note_<key>, dates in 和暦 or 西暦) → the record's values: blanks dropped,
 * dates made ISO where they parse (those that do not stay as typed, for the error), a lone multi value made a list.
 */
export function valuesFromBody(form: DocumentForm, body: Readonly<Record<string, unknown>>): DocumentValues {
  const items: Record<string, string | string[]> = {};
  const notes: Record<string, string> = {};
  for (const item of itemsOf(form)) {
    const v = body[item.key];
    if (isBlank(v)) continue;
    if (item.kind === 'multi') items[item.key] = (Array.isArray(v) ? v : [v]).map(String);
    else if (item.kind === 'date') items[item.key] = parseDateInput(String(v)) ?? String(v);
    else items[item.key] = Array.isArray(v) ? String(v[0]) : String(v);
    const note = body[`note_${item.key}`];
    if (item.notes && typeof note === 'string' && note.trim() !== '') notes[item.key] = note;
  }
  return { items, notes };
}

/** The words of a value as the form prints it (choices by their label, lists joined with 、). */
export function valueText(item: DocumentItem, v: string | readonly string[] | undefined): string {
  if (v == null) return '';
  const label = (x: string) => item.choices?.find((c) => c.value === x)?.label ?? x;
  if (item.kind === 'check') return v === '1' ? 'あり' : '';
  return Array.isArray(v) ? v.map(label).join('、') : label(v as string);
}

/** A record's values from their stored JSON (items and notes; a missing part is empty). */
export function parseValues(json: string): DocumentValues {
  const v = JSON.parse(json) as Partial<DocumentValues>;
  return { items: v.items ?? {}, notes: v.notes ?? {} };
}
