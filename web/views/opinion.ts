/** View models of a 主治医意見書 record: the form to fill in (by section, each item with its value and error) and the record as read. */
import type { DocumentForm, DocumentValues } from '../../domain/documents/items';
import { itemsOf, valueText } from '../../domain/documents/items';
import { formatWareki, isValidIsoDate } from '../../domain/dates';

type Raw = Readonly<Record<string, unknown>>;

const inputType = (kind: string) =>
  kind === 'textarea' ? 'textarea' : kind === 'date' ? 'date' : kind === 'number' ? 'number' : 'text';

/**
 * The form's sections with every item ready for the field, radios and checkbox partials. `typed` (a rejected POST's
 * body) wins over the stored values, so a rejected form comes back as typed.
 */
export function opinionFormView(
  form: DocumentForm,
  values: DocumentValues,
  typed: Raw | null,
  errors: Readonly<Record<string, string>> = {},
) {
  return form.sections.map((s) => ({
    key: s.key,
    title: s.title,
    items: s.items.map((i) => {
      const raw = typed ? typed[i.key] : values.items[i.key];
      const list = raw == null ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
      const id = `op_${i.key}`;
      const label = i.no ? `${i.no} ${i.label}` : i.label;
      return {
        id,
        name: i.key,
        label,
        kind: i.kind,
        type: inputType(i.kind),
        required: i.required,
        hint: [i.hint, i.unit ? `単位: ${i.unit}` : null].filter(Boolean).join(' ') || undefined,
        maxlength: i.maxLength,
        error: errors[i.key],
        value: i.kind === 'multi' ? undefined : (list[0] ?? ''),
        options: (i.choices ?? []).map((c, n) => ({
          ...c,
          id: n === 0 ? id : `${id}_${c.value}`,
          checked: list.includes(c.value),
        })),
      };
    }),
  }));
}

/** The record as read (only answered items), by section, with each value in the form's words. */
export function opinionRecordView(form: DocumentForm, values: DocumentValues) {
  return form.sections
    .map((s) => ({
      title: s.title,
      items: s.items
        .filter((i) => values.items[i.key] != null)
        .map((i) => {
          const v = values.items[i.key];
          // dates as offices read them (和暦); the rest in the form's words
          const text =
            i.kind === 'date' && typeof v === 'string' && isValidIsoDate(v) ? formatWareki(v) : valueText(i, v);
          return { label: i.no ? `${i.no} ${i.label}` : i.label, text: i.unit && text ? `${text} ${i.unit}` : text };
        }),
    }))
    .filter((s) => s.items.length > 0);
}

/** A field error's key, as the form's ids name it (so the error summary links land on the control). */
export function opinionErrorsForSummary(form: DocumentForm, errors: { field: string; message: string }[]) {
  const keys = new Set(itemsOf(form).map((i) => i.key));
  return errors.map((e) => ({ field: keys.has(e.field) ? `op_${e.field}` : e.field, message: e.message }));
}
