/** Small view-model helpers shared by the back-office pages: today, due-date state, pagers, query parsing. */
import type { Request } from 'express';
import type { Page } from '../../db/paging';
import type { IsoDate, SlaState } from '../../domain/certification/types';
import { daysBetween } from '../../domain/dates';
import { NotFoundError } from '../errors';

/** Days before a due date from which a task counts as 要注意. */
const DUE_SOON_DAYS = 2;

/** 期限の状態 of a task: past its due date 超過, due within two days 要注意, else 順調; none without a date. */
export function dueState(dueOn: IsoDate | null | undefined, on: IsoDate): SlaState | null {
  if (!dueOn) return null;
  const left = daysBetween(on, dueOn);
  if (left < 0) return 'breached';
  if (left <= DUE_SOON_DAYS) return 'at_risk';
  return 'on_track';
}

/** A query-string value as a trimmed string (arrays and objects ignored). */
export function qs(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A positive page number from ?page= (or another parameter, for a page with two lists; 1 when absent or bad). */
export function pageParam(req: Request, name = 'page'): number {
  const n = Number(qs(req, name) ?? '1');
  return Number.isInteger(n) && n > 0 ? Math.min(n, 100000) : 1;
}

/**
 * Pager links that keep the current filters. A page with two lists pages each with its own parameter (`pageName`,
 * kept in `params` for the other list) and jumps back to the list (`anchor`).
 */
export function pager<T>(
  page: Page<T>,
  basePath: string,
  params: Record<string, string | undefined>,
  opts: { pageName?: string; anchor?: string } = {},
) {
  const pageName = opts.pageName ?? 'page';
  const href = (p: number) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== pageName) sp.set(k, v);
    if (p > 1) sp.set(pageName, String(p));
    const s = sp.toString();
    return `${s ? `${basePath}?${s}` : basePath}${opts.anchor ? `#${opts.anchor}` : ''}`;
  };
  return {
    total: page.total,
    totalCapped: page.totalCapped,
    page: page.page,
    pages: page.pages,
    from: page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1,
    to: Math.min(page.total, page.page * page.pageSize),
    prev: page.page > 1 ? href(page.page - 1) : null,
    next: page.page < page.pages ? href(page.page + 1) : null,
  };
}

/** Throws 404 when a row is missing. */
export function found<T>(row: T | undefined | null, message = '指定されたデータが見つかりません'): T {
  if (row == null) throw new NotFoundError(message);
  return row;
}

/** Parses a JSON column, or {} when empty or broken. */
export function parseJson(s: string | null | undefined): Record<string, unknown> {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
