/**
 * Post/redirect/get for forms: a rejected POST keeps its input and errors in the session and redirects to the page's
 * GET, which takes them back (once) and renders them. Reloading the page never resubmits, and the address bar shows
 * the form's page, not the POST target. Any page with a form can use it; the 居宅届 pages do.
 */
import type { Request, Response } from 'express';
import type { FieldError } from './errors';

/** A rejected form as kept between the POST and the GET. */
export interface KeptForm {
  /** The page the form belongs to (its GET path); another page does not take it. */
  path: string;
  values: Record<string, unknown>;
  errors: FieldError[];
}

declare module 'express-session' {
  interface SessionData {
    keptForm?: KeptForm;
  }
}

/** Fields never kept: the CSRF token and the requestId (every render gets a fresh one), and passwords (never stored). */
const NOT_KEPT = new Set(['_csrf', 'requestId', 'password', 'current']);

/** After a rejected POST: keep the input and errors and send the browser back to `path` (303 See Other). */
export function redirectWithErrors(req: Request, res: Response, path: string, errors: FieldError[]): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(body).filter(([k]) => !NOT_KEPT.has(k)));
  req.session.keptForm = { path, values, errors };
  res.redirect(303, path);
}

/** On GET: the input and errors kept for this page, once; null when there are none. */
export function takeKeptForm(req: Request): KeptForm | null {
  const kept = req.session.keptForm;
  if (!kept || kept.path !== req.originalUrl.split('?')[0]) return null;
  delete req.session.keptForm;
  return kept;
}
