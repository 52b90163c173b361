/**
 * Zod schemas derived from a domain action table: each text field with its label and bounds, so the web's messages
 * are the workflow's messages. Any action table whose fields are { label, required, max } can use it.
 */
import { z } from 'zod';
import type { IsoDate } from '../domain/certification/types';
import { DATE_INPUT_EXAMPLE, parseDateInput } from '../domain/dates';

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
