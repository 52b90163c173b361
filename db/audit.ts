/** The audit log: who did what in the web app. Writes never block the user's action on failure. */
import type { Knex } from 'knex';
import { type Page, pageOf, wherePrefix } from './paging';

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  login_id: string | null;
  action: string;
  target: string | null;
  detail_json: string | null;
  ip: string | null;
}

/**
 * 監査ログ of the insurer's staff (the login's users row, also for failed logins), newest first; `target` matches
 * exactly or as a prefix ending in ':' ("person:" lists every person view).
 */
export async function listAudit(
  db: Knex,
  f: { insurerNo: string; target?: string; page?: number; pageSize?: number },
): Promise<Page<AuditRow>> {
  const q = db('audit_log as a')
    .join('users as u', 'u.login_id', 'a.login_id')
    .where('u.insurer_no', f.insurerNo)
    .select('a.*')
    .orderBy('a.id', 'desc');
  if (f.target) {
    if (f.target.endsWith(':')) wherePrefix(q, 'a.target', f.target);
    else q.where('a.target', f.target);
  }
  return pageOf<AuditRow>(db, q, q, f.page, f.pageSize);
}

export interface AuditEntry {
  userId: number | null;
  loginId: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export async function recordAudit(db: Knex, e: AuditEntry, at = new Date().toISOString()): Promise<void> {
  await db('audit_log').insert({
    at,
    user_id: e.userId,
    login_id: e.loginId,
    action: e.action,
    target: e.target,
    detail_json: e.detail ? JSON.stringify(e.detail) : null,
    ip: e.ip,
  });
}
