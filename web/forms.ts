import type { z } from 'zod';
import { forbiddenCharacter, normaliseDigits, normaliseText, toKatakana } from '../domain/text';
import { FieldError, ValidationError } from './errors';

/** Fields passed through as typed: a password is compared with its hash byte for byte. */
const RAW_FIELDS = new Set(['password', '_csrf']);
/** フリガナ fields by name (kana, personKana, …): ひらがな and half-width カナ become カタカナ. */
const KANA_FIELD = /kana$/i;

/**
 * Parses a form body with a zod schema whose messages are Japanese; throws ValidationError naming each field.
 * Before the schema sees it, every value is normalised as people type it in Japan (NFC, full-width digits made
 * half-width, ひらがな in フリガナ fields made カタカナ), empty strings become undefined so optional fields stay
 * optional, and a value with control, zero-width or bidi characters is refused.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const bad: FieldError[] = [];
  const cleaned = clean(body, [], bad);
  if (bad.length) throw new ValidationError(dedupe(bad));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new ValidationError(dedupe(errors));
}

function clean(v: unknown, path: string[], bad: FieldError[]): unknown {
  const name = path[path.length - 1] ?? '';
  if (typeof v === 'string') {
    if (RAW_FIELDS.has(name)) return v === '' ? undefined : v;
    const forbidden = forbiddenCharacter(v, { multiline: true });
    if (forbidden) {
      bad.push({
        field: path.join('.'),
        message: `使用できない文字（制御文字・ゼロ幅文字など ${forbidden}）が含まれています`,
      });
      return undefined;
    }
    const t = normaliseDigits(normaliseText(v).trim());
    const value = KANA_FIELD.test(name) ? toKatakana(t) : t;
    return value === '' ? undefined : value;
  }
  if (Array.isArray(v)) return v.map((x, i) => clean(x, [...path, String(i)], bad));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, clean(x, [...path, k], bad)]),
    );
  }
  return v;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/** errors as { field: message } for templates. */
export function errorMap(errors: FieldError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}
