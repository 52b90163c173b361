/**
 * View models of the structured documents (認定調査票, 主治医意見書): the entry form (sections of items with their
 * choices, values, 特記事項 and errors) and the printed layout (each item with its printed words). Which parts are
 * medical (shown only to roles with opinion.medical) is decided here, from the form's sections.
 */
import {
  type DocumentForm,
  type DocumentItem,
  type DocumentValues,
  isRequired,
  valueText,
} from '../../domain/documents/items';
import { formatWareki } from '../../domain/dates';
import type { DocumentCorrectionRow } from '../../db/documents';

/** One choice of an item on the entry form. */
export interface ChoiceView {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

/** One item on the entry form. */
export interface ItemView {
  key: string;
  no: string;
  label: string;
  kind: DocumentItem['kind'];
  radio: boolean;
  multi: boolean;
  check: boolean;
  required: boolean;
  hint: string | null;
  unit: string | null;
  maxLength: number | null;
  value: string;
  checked: boolean;
  choices: ChoiceView[];
  notes: boolean;
  note: string;
  error: string | null;
  noteError: string | null;
  /** text, textarea, date, number items: the label the field partial prints, and its type */
  fieldLabel: string;
  fieldType: string;
}

export interface SectionView {
  key: string;
  title: string;
  hint: string | null;
  items: ItemView[];
  /** required items of the section still blank */
  missing: number;
}

/** Values as a form body keeps them (a rejected form comes back with them): item keys, note_<key>. */
export type FormBody = Readonly<Record<string, unknown>>;

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

/** The entry form's sections from the stored values, or from the body of a rejected POST when there is one. */
export function formSections(
  form: DocumentForm,
  stored: DocumentValues,
  kept: FormBody | null,
  errors: Record<string, string>,
): SectionView[] {
  const value = (key: string): unknown => (kept ? kept[key] : stored.items[key]);
  const note = (key: string): string => (kept ? str(kept[`note_${key}`]) : (stored.notes[key] ?? ''));
  const items = Object.fromEntries(form.sections.flatMap((s) => s.items).map((i) => [i.key, value(i.key)])) as Record<
    string,
    string | string[]
  >;
  return form.sections.map((s) => {
    const views = s.items.map((i): ItemView => {
      const v = value(i.key);
      const chosen = i.kind === 'multi' ? list(v) : [str(v)];
      const required = isRequired(i, items);
      return {
        key: i.key,
        no: i.no,
        label: i.label,
        kind: i.kind,
        radio: i.kind === 'single',
        multi: i.kind === 'multi',
        check: i.kind === 'check',
        required,
        hint: i.hint ?? null,
        unit: i.unit ?? null,
        maxLength: i.maxLength ?? null,
        value: str(v),
        checked: str(v) === '1',
        choices: (i.choices ?? []).map((c, n) => ({
          id: n === 0 ? i.key : `${i.key}-${c.value}`,
          value: c.value,
          label: c.label,
          checked: chosen.includes(c.value),
        })),
        notes: i.notes === true,
        note: note(i.key),
        error: errors[i.key] ?? null,
        noteError: errors[`note_${i.key}`] ?? null,
        fieldLabel: `${i.no ? `${i.no} ` : ''}${i.label}${i.unit ? `（${i.unit}）` : ''}`,
        fieldType: i.kind,
      };
    });
    return {
      key: s.key,
      title: s.title,
      hint: s.hint ?? null,
      items: views,
      missing: views.filter((v) => v.required && v.value === '' && !v.choices.some((c) => c.checked)).length,
    };
  });
}

/** One item as printed. */
export interface PrintedItem {
  key: string;
  no: string;
  label: string;
  text: string;
  note: string | null;
}

export interface PrintedSection {
  title: string;
  items: PrintedItem[];
}

/**
 * The printed layout of a record: every section in order, each item with its printed words (dates in 和暦). `hide`
 * leaves out whole sections (by key) and, with `notes: false`, every 特記事項.
 */
export function printedSections(
  form: DocumentForm,
  values: DocumentValues,
  hide: { sections?: readonly string[]; notes?: boolean } = {},
): PrintedSection[] {
  return form.sections
    .filter((s) => !hide.sections?.includes(s.key))
    .map((s) => ({
      title: s.title,
      items: s.items.map((i) => {
        const v = values.items[i.key];
        const text = i.kind === 'date' && typeof v === 'string' ? formatWareki(v) : valueText(i, v);
        return {
          key: i.key,
          no: i.no,
          label: i.label,
          text: text && i.unit ? `${text}${i.unit}` : text,
          note: hide.notes === false ? null : (values.notes[i.key] ?? null),
        };
      }),
    }));
}

/** 認定調査票 sections that are medical (特別な医療): with the 特記事項, only for roles with opinion.medical. */
export const SURVEY_MEDICAL_SECTIONS: readonly string[] = ['g6'];
/** 主治医意見書: without opinion.medical only who wrote it and when (the 記入者 section) is shown. */
export const OPINION_PUBLIC_SECTIONS: readonly string[] = ['basics'];

/** What the documents page and the paper copy print of a case's records. */
export interface DocumentsContents {
  survey: { values_json: string; form_version: string; completed_at: string | null; version: number } | null;
  opinion: {
    values_json: string;
    form_version: string;
    completed_at: string | null;
    version: number;
    source: string | null;
  } | null;
  board: { careNotes: string | null; serviceTypeRestriction: string | null; metOn: string | null } | null;
  /** 認定調査票の訂正, oldest first */
  surveyCorrections?: readonly DocumentCorrectionRow[];
}

/** One correction as the documents page lists it (訂正履歴). */
export interface CorrectionView {
  version: number;
  item: string;
  before: string;
  after: string;
  reason: string;
  by: string;
  at: string;
}

const stateText = (item: DocumentItem | undefined, json: string, medical: boolean): string => {
  const s = JSON.parse(json) as { value?: string | string[] | null; note?: string | null };
  if (!item) return '';
  const v = s.value ?? undefined;
  const text = (item.kind === 'date' && typeof v === 'string' ? formatWareki(v) : valueText(item, v)) || '（なし）';
  const note = medical && s.note ? `／特記事項: ${s.note}` : '';
  return `${text}${item.unit && v != null ? item.unit : ''}${note}`;
};

/**
 * The 訂正履歴 of a survey: each corrected item with its value (and 特記事項) before and after, the reason, who and
 * when. Without `medical`, corrections of the 特別な医療 are listed without their values and no 特記事項 is shown.
 */
export function correctionsView(
  form: DocumentForm,
  rows: readonly DocumentCorrectionRow[],
  medical: boolean,
): CorrectionView[] {
  const byKey = new Map(
    form.sections.flatMap((sec) => sec.items.map((i) => [i.key, { item: i, section: sec.key }] as const)),
  );
  return rows.map((r) => {
    const found = byKey.get(r.item_key);
    const hidden = !medical && found != null && SURVEY_MEDICAL_SECTIONS.includes(found.section);
    return {
      version: r.version,
      item: found ? `${found.item.no} ${found.item.label}`.trim() : r.item_key,
      before: hidden ? '（医学的な内容）' : stateText(found?.item, r.previous_json, medical),
      after: hidden ? '（医学的な内容）' : stateText(found?.item, r.value_json, medical),
      reason: r.reason,
      by: r.corrected_by,
      at: r.corrected_at,
    };
  });
}

const SOURCE_LABELS: Record<string, string> = {
  paper: '紙の意見書（入力）',
  online: '電子（医療機関から送信）',
  intake: '申請時に持参',
};

/**
 * The printed documents of a case: the 認定調査票, the 主治医意見書 (on the form version it was written on) and the
 * 審査会の意見. `medical` false leaves out the 特記事項, the 特別な医療 and the opinion's medical sections.
 * `include` picks the documents (a paper copy may hold only some).
 */
export function documentsView(
  d: DocumentsContents,
  opts: {
    medical: boolean;
    include?: { survey: boolean; opinion: boolean; board: boolean };
    opinionForm: (id: string) => DocumentForm | null;
    surveyForm: DocumentForm;
  },
) {
  const inc = opts.include ?? { survey: true, opinion: true, board: true };
  const survey =
    inc.survey && d.survey
      ? {
          version: d.survey.version,
          completedAt: d.survey.completed_at,
          sections: printedSections(
            opts.surveyForm,
            parseStored(d.survey.values_json),
            opts.medical ? {} : { sections: SURVEY_MEDICAL_SECTIONS, notes: false },
          ),
        }
      : null;
  const opinionForm = d.opinion ? opts.opinionForm(d.opinion.form_version) : null;
  const opinion =
    inc.opinion && d.opinion && opinionForm
      ? {
          version: d.opinion.version,
          completedAt: d.opinion.completed_at,
          source: d.opinion.source ? (SOURCE_LABELS[d.opinion.source] ?? d.opinion.source) : null,
          sections: printedSections(
            opinionForm,
            parseStored(d.opinion.values_json),
            opts.medical
              ? {}
              : {
                  sections: opinionForm.sections.map((s) => s.key).filter((k) => !OPINION_PUBLIC_SECTIONS.includes(k)),
                },
          ),
        }
      : null;
  return {
    survey,
    surveyCorrections: survey ? correctionsView(opts.surveyForm, d.surveyCorrections ?? [], opts.medical) : [],
    opinion,
    medicalHidden: !opts.medical,
    board: inc.board ? d.board : null,
  };
}

function parseStored(json: string): DocumentValues {
  const v = JSON.parse(json) as Partial<DocumentValues>;
  return { items: v.items ?? {}, notes: v.notes ?? {} };
}
