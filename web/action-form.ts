/**
 * Zod schemas derived from a domain action table: each text field with its label and bounds, so the web's messages
 * are the workflow's messages. Any action table whose fields are { label, required, max } can use it.
 */
import { z } from 'zod';

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
