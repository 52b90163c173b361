/** The audit log: who did what in the web app. Writes never block the user's action on failure. */
import type { Knex } from 'knex';
import { type Page, pageOf } from './paging';

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

/** What the audit log is filtered by; every filter is optional but the insurer. */
export interface AuditFilter {
  insurerNo: string;
  /** ログインID, exactly */
  loginId?: string;
  /** `at` from this instant (ISO, inclusive) … */
  fromAt?: string;
  /** … to this one (ISO, exclusive) */
  toAt?: string;
  action?: string;
  /** 被保険者番号: views of the person and actions on the insurer's cases of the person */
  insuredNo?: string;
}

/**
 * 監査ログ of the insurer's staff (the login's users row, also for failed logins), newest first. `at` is an ISO
 * timestamp in UTC, so the range compares as text.
 */
function filtered(db: Knex, f: AuditFilter): Knex.QueryBuilder {
  const q = db('audit_log as a')
    .join('users as u', 'u.login_id', 'a.login_id')
    .where('u.insurer_no', f.insurerNo)
    .select('a.*')
    .orderBy('a.id', 'desc');
  if (f.loginId) q.where('a.login_id', f.loginId);
  if (f.fromAt) q.where('a.at', '>=', f.fromAt);
  if (f.toAt) q.where('a.at', '<', f.toAt);
  if (f.action) q.where('a.action', f.action);
  if (f.insuredNo) {
    const insuredNo = f.insuredNo;
    const cases = db('cases')
      .where({ insurer_no: f.insurerNo, insured_no: insuredNo })
      .select(db.raw("'case:' || workflow_id"));
    q.where((w) => w.where('a.target', `person:${insuredNo}`).orWhereIn('a.target', cases));
  }
  return q;
}

/** One page of the filtered log. */
export async function listAudit(
  db: Knex,
  f: AuditFilter & { page?: number; pageSize?: number },
): Promise<Page<AuditRow>> {
  const q = filtered(db, f);
  return pageOf<AuditRow>(db, q, q, f.page, f.pageSize);
}

/** The filtered log for a CSV, newest first, at most `limit` rows. */
export async function exportAudit(db: Knex, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  return (await filtered(db, f).limit(limit)) as AuditRow[];
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
