/**
 * Zod schemas derived from a domain action table: each text field with its label and bounds, so the web's messages
 * are the workflow's messages. Any action table whose fields are { label, required, max } can use it.
 */
import { z } from 'zod';
import type { IsoDate } from '../domain/certification/types';
import { DATE_INPUT_EXAMPLE, parseDateInput } from '../domain/dates';
import { fieldMessage, type ActionField } from '../domain/certification/actions';
import type { FieldError } from '../domain/certification/intake';

/** A free-text field as an action table declares it. */
export interface TextFieldSpec {
  readonly label: string;
  readonly required: boolean;
  readonly max: number;
}

type TextSchema<F extends TextFieldSpec> = F['required'] extends true ? z.ZodString : z.ZodOptional<z.ZodString>;

/** The zod schema of one text field: "…を入力してください" when required and empty, "…は N文字以内で…" over the bound. */
export function textField<F extends TextFieldSpec>(f: F): TextSchema<F> {
  const base = z
    .string({ error: `${f.label}を入力してください` })
    .max(f.max, `${f.label}は${f.max}文字以内で入力してください`);
  return (f.required ? base : base.optional()) as TextSchema<F>;
}

/** The requestId every action form carries (the Update ID, so a double click performs the action once). */
export const requestIdField = z
  .string({ error: '画面を開き直してから操作してください' })
  .max(64, '画面を開き直してから操作してください');

/** An action's form: its requestId and its fields. */
export function actionFormSchema<F extends Readonly<Record<string, TextFieldSpec>>>(fields: F) {
  const shape = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, textField(f)])) as {
    [K in keyof F]: TextSchema<F[K]>;
  };
  return z.object({ requestId: requestIdField, ...shape });
}

/**
 * A date field as people type it (2026-12-04, R8.12.4, 令和8年12月4日; parseDateInput), turned into an IsoDate. The
 * inputs are plain text because a native date picker cannot take 和暦.
 */
export function dateField(label: string, example = DATE_INPUT_EXAMPLE) {
  return z.string({ error: `${label}を入力してください` }).transform((s, ctx): IsoDate => {
    const iso = parseDateInput(s);
    if (iso) return iso;
    ctx.addIssue({ code: 'custom', message: `${label}を正しい日付（${example}）で入力してください` });
    return z.NEVER;
  });
}

/** The zod type of one field: form strings parsed to the action's types, with the table's bounds and messages. */
export function fieldSchema(f: ActionField): z.ZodType {
  const error = fieldMessage.required(f);
  let t: z.ZodType;
  switch (f.type) {
    case 'date':
      // Same messages as fieldMessage.required / fieldMessage.date, and 和暦 input becomes an IsoDate.
      t = dateField(f.label);
      break;
    case 'number': {
      let n = z.coerce.number({ error: fieldMessage.number(f) });
      if (f.integer) n = n.int(fieldMessage.integer(f));
      if (f.min != null) n = n.min(f.min, fieldMessage.min(f));
      if (f.max != null) n = n.max(f.max, fieldMessage.max(f));
      t = n;
      break;
    }
    case 'select':
      t = z.enum(f.options!.map((o) => o.value) as [string, ...string[]], { error });
      break;
    case 'checkbox':
      return z
        .literal('on')
        .optional()
        .transform((v) => v === 'on');
    default: {
      let x = z.string({ error });
      if (f.maxLength != null) x = x.max(f.maxLength, fieldMessage.maxLength(f));
      if (f.pattern) x = x.regex(f.pattern.regex, f.pattern.message);
      t = x;
    }
  }
  return f.required ? t : t.optional();
}

/** A form's schema from a domain table of fields, with the table's checks across fields. */
export function tableSchema(fields: readonly ActionField[], crossCheck?: (v: Record<string, unknown>) => FieldError[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)]))).superRefine((v, ctx) => {
    for (const e of crossCheck?.(v) ?? []) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
  });
}
