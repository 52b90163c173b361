/**
 * 監査ログ (/audit): who did what, newest first, filtered by ログインID, period (和暦 or 西暦), action and person
 * (被保険者番号: views of the person and actions on the person's cases); paged, and exportable as CSV (audit-csv.ts).
 * A GET form: a bad filter is shown with its message on the page itself, no redirect needed.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../../domain/audit';
import { parseDateInput } from '../../../domain/dates';
import { INSURED_NUMBER_MESSAGE, isInsuredNumber } from '../../../domain/people/identifiers';
import { ValidationError } from '../../errors';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import type { AuditQuery } from '../../services/audit';
import { pageParam, pager } from '../../views/common';

const dateField = (label: string) =>
  z
    .string()
    .max(30, `${label}を正しい日付（例 令和8年12月4日、R8.12.4、2026-12-04）で入力してください`)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const d = parseDateInput(v);
      if (d) return d;
      ctx.addIssue({
        code: 'custom',
        message: `${label}を正しい日付（例 令和8年12月4日、R8.12.4、2026-12-04）で入力してください`,
      });
      return z.NEVER;
    });

/** The filters of the audit log, as the query string carries them. */
export const auditQuerySchema = z
  .object({
    user: z.string().max(64, 'ログインIDは64文字以内で入力してください').optional(),
    from: dateField('期間の開始日'),
    to: dateField('期間の終了日'),
    action: z
      .string()
      .refine((a) => auditActionLabel(a) !== null, '操作を一覧から選んでください')
      .optional(),
    person: z.string().refine(isInsuredNumber, INSURED_NUMBER_MESSAGE).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '期間の終了日が開始日より前です' });

/** The filters as the service takes them; throws ValidationError naming the field. */
export function parseAuditQuery(query: unknown): AuditQuery {
  const q = parseForm(auditQuerySchema, pickStrings(query));
  return { loginId: q.user, from: q.from, to: q.to, action: q.action, insuredNo: q.person };
}

/** The query string's filter values as strings (repeated or nested parameters are ignored). */
function pickStrings(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['user', 'from', 'to', 'action', 'person']) {
    const v = (query as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The query string of a filter, to carry it into the pager and the CSV link. */
function filterParams(q: AuditQuery): Record<string, string | undefined> {
  return { user: q.loginId, from: q.from, to: q.to, action: q.action, person: q.insuredNo };
}

/** A path with the filter's non-empty parameters. */
function withQuery(path: string, params: Record<string, string | undefined>): string {
  const sp = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return sp.size ? `${path}?${sp}` : path;
}

/** An audit row's target as people read it, with a link where there is a page for it. */
function targetView(target: string | null): { targetText: string; targetHref?: string } {
  if (!target) return { targetText: '' };
  const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  if (kind === 'person') return { targetText: `被保険者 ${id}`, targetHref: `/audit?person=${encodeURIComponent(id)}` };
  if (kind === 'case') return { targetText: `案件 ${id}`, targetHref: `/cases/${encodeURIComponent(id)}` };
  if (kind === 'user') return { targetText: `ログインID ${id}`, targetHref: `/audit?user=${encodeURIComponent(id)}` };
  return { targetText: target };
}

/** GET /audit. */
export function auditPage(services: Services) {
  return async (req: Request, res: Response) => {
    const values = pickStrings(req.query);
    const actions = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === values.action,
    }));
    const view = { title: '監査ログ', actions, values };
    let query: AuditQuery;
    try {
      query = parseAuditQuery(req.query);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render('supervisor/audit', { ...view, errors: err.errors, fieldErrors: errorMap(err.errors) });
      return;
    }
    const page = await services.audit.page(actorOf(req), { ...query, page: pageParam(req) });
    const params = filterParams(query);
    res.render('supervisor/audit', {
      ...view,
      rows: page.rows.map((r) => ({
        ...r,
        actionLabel: auditActionLabel(r.action) ?? r.action,
        ...targetView(r.target),
      })),
      pager: pager(page, '/audit', params),
      csvHref: withQuery('/audit.csv', params),
      // The dates as read, in 和暦 beside the inputs, so a mistyped era shows at once.
      period: { from: query.from, to: query.to },
    });
  };
}
