import type { z } from 'zod';
import { FieldError, ValidationError } from './errors';

/**
 * Parses a form body with a zod schema whose messages are Japanese; throws ValidationError naming each field.
 * Empty strings become undefined so optional fields stay optional.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const cleaned = clean(body);
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new ValidationError(dedupe(errors));
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, clean(x)]));
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
